/**
 * The IPC contract between the renderer and the main process, after trezor-suite's suite-desktop-api:
 * every channel is declared once here, as `'domain/verb'` → the zod schema of its request and the zod
 * schema of its reply's value. The preload's API type ({@link JointKeyApi}) and the handlers' type
 * ({@link Handlers}) are derived from this map, so a channel cannot be half-added.
 *
 * Every reply is a {@link Result}: `{ ok: true, value }` or `{ ok: false, code, message }`; nothing
 * throws across the bridge. What crosses: wallet records' public data, progress, plain-words
 * descriptions and public results (signatures, signed transactions). No key and no child key ever
 * travels from main to the renderer; a child key travels only from the renderer to main, when a holder
 * enters it (`session/add-child-key`).
 *
 * This module has no Node or Electron imports: the renderer imports its types, main and the tests its
 * schemas.
 */
import { z } from 'zod';
import type { ErrorCode } from '../core/errors.js';

// ---- Building blocks -------------------------------------------------------------------------

/** A wallet's id: its set id, 16 bytes as 32 lowercase hex digits (as `wallets/list` gives it). */
const walletId = z.string().regex(/^[0-9a-f]{32}$/);
/** A signing session's id, made by main (a random UUID). */
const sessionId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
/** A whole number of wei (or gas) as decimal digits: bigints travel as strings. Below 2^256. */
const uint256 = z
  .string()
  .max(78)
  .refine((s) => /^(0|[1-9]\d*)$/.test(s) && BigInt(s) < 1n << 256n);
const holder = z.object({ index: z.number().int(), label: z.string() });

/** A keychain entry's id: `<set id hex>/<holder index>`. */
const keychainId = z.string().regex(/^[0-9a-f]{32}\/[1-9][0-9]{0,2}$/);
/** A file path the renderer names (main reads it; nothing of it is sent back but its verdict). */
const filePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'));
/** A holder's passphrase for an encrypted (age) child-key file; ignored for a plain file. */
const passphrase = z.string().min(1).max(1024);

/** The longest child key's text form the app takes typed or pasted (files may be larger). */
export const MAX_CHILD_KEY_TEXT = 256 * 1024;
/** The longest message the app signs, in characters of its text or hex form. */
export const MAX_MESSAGE_CHARS = 1024 * 1024;

/** A holder's child key, as they enter it: its one-line text form, its file (and passphrase), or its keychain entry. */
const childKeyInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string().min(1).max(MAX_CHILD_KEY_TEXT) }),
  z.strictObject({ kind: z.literal('file'), path: filePath, passphrase: passphrase.optional() }),
  /** A child key this computer's keychain holds (main reads it; it never passes through the renderer). */
  z.strictObject({ kind: z.literal('keychain'), id: keychainId }),
]);

/**
 * A Bitcoin transaction to sign: the PSBT file the person chose (main reads it when it is described,
 * and signs exactly what it read then), the network they mean, and whether they accept a fee above
 * the sanity bound.
 */
const bitcoinPsbtRequest = z.strictObject({
  kind: z.literal('bitcoin-psbt'),
  path: filePath,
  network: z.enum(['mainnet', 'testnet', 'signet', 'regtest']).optional(),
  acceptHighFee: z.boolean().optional(),
});
/** A signed PSBT (base64), the inputs this wallet signed, and the raw transaction when every input is signed. */
const bitcoinPsbtResult = z.object({
  kind: z.literal('bitcoin-psbt'),
  psbtBase64: z.string(),
  signedInputs: z.array(z.number().int()),
  complete: z.boolean(),
  txHex: z.string().optional(),
});
/** A secp256k1 wallet's output descriptors (BIP-380 checksums), for a watch-only wallet. */
const bitcoinDescriptors = z.object({ wpkh: z.string().optional(), tr: z.string() });

/** An Ethereum transaction's fields besides its recipient, value and data. */
const ethTxFields = {
  chainId: z
    .number()
    .int()
    .min(1)
    .max(2 ** 48 - 1),
  nonce: z
    .number()
    .int()
    .min(0)
    .max(2 ** 48 - 1),
  gas: uint256,
  maxFeePerGasWei: uint256,
  maxPriorityFeePerGasWei: uint256,
};
const ethAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
/** The most characters of an ERC-20 amount as typed ("250.5"). */
export const MAX_TOKEN_AMOUNT_CHARS = 100;
/** The longest EIP-712 typed-data document the app takes, in characters of JSON. */
export const MAX_TYPED_DATA_CHARS = 256 * 1024;

/**
 * An ERC-20 transfer or approval composed by main: the token contract, the recipient or spender,
 * the amount as typed in the token's units, and its decimals and symbol as entered — or, both left
 * out, read from the Ethereum node set in Settings.
 */
const ethErc20Request = z.strictObject({
  kind: z.literal('eth-erc20'),
  tx: z.strictObject(ethTxFields),
  token: ethAddress,
  action: z.enum(['transfer', 'approve']),
  to: ethAddress,
  amount: z.string().min(1).max(MAX_TOKEN_AMOUNT_CHARS),
  decimals: z.number().int().min(0).max(77).optional(),
  symbol: z.string().min(1).max(32).optional(),
});
/**
 * A contract call: its data decoded by the ABI file chosen (main reads it), or — with nothing to
 * decode it — signed only when the holders accept signing blind.
 */
const ethCallRequest = z.strictObject({
  kind: z.literal('eth-call'),
  tx: z.strictObject({
    ...ethTxFields,
    to: ethAddress,
    valueWei: uint256,
    data: z
      .string()
      .regex(/^0x([0-9a-fA-F]{2})+$/)
      .max(2 + 2 * 128 * 1024),
  }),
  abiPath: filePath.optional(),
  acceptBlind: z.boolean().optional(),
});
/** An EIP-191 personal message (personal_sign), as text or hex. */
const ethPersonalRequest = z.strictObject({
  kind: z.literal('eth-personal'),
  encoding: z.enum(['utf8', 'hex']),
  message: z.string().min(1).max(MAX_MESSAGE_CHARS),
});
/** EIP-712 typed data (eth_signTypedData_v4): the JSON document {domain, types, primaryType, message}. */
const ethTypedDataRequest = z.strictObject({
  kind: z.literal('eth-typed-data'),
  json: z.string().min(2).max(MAX_TYPED_DATA_CHARS),
});

/** A Solana address or blockhash: base58 (no 0, O, I or l) of 32 bytes, 32 to 44 characters; main checks its bytes. */
const base58Of32 = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
/** The most characters of a SOL amount as typed ("1.5"). */
export const MAX_SOL_AMOUNT_CHARS = 100;
/**
 * A SOL transfer from the wallet's own address (never one the renderer names): the recipient, the
 * amount in SOL as typed (main reads it to the lamport, at most 9 decimals, more than 0), and a
 * recent blockhash of the network to send on.
 */
const solTransferRequest = z.strictObject({
  kind: z.literal('sol-transfer'),
  to: base58Of32,
  amount: z.string().min(1).max(MAX_SOL_AMOUNT_CHARS),
  recentBlockhash: base58Of32,
});
/** A signed Solana transfer: the wire transaction (base64 and base58), its signature (the transaction id, base58), the sender. */
const solTransferResult = z.object({
  kind: z.literal('sol-transfer'),
  transactionBase64: z.string(),
  transactionBase58: z.string(),
  signature: z.string(),
  from: z.string(),
});

/** What the holders are asked to sign. */
const signRequest = z.discriminatedUnion('kind', [
  bitcoinPsbtRequest,
  solTransferRequest,
  ethErc20Request,
  ethCallRequest,
  ethPersonalRequest,
  ethTypedDataRequest,
  z.strictObject({
    kind: z.literal('message'),
    algo: z.enum(['ecdsa-sha256', 'bip340', 'ed25519']),
    encoding: z.enum(['utf8', 'hex']),
    message: z.string().min(1).max(MAX_MESSAGE_CHARS),
  }),
  z.strictObject({
    kind: z.literal('eth-transfer'),
    tx: z.strictObject({
      chainId: z
        .number()
        .int()
        .min(1)
        .max(2 ** 48 - 1),
      nonce: z
        .number()
        .int()
        .min(0)
        .max(2 ** 48 - 1),
      to: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
      valueWei: uint256,
      gas: uint256,
      maxFeePerGasWei: uint256,
      maxPriorityFeePerGasWei: uint256,
      data: z
        .string()
        .regex(/^0x([0-9a-fA-F]{2})*$/)
        .max(2 + 2 * 128 * 1024),
    }),
  }),
]);

/** A wallet as the renderer sees it: public data only. */
const walletSummary = z.object({
  id: walletId,
  label: z.string(),
  curve: z.enum(['secp256k1', 'ed25519']).nullable(),
  /** Public key (curve key) or the secret's fingerprint, hex. */
  publicKey: z.string(),
  addresses: z.record(z.string(), z.string()),
  scheme: z.string(),
  parties: z.number().int(),
  threshold: z.number().int(),
  holders: z.array(z.string()),
  createdAt: z.string(),
  /** How its holders' child keys are typed: groups (jk1-…) or numbered words (its kind's). */
  wordsLayout: z.enum(['groups', 'words']),
  /** How the wallet's child keys are called on its card, and where else they restore ("SLIP-39 recovery words · Recoverable in any SLIP-39 wallet (Trezor, Keystone…)"). */
  kindLabel: z.string(),
  /** A secp256k1 wallet's Bitcoin output descriptors. */
  descriptors: bitcoinDescriptors.optional(),
  /** Only in `wallets/list`: this set was replaced by a rekey or refresh (the new set's id, when, how). */
  replaced: z.object({ by: walletId, at: z.string(), how: z.enum(['rekeyed', 'refreshed']) }).optional(),
});

/** One entry of a wallet's record of use, in plain words (public data only). */
const logEntryWords = z.object({
  seq: z.number().int(),
  /** ISO date. */
  at: z.string(),
  event: z.enum(['created', 'receipt', 'rekeyed', 'refreshed', 'checked', 'signed', 'broadcast']),
  /** "Signed", "Bob checked their child key alone"… */
  title: z.string(),
  /** Who took part and how they entered their child key: "Alice (typed)", "Carol (from a file)". */
  who: z.array(z.string()),
  /** What was signed (its description's lines), or the event's details. */
  lines: z.array(z.string()),
  hash: z.string(),
  prev: z.string(),
});

const progress = z.object({
  have: z.number().int(),
  need: z.number().int(),
  entered: z.array(holder),
  missing: z.array(holder),
  ready: z.boolean(),
  /** "2 of 3 — still missing: Carol" */
  summary: z.string(),
});

/** The verdict on the child key just entered: taken (and whose it is), or refused with what to do next. */
const verdict = z.discriminatedUnion('accepted', [
  z.object({ accepted: z.literal(true), holder }),
  z.object({ accepted: z.literal(false), code: z.string(), message: z.string() }),
]);

const signResult = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    algo: z.enum(['ecdsa-sha256', 'bip340', 'ed25519']),
    publicKeyHex: z.string(),
    signatureHex: z.string(),
  }),
  z.object({ kind: z.literal('eth-transfer'), rawTx: z.string(), hash: z.string(), from: z.string() }),
  /** A signed Ethereum message (personal or typed data): 65 bytes r‖s‖v, its signer, the hash signed. */
  z.object({ kind: z.literal('eth-message'), signature: z.string(), address: z.string(), digest: z.string() }),
  bitcoinPsbtResult,
  solTransferResult,
]);

/** A keychain entry, by its labels: never the child key. */
const keychainEntry = z.object({
  id: z.string(),
  setId: z.string(),
  index: z.number().int(),
  wallet: z.string().nullable(),
  holder: z.string().nullable(),
  /** Why the entry could not be read as a child key (changed outside JointKey), if it could not. */
  problem: z.string().optional(),
});

// ---- The split ceremony (Create a shared wallet) ------------------------------------------------

/** A split ceremony's id, made by main (a random UUID). */
const ceremonyId = sessionId;
/** A holder's index in their wallet: 1 to 255. */
const holderIndex = z.number().int().min(1).max(255);
const curveId = z.enum(['secp256k1', 'ed25519']);

/**
 * Where the wallet's key comes from: a new one made in main, or an existing one. An imported key
 * crosses from the renderer to main once, as a holder types or names it; its source is only read.
 */
const keySource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('generate'), curve: curveId }),
  z.strictObject({ kind: z.literal('hex'), hex: z.string().min(1).max(200), curve: curveId }),
  z.strictObject({ kind: z.literal('wif'), wif: z.string().min(1).max(200) }),
  /** A file holding the key as hex (or a WIF): main reads it, never changes it. */
  z.strictObject({ kind: z.literal('key-file'), path: filePath, curve: curveId }),
  z.strictObject({
    kind: z.literal('mnemonic'),
    phrase: z.string().min(1).max(1000),
    path: z.string().min(1).max(200),
    passphrase: passphrase.optional(),
  }),
  z.strictObject({ kind: z.literal('keystore'), path: filePath, password: passphrase }),
]);

/** "2 of 3 holders have confirmed — waiting for Carol" */
const ceremonyProgress = z.object({
  confirmed: z.number().int(),
  parties: z.number().int(),
  waiting: z.array(holder),
  complete: z.boolean(),
  summary: z.string(),
});

/** How a holder proves they have their child key: their file re-opened with their passphrase, or their words re-typed. */
const receiptProof = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: filePath, passphrase: passphrase.optional() }),
  z.strictObject({ kind: z.literal('words'), text: z.string().min(1).max(MAX_CHILD_KEY_TEXT) }),
]);

const receipt = z.object({
  index: z.number().int(),
  holder: z.string(),
  method: z.enum(['file', 'words']),
  confirmedAt: z.string(),
});

const writtenFile = z.object({ path: z.string(), name: z.string() });
/** A file main offered to delete (a paper backup written, a plaintext file left): a random id main made, 32 hex digits. */
const offeredFileId = z.string().regex(/^[0-9a-f]{32}$/);

const nothing = z.strictObject({});

// ---- FROST signing across computers (two rounds by file) -----------------------------------------

/** A FROST request's sha256 (as its commitments and shares carry it), 64 hex digits. */
const frostRequestHash = z.string().regex(/^[0-9a-f]{64}$/);
/** The FROST files a person chose (commitments, shares): one per signer. */
const frostFiles = z.array(filePath).min(1).max(255);
/** What a FROST request signs: a message (text or hex) or a PSBT file's Taproot inputs of the wallet. */
const frostWhat = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('message'),
    encoding: z.enum(['utf8', 'hex']),
    message: z.string().min(1).max(MAX_MESSAGE_CHARS),
  }),
  bitcoinPsbtRequest,
]);
/** A FROST request as any holder's JointKey reads it: public only — what is signed, the wallet, the signers. */
const frostRequestSummary = z.object({
  requestId: z.string(),
  requestHash: frostRequestHash,
  kind: z.enum(['message', 'bitcoin-psbt']),
  createdAt: z.string(),
  wallet: z.object({
    id: z.string(),
    label: z.string(),
    algo: z.enum(['bip340', 'ed25519']),
    threshold: z.number().int(),
    holders: z.array(z.string()),
  }),
  whatIsSigned: z.array(z.string()),
  signers: z.array(holder),
});
/** A file main wrote where the person chose in main's save dialog; null when they cancelled (nothing was done). */
const savedFile = z.object({ path: z.string().nullable() });

// ---- The channels ----------------------------------------------------------------------------

/** A split ceremony just opened (a new wallet's, or a rekey's): public data only. */
const ceremonyStarted = z.object({
  ceremonyId,
  walletId,
  walletLabel: z.string(),
  curve: curveId,
  publicKey: z.string(),
  origin: z.enum(['generated', 'imported']),
  scheme: z.string(),
  threshold: z.number().int(),
  parties: z.number().int(),
  holders: z.array(holder),
  addresses: z.record(z.string(), z.string()),
  depositsAllowed: z.boolean(),
  /** Where the holders' files go unless they choose another folder. */
  defaultFolder: z.string(),
  progress: ceremonyProgress,
  /** The wallet kind's: words shown and typed as groups (jk1-…) or as numbered words; a paper backup or not. */
  wordsLayout: z.enum(['groups', 'words']),
  paperBackup: z.boolean(),
});

/** Every channel, once. A new one (ceremony/…, keychain/…) is added here when its main-process code exists. */
export const CONTRACT = {
  /** The wallet records in the app's data folder; a damaged record is listed with what to do, not hidden. */
  'wallets/list': {
    request: nothing,
    response: z.object({
      folder: z.string(),
      wallets: z.array(walletSummary),
      damaged: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })),
    }),
  },
  /**
   * A wallet's record of use, in plain words, after verifying its chain: each entry's date, event,
   * who (holders and how they entered their child keys), what was signed, its hash and the one
   * before; every fault named (`problems`) with what to do (`advice`); each holder's last check and
   * who has not checked within the period set in Settings (`overdue`).
   */
  'wallets/log': {
    request: z.strictObject({ walletId }),
    response: z.object({
      walletId,
      label: z.string(),
      /** True when the chain verifies: every entry there, unedited, in order. */
      ok: z.boolean(),
      /** Where the record is kept (its folder). */
      folder: z.string(),
      entries: z.array(logEntryWords),
      problems: z.array(z.object({ seq: z.number().int(), problem: z.string(), message: z.string() })),
      /** A broken record's refusal, naming its first fault and what to do; null when whole. */
      advice: z.string().nullable(),
      lastChecked: z.array(holder.extend({ at: z.string().nullable() })),
      checkEveryMonths: z.number().int(),
      /** The holders not checked within `checkEveryMonths` (labels). */
      overdue: z.array(z.string()),
    }),
  },
  /**
   * A holder checks their own child key alone — no quorum — against the wallet's record, and the
   * check is added to its record of use. A keychain entry is used only once confirmed in main's own
   * dialog. A child key the check refuses (another wallet's, a changed one) is not a failed call: the
   * reply says so, with what to do.
   */
  'wallets/check-alone': {
    request: z.strictObject({ walletId, childKey: childKeyInput }),
    response: z.discriminatedUnion('intact', [
      z.object({
        intact: z.literal(true),
        /** "Your child key for Family savings is intact (holder 2 of 3, Bob)." */
        summary: z.string(),
        holder,
        checked: z.array(z.string()),
        note: z.string().optional(),
        at: z.string(),
        /** Why the check could not be recorded (a broken record of use), or absent when it was. */
        logError: z.string().optional(),
      }),
      z.object({ intact: z.literal(false), code: z.string(), message: z.string() }),
    ]),
  },
  /** Opens a joint signing session on a wallet. */
  'session/open': {
    /** `purpose: 'rekey'`: the child keys are for a rekey or refresh (main's keychain dialog says so). */
    request: z.strictObject({ walletId, purpose: z.enum(['sign', 'rekey']).optional() }),
    response: z.object({ sessionId, wallet: walletSummary, progress }),
  },
  /**
   * One holder enters their child key. A child key the session refuses (another wallet, a typo, a
   * duplicate, an unreadable file) is not a failed call: the reply is the progress and the verdict.
   */
  'session/add-child-key': {
    request: z.strictObject({ sessionId, childKey: childKeyInput }),
    response: z.object({ progress, last: verdict }),
  },
  /**
   * Says in plain words what will be signed, and fixes it for the session: `session/sign` signs
   * exactly this. It can be changed only until the first child key is entered.
   */
  'session/describe': {
    request: z.strictObject({ sessionId, request: signRequest }),
    response: z.object({
      kind: z.enum([
        'message',
        'eth-transfer',
        'eth-erc20',
        'eth-call',
        'eth-personal',
        'eth-typed-data',
        'bitcoin-psbt',
        'sol-transfer',
      ]),
      lines: z.array(z.string()),
    }),
  },
  /** Restores the key, signs what was described, wipes the key and the child keys, and ends the session. */
  'session/sign': {
    request: z.strictObject({ sessionId }),
    response: signResult,
  },
  /** Ends a session and wipes the child keys entered. Closing an unknown or ended session is fine. */
  'session/close': {
    request: z.strictObject({ sessionId }),
    response: z.object({ closed: z.literal(true) }),
  },
  /**
   * A health check: with the child keys entered in a session, restores the key, checks it gives the
   * wallet's public key, signs nothing, wipes it, and ends the session.
   */
  'health/check': {
    request: z.strictObject({ sessionId }),
    response: z.object({ ok: z.literal(true), publicKeyHex: z.string(), summary: z.string() }),
  },
  /**
   * A rekey or refresh, from a session opened with `purpose: 'rekey'` holding a quorum of the current
   * child keys: main restores the key, checks it, splits it anew for the new set (each option left
   * out is the old set's: all left out is a refresh) and opens a ceremony — then the same hand-off,
   * receipts and `ceremony/finish` as a new wallet; only then is the new record written and the old
   * one marked superseded. The session ends (its child keys wiped) once the key was borrowed.
   */
  'session/rekey': {
    request: z.strictObject({
      sessionId,
      walletLabel: z.string().max(200).optional(),
      holders: z.array(z.string().min(1).max(200)).min(2).max(255).optional(),
      scheme: z.enum(['xor', 'additive', 'shamir', 'gf256', 'slip39']).optional(),
      threshold: z.number().int().min(2).max(255).optional(),
    }),
    response: ceremonyStarted.extend({ previousSetId: walletId, how: z.enum(['rekeyed', 'refreshed']) }),
  },
  /** The JointKey child keys this computer's keychain holds, by wallet and holder labels only. */
  'keychain/list': {
    request: nothing,
    response: z.object({ entries: z.array(keychainEntry) }),
  },
  /**
   * A holder keeps their child key in this computer's keychain: main reads the file (decrypting it
   * with the passphrase if it is encrypted), checks it against its set, and stores it. Never replaces
   * an entry.
   */
  'keychain/import': {
    request: z.strictObject({ path: filePath, passphrase: passphrase.optional() }),
    response: z.object({ entry: keychainEntry }),
  },
  /** Removes a child key from this computer's keychain. */
  'keychain/remove': {
    request: z.strictObject({ id: keychainId }),
    response: z.object({ removed: z.literal(true) }),
  },
  // ---- Import, joint signing, health check: what their screens need -------------------------
  /** Asks the person to choose a child-key file, a PSBT to sign, or a FROST request, commitment or share file (the sandboxed renderer cannot): its path, or null if they cancelled. */
  'dialog/open-file': {
    request: z.strictObject({
      purpose: z.enum(['child-key', 'psbt', 'abi', 'frost-request', 'frost-commitment', 'frost-share']),
    }),
    response: z.object({ path: z.string().nullable() }),
  },
  /**
   * Before storing: whose child key a file holds — wallet and holder labels, index, the rule — and
   * whether this computer's keychain already holds it (null when the keychain cannot be asked). Never the key.
   */
  'keychain/inspect': {
    request: z.strictObject({ path: filePath, passphrase: passphrase.optional() }),
    response: z.object({
      id: z.string(),
      setId: z.string(),
      index: z.number().int(),
      parties: z.number().int(),
      threshold: z.number().int(),
      wallet: z.string(),
      holder: z.string(),
      encrypted: z.boolean(),
      walletKnown: z.boolean(),
      inKeychain: z.boolean().nullable(),
    }),
  },
  /**
   * Live feedback while a holder types a child key: complete, incomplete ("12 of 46 groups"), or
   * where the typo most likely is. The text crosses to main (as on entry); the reply has no share.
   */
  'childkey/check-text': {
    request: z.strictObject({ text: z.string().max(MAX_CHILD_KEY_TEXT) }),
    response: z.object({
      state: z.enum([
        'empty',
        'incomplete',
        'complete',
        'too-long',
        'bad-character',
        'typo',
        'not-a-child-key',
        'unknown-word',
        'words',
      ]),
      message: z.string(),
      group: z.number().int().optional(),
      lastGroup: z.number().int().optional(),
      typed: z.number().int(),
      expected: z.number().int().optional(),
      holder: holder.optional(),
    }),
  },
  /**
   * Saves a signed session's public result (the signature or the signed transaction, with what was
   * signed) as a JSON file in `folder` (default: the data folder's "signed" folder). Never replaces a file.
   */
  'session/save-result': {
    request: z.strictObject({ sessionId, folder: filePath.optional() }),
    /**
     * A signed PSBT is saved as NAME.psbt (binary) and, when complete, its raw transaction as NAME.txn (hex): `txPath`.
     * A signed Solana transfer as NAME.json (what was signed, the transaction and its id) and its wire transaction
     * alone, base64, as NAME.sol.txt (`txPath`), for sendTransaction.
     */
    response: z.object({ path: z.string(), txPath: z.string().optional() }),
  },
  /** Sends a signed transaction to the configured Ethereum node (or `endpoint`: http(s) only) and waits for its receipt. */
  'session/broadcast': {
    request: z.strictObject({ sessionId, endpoint: z.string().min(1).max(2048).optional() }),
    response: z.object({
      endpoint: z.string(),
      hash: z.string(),
      status: z.enum(['success', 'reverted']),
      blockNumber: z.string(),
    }),
  },
  // ---- FROST signing across computers: each holder answers on their own computer ---------------
  /**
   * The coordinator's request for a FROST wallet: what is signed (described in plain words by main),
   * and exactly the wallet's threshold of signers. Saved where the person chooses in main's save dialog.
   */
  'frost/make-request': {
    request: z.strictObject({ walletId, what: frostWhat, signers: z.array(holderIndex).min(1).max(255) }),
    response: savedFile.extend({ request: frostRequestSummary }),
  },
  /** Reads a request file and says what it is, in the words every holder's JointKey makes of it itself. Nothing secret. */
  'frost/open-request': {
    request: z.strictObject({ path: filePath }),
    response: frostRequestSummary,
  },
  /**
   * Round 1 on a holder's computer: their child key (one, read in main) makes fresh nonces, kept in
   * this computer's data folder encrypted under it and used once; the public commitment is saved
   * where the person chooses. `requestHash` is the request as `frost/open-request` described it.
   */
  'frost/commit': {
    request: z.strictObject({ path: filePath, requestHash: frostRequestHash, childKey: childKeyInput }),
    response: savedFile.extend({ holder }),
  },
  /**
   * Round 2: with every signer's commitment, the holder's signature share, from the nonces round 1
   * kept (taken once: a replay is refused, NONCE_USED). Confirmed in main's own dialog first.
   */
  'frost/respond': {
    request: z.strictObject({
      path: filePath,
      requestHash: frostRequestHash,
      commitments: frostFiles,
      childKey: childKeyInput,
    }),
    response: savedFile.extend({ holder }),
  },
  /**
   * The coordinator: checks every share (naming a holder whose share does not verify) and combines
   * them. A message: the signature, verified against the group key. A PSBT: the signed PSBT, saved
   * where the person chooses.
   */
  'frost/aggregate': {
    request: z.strictObject({
      path: filePath,
      requestHash: frostRequestHash,
      commitments: frostFiles,
      shares: frostFiles,
    }),
    response: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('message'),
        algo: z.enum(['bip340', 'ed25519']),
        publicKeyHex: z.string(),
        signatureHex: z.string(),
      }),
      z.object({
        kind: z.literal('bitcoin-psbt'),
        path: z.string().nullable(),
        signedInputs: z.array(z.number().int()),
        complete: z.boolean(),
        txHex: z.string().optional(),
      }),
    ]),
  },
  /** The app's settings (public preferences only). */
  'settings/get': {
    request: nothing,
    response: z.object({ ethEndpoint: z.string().nullable(), checkEveryMonths: z.number().int() }),
  },
  /** How often each holder is reminded to check their child key alone: every 1 to 36 months. */
  'settings/set-check-months': {
    request: z.strictObject({ months: z.number().int().min(1).max(36) }),
    response: z.object({ checkEveryMonths: z.number().int() }),
  },
  /** Sets (or, with null, clears) the Ethereum node signed transactions are broadcast to: http(s) URLs only. */
  'settings/set-eth-endpoint': {
    request: z.strictObject({ endpoint: z.string().min(1).max(2048).nullable() }),
    response: z.object({ ethEndpoint: z.string().nullable() }),
  },
  // ---- The split ceremony: Create a shared wallet -------------------------------------------
  /**
   * Makes or imports the key, splits it among the holders, and opens a ceremony in main. Replies with
   * public data only; a new key's addresses are withheld until every holder has confirmed.
   */
  'ceremony/start': {
    request: z.strictObject({
      source: keySource,
      walletLabel: z.string().max(200),
      holders: z.array(z.string().min(1).max(200)).min(2).max(255),
      /** slip39: standard SLIP-39 words, one group, 2 to 16 holders (main refuses more). */
      scheme: z.enum(['xor', 'additive', 'shamir', 'gf256', 'slip39']),
      threshold: z.number().int().min(2).max(255).optional(),
    }),
    response: ceremonyStarted,
  },
  /** How strong a holder's passphrase is, and why not when weak. The passphrase is never echoed. */
  'ceremony/check-passphrase': {
    request: z.strictObject({ ceremonyId, index: holderIndex, passphrase }),
    response: z.object({ ok: z.boolean(), score: z.number(), guessesLog10: z.number(), reason: z.string() }),
  },
  /** Writes the holder's child-key file, encrypted under their passphrase, into the folder; never replaces a file. */
  'ceremony/hand-off-file': {
    request: z.strictObject({ ceremonyId, index: holderIndex, passphrase, folder: filePath }),
    response: writtenFile,
  },
  /**
   * Writes the holder's paper backup (a PDF: a plaintext copy, to print and then delete) into the
   * folder; `deleteId` deletes it once printed (`leftovers/delete`).
   */
  'ceremony/paper-backup': {
    request: z.strictObject({ ceremonyId, index: holderIndex, folder: filePath }),
    response: writtenFile.extend({ deleteId: offeredFileId }),
  },
  /** Shows the holder their child key's words in a window of main's own: the words never reach the renderer. */
  'ceremony/show-words': {
    request: z.strictObject({ ceremonyId, index: holderIndex }),
    response: z.object({ shown: z.literal(true) }),
  },
  /**
   * Copies the holder's child key (its text form) to the system clipboard, from main: it never crosses
   * to the renderer. The clipboard is cleared after 30 seconds unless something else was copied since.
   */
  'ceremony/copy-words': {
    request: z.strictObject({ ceremonyId, index: holderIndex }),
    response: z.object({ copied: z.literal(true), clearedAfterSeconds: z.number().int() }),
  },
  /** A holder proves they have their child key. A refusal is a verdict naming the holder, not a failure. */
  'ceremony/confirm-receipt': {
    request: z.strictObject({ ceremonyId, index: holderIndex, proof: receiptProof }),
    response: z.object({ progress: ceremonyProgress, last: verdict }),
  },
  /** After every receipt: records the wallet with the receipts and wipes the original key. */
  'ceremony/finish': {
    request: z.strictObject({ ceremonyId }),
    response: z.object({ wallet: walletSummary, receipts: z.array(receipt) }),
  },
  /** Cancels a ceremony and wipes its keys (an imported key's source is untouched). Cancelling an ended one is fine. */
  'ceremony/abandon': {
    request: z.strictObject({ ceremonyId }),
    response: z.object({ abandoned: z.literal(true) }),
  },
  /** Ceremonies that stopped before finishing (the app quit or crashed), from their public journals: where each stopped and what to do. */
  'ceremony/unfinished': {
    request: nothing,
    response: z.object({
      stopped: z.array(
        z.object({
          ceremonyId,
          walletLabel: z.string(),
          startedAt: z.string(),
          origin: z.enum(['generated', 'imported']),
          summary: z.string(),
          files: z.array(z.string()),
        }),
      ),
    }),
  },
  /** Marks a stopped ceremony as dealt with, so it is no longer listed. */
  'ceremony/dismiss': {
    request: z.strictObject({ ceremonyId }),
    response: z.object({ dismissed: z.literal(true) }),
  },
  // ---- Plaintext files left behind: paper backups, plain child-key files --------------------
  /**
   * The plaintext JointKey files (paper backups, child-key files not encrypted, child keys' text
   * forms) in the folders JointKey wrote, each with an id main gave it for `leftovers/delete`.
   * Recognised by name and first bytes; no child key is read or sent.
   */
  'leftovers/list': {
    request: nothing,
    response: z.object({
      folders: z.array(z.string()),
      files: z.array(
        z.object({
          id: offeredFileId,
          path: z.string(),
          kind: z.enum(['paper-backup', 'child-key-file', 'child-key-text']),
          what: z.string(),
          bytes: z.number().int(),
          modifiedAt: z.string(),
        }),
      ),
    }),
  },
  /**
   * Deletes a file main offered (by `leftovers/list` or `ceremony/paper-backup`), by its id only —
   * never a path from the page — if it is still the file offered. Not overwritten (see docs/security.md).
   */
  'leftovers/delete': {
    request: z.strictObject({ id: offeredFileId }),
    response: z.object({ path: z.string(), alreadyGone: z.boolean() }),
  },
  /** Asks the person to choose a folder (the renderer cannot browse the disk): its path, or null if they cancelled. */
  'dialog/choose-folder': {
    request: z.strictObject({ defaultPath: filePath.optional(), title: z.string().min(1).max(200).optional() }),
    response: z.object({ folder: z.string().nullable() }),
  },
} as const satisfies Record<`${string}/${string}`, { request: z.ZodType; response: z.ZodType }>;

// ---- Types derived from the map ---------------------------------------------------------------

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type Request<C extends Channel> = z.input<Contract[C]['request']>;
export type Response<C extends Channel> = z.output<Contract[C]['response']>;

/** The codes a failed reply carries: a JointKeyError's, or INTERNAL for anything unexpected. */
export type FailureCode = ErrorCode | 'INTERNAL';
export type Failure = { ok: false; code: FailureCode; message: string };
export type Result<T> = { ok: true; value: T } | Failure;

/** Every channel's name, in the contract's order. */
export const CHANNELS = Object.keys(CONTRACT).filter((k): k is Channel => k in CONTRACT);

/** True for a channel the contract declares. */
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CONTRACT, value);
}

type RequestOf = { [C in Channel]: z.output<Contract[C]['request']> };
type ResponseOf = { [C in Channel]: z.output<Contract[C]['response']> };

/**
 * The same map as {@link CONTRACT}, typed channel by channel, so generic code (dispatch) keeps each
 * channel's request, handler and reply types together. Checked by the compiler, not cast.
 */
export const SCHEMAS: { [C in Channel]: { request: z.ZodType<RequestOf[C]>; response: z.ZodType<ResponseOf[C]> } } =
  CONTRACT;

/** A main-process handler of one channel: takes the validated request, returns the value or throws. */
export type Handler<C extends Channel> = (request: RequestOf[C]) => ResponseOf[C] | Promise<ResponseOf[C]>;
export type Handlers = { [C in Channel]: Handler<C> };

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type Domain = Channel extends `${infer D}/${string}` ? D : never;
/** The renderer's function for one channel. */
export type Call<C extends Channel> = (request: Request<C>) => Promise<Result<Response<C>>>;

/**
 * The API the preload exposes as `window.jointkey`: one named function per channel, grouped by
 * domain, verbs in camelCase — `'session/add-child-key'` is `jointkey.session.addChildKey(…)`.
 */
export type JointKeyApi = {
  [D in Domain]: { [C in Channel as C extends `${D}/${infer V}` ? Camel<V> : never]: Call<C> };
};

/** Where a channel's function sits in {@link JointKeyApi}: `'session/add-child-key'` → ['session', 'addChildKey']. */
export function apiPath(channel: Channel): [domain: string, name: string] {
  const [domain = '', verb = ''] = channel.split('/');
  return [domain, verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}
