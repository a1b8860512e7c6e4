/**
 * A wallet whose key is split as standard SLIP-39 mnemonics (one group, any t of its n members;
 * the master secret is the 32-byte private key; no SLIP-39 passphrase): JointKey's raw-key form.
 * A Trezor or any SLIP-39 tool combines the words to the same master secret, but uses it as a
 * BIP-32 seed and shows other addresses; ./slip39-bip32.ts makes standard SLIP-39 wallets from the
 * same pieces (the ceremony, the entry check, the session, the record), which it shares. What JointKey keeps of such a wallet is public only
 * ({@link Slip39Wallet}): its labels, curve, public key, rule, and SLIP-39's public parameters
 * (identifier, extendable flag, iteration exponent) — never a mnemonic.
 *
 * - {@link slip39SplitKey} makes the mnemonics; {@link Slip39Ceremony} holds the key and them while
 *   each holder takes theirs and proves it (the same receipts as main/core/ceremony.ts), then wipes.
 * - {@link slip39CheckEntry} checks one holder's words against the wallet as they are entered: a
 *   typo (named by word when it can be located), another wallet's words, a member the wallet does
 *   not have. {@link Slip39SigningSession} takes the entries, combines the threshold of them, checks
 *   the key gives the wallet's public key, signs, verifies and wipes.
 *
 * Not constant-time; JS cannot guarantee zeroing (buffers are overwritten best effort; mnemonics
 * are strings, which JS cannot overwrite: the objects drop them when done).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import { HandOff, type KeyOrigin, type Receipt, type ReceiptMethod } from '../ceremony.js';
import type {
  AloneCheck,
  ChildKeyRead,
  EntrySource,
  Holder,
  KeychainForm,
  Platform,
  PrintableChildKey,
  Restoration,
  SplitRequest,
  Wallet,
  WalletCeremony,
  WalletKind,
  WalletSession,
} from '../kind.js';
import {
  type AddressesOf,
  RECORD_KEYS,
  WALLET_FORMAT,
  type WalletRecordJson,
  checkRecordHeader,
  defaultAddresses,
  edited,
  receiptsOf,
} from '../record.js';
import { foreignRefusal, intactSummary, receiptOfOtherKind, sourceName } from './entry.js';
import {
  type CurveRef,
  MAX_WALLET_LABEL_BYTES,
  holderLabels,
  normalizeLabel,
  secretFingerprint,
} from '../../formats/child-key.js';
import { exactObject } from '../../formats/set-public.js';
import { equalConstantTime } from '../../math/commitments.js';
import { curveById, publicKeyOf } from '../../math/curves.js';
import { JointKeyError, isJointKeyError } from '../../errors.js';
import {
  type Progress,
  SecretSession,
  type SignRequest,
  type SignResult,
  describeRequest,
  progressOf,
  signWithKey,
} from '../session.js';
import {
  type Pbkdf2Fn,
  type Slip39Share,
  decodeMnemonic,
  defaultPbkdf2,
  slip39Combine,
  slip39Split,
} from '../../sharing/slip39/index.js';
import {
  type Slip39ChildKey,
  isSlip39File,
  looksLikeMnemonic,
  slip39ChildKeyFromFile,
  slip39ChildKeyToFile,
} from '../../formats/slip39-file.js';
import {
  abytes,
  afunction,
  aint,
  aobject,
  astring,
  bytesToHex,
  equalBytes,
  hexToBytesStrict,
  utf8ToBytes,
  wipe,
  type Rng,
} from '../../bytes.js';
import { locateSlip39Typo } from '../../sharing/slip39/typo.js';
import { mnemonicToIndices } from '../../sharing/slip39/share.js';
import { cap } from '../../formats/verify.js';

/** The id of the kind of standard SLIP-39 wallets (./slip39-bip32.ts), whose words this kind also restores. */
const SLIP39_BIP32_KIND_ID = 'slip39-bip32';

/** SLIP-39 allows at most 16 members in a group: a SLIP-39 wallet has 2 to 16 holders. */
export const SLIP39_MAX_HOLDERS = 16;
/** The iteration exponent JointKey splits with (SLIP-39's default: 20000 PBKDF2 rounds in all). */
export const SLIP39_ITERATION_EXPONENT = 1;

/** A SLIP-39 wallet's public data: what its record holds. */
export interface Slip39Wallet {
  walletLabel: string;
  /** The holders, in member order: holder i has member index i − 1. */
  labels: string[];
  curve: CurveRef;
  /** The wallet's public key (what a SLIP-39 child-key file calls its walletId). */
  publicKey: Uint8Array;
  /** How many holders' words restore the key (the group's member threshold). */
  threshold: number;
  /** SLIP-39's public parameters, the same in every mnemonic of the split. */
  identifier: number;
  extendable: boolean;
  iterationExponent: number;
}

const ID_TAG = 'jointkey/slip39-wallet/v1';

/**
 * The wallet's id (16 bytes): SHA-256 over a domain tag and its public data, so a record whose
 * fields were edited no longer matches its id. Throws TypeError/RangeError for malformed data.
 */
export function slip39WalletIdOf(w: Slip39Wallet): Uint8Array {
  checkWallet(w);
  const h = sha256.create();
  h.update(utf8ToBytes(ID_TAG));
  h.update(
    utf8ToBytes(
      JSON.stringify([
        w.walletLabel,
        w.labels,
        w.curve,
        Array.from(w.publicKey),
        w.threshold,
        w.identifier,
        w.extendable,
        w.iterationExponent,
      ]),
    ),
  );
  return h.digest().subarray(0, 16);
}

/**
 * Holder `index`'s SLIP-39 file form of a wallet: their words with the wallet's public data, as the
 * split writes it and the keychain stores it. Throws TypeError/RangeError for malformed data or an
 * index out of 1..holders, and the mnemonic's own errors (JointKeyError) from its decoding.
 */
export function slip39WalletFileForm(wallet: Slip39Wallet, index: number, mnemonic: string): string {
  checkWallet(wallet);
  aint(index, 'index', 1, wallet.labels.length);
  return slip39ChildKeyToFile({
    mnemonic,
    label: wallet.labels[index - 1] as string,
    walletLabel: wallet.walletLabel,
    parties: wallet.labels.length,
    curve: wallet.curve,
    walletId: wallet.publicKey,
  });
}

/** Checks the shape and ranges of a wallet's public data. Throws TypeError/RangeError. */
export function checkWallet(w: Slip39Wallet): Slip39Wallet {
  aobject(w, 'wallet');
  astring(w.walletLabel, 'wallet.walletLabel', 4 * MAX_WALLET_LABEL_BYTES);
  if (!Array.isArray(w.labels) || w.labels.length < 2 || w.labels.length > SLIP39_MAX_HOLDERS)
    throw new RangeError(`wallet.labels must name 2 to ${SLIP39_MAX_HOLDERS} holders`);
  holderLabels(w.labels.length, w.labels);
  const curve = curveById(w.curve);
  abytes(w.publicKey, 'wallet.publicKey', curve.id === 'secp256k1' ? 33 : 32);
  aint(w.threshold, 'wallet.threshold', 2, w.labels.length);
  aint(w.identifier, 'wallet.identifier', 0, 0x7fff);
  if (typeof w.extendable !== 'boolean') throw new TypeError('wallet.extendable must be a boolean');
  aint(w.iterationExponent, 'wallet.iterationExponent', 0, 15);
  return w;
}

/** Options of {@link slip39SplitKey}. */
export interface Slip39SplitKeyOptions {
  /** The holders' labels, 2 to 16, different from each other. */
  labels: string[];
  walletLabel?: string;
  /** How many holders' words restore the key: 2..N, N by default. */
  threshold?: number;
  rng?: Rng;
  pbkdf2?: Pbkdf2Fn;
}

/**
 * Splits a 32-byte private key into one SLIP-39 mnemonic per holder (one group, threshold t of N,
 * no passphrase). Returns the wallet's public data, its id, and the mnemonics in holder order.
 * Throws TypeError/RangeError for bad options, JointKeyError INVALID_KEY for a key the curve refuses.
 */
export function slip39SplitKey(
  curve: CurveRef,
  key: Uint8Array,
  o: Slip39SplitKeyOptions,
): { wallet: Slip39Wallet; walletId: Uint8Array; mnemonics: string[] } {
  const info = curveById(curve);
  abytes(key, 'key', 32);
  aobject(o, 'options');
  if (!Array.isArray(o.labels) || o.labels.length < 2 || o.labels.length > SLIP39_MAX_HOLDERS)
    throw new RangeError(`SLIP-39 takes 2 to ${SLIP39_MAX_HOLDERS} holders`);
  const labels = holderLabels(o.labels.length, o.labels);
  const walletLabel = normalizeLabel(o.walletLabel ?? '', 'walletLabel', MAX_WALLET_LABEL_BYTES, 0);
  const threshold = aint(o.threshold ?? labels.length, 'threshold', 2, labels.length);
  const publicKey = publicKeyOf(info, key);
  const [mnemonics = []] = slip39Split({
    masterSecret: key,
    groupThreshold: 1,
    groups: [{ threshold, count: labels.length }],
    extendable: true,
    iterationExponent: SLIP39_ITERATION_EXPONENT,
    ...(o.rng ? { rng: afunction(o.rng, 'rng') } : {}),
    ...(o.pbkdf2 ? { pbkdf2: afunction(o.pbkdf2, 'pbkdf2') } : {}),
  });
  const first = decodeMnemonic(mnemonics[0] as string);
  wipe(first.value);
  const wallet: Slip39Wallet = {
    walletLabel,
    labels,
    curve,
    publicKey,
    threshold,
    identifier: first.identifier,
    extendable: first.extendable,
    iterationExponent: first.iterationExponent,
  };
  return { wallet, walletId: slip39WalletIdOf(wallet), mnemonics };
}

/**
 * Decodes a holder's words; a checksum that fails is said with the word a single typo is in, when
 * it can be located (JointKeyError MNEMONIC_CHECKSUM), and the decoder's other errors as they are.
 */
function decodeWords(mnemonic: string): Slip39Share {
  try {
    return decodeMnemonic(mnemonic);
  } catch (e) {
    if (!isJointKeyError(e) || e.code !== 'MNEMONIC_CHECKSUM') throw e;
    const at = locateSlip39Typo(mnemonicToIndices(mnemonic));
    throw new JointKeyError(
      'MNEMONIC_CHECKSUM',
      at === undefined
        ? 'These words do not check out: a word is mistyped, missing or out of order. Compare each word with the holder’s copy.'
        : `These words have a typo: word ${at} looks wrong. Compare it with the holder’s copy and correct it.`,
    );
  }
}

/**
 * Checks one holder's words against a SLIP-39 wallet as they are entered. Returns the decoded share
 * (its `value` is secret: wipe it) and the holder it belongs to. Throws JointKeyError, each saying
 * what to do: UNKNOWN_WORD and INVALID_MNEMONIC (naming the word or the count), MNEMONIC_CHECKSUM
 * (naming the word when a single typo can be located), DIFFERENT_WALLET (another wallet's or
 * another split's words, or a member this wallet does not have).
 */
export function slip39CheckEntry(
  wallet: Slip39Wallet,
  mnemonic: string,
): { share: Slip39Share; holder: { index: number; label: string } } {
  checkWallet(wallet);
  astring(mnemonic, 'mnemonic', 4096);
  const share = decodeWords(mnemonic);
  const named = wallet.walletLabel ? `“${wallet.walletLabel}”` : 'this wallet';
  const other =
    share.identifier !== wallet.identifier ||
    share.extendable !== wallet.extendable ||
    share.iterationExponent !== wallet.iterationExponent ||
    share.groupCount !== 1 ||
    share.groupThreshold !== 1 ||
    share.memberThreshold !== wallet.threshold ||
    share.value.length !== 32;
  if (other || share.memberIndex >= wallet.labels.length) {
    wipe(share.value);
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      other
        ? `These words belong to another wallet (or another split of this key), not to ${named}. Enter the words of one of ${named}’s holders.`
        : `These words are member ${share.memberIndex + 1} of a split, but ${named} has only ${wallet.labels.length} holders: they belong to another wallet. Enter the words of one of its holders.`,
    );
  }
  const index = share.memberIndex + 1;
  return { share, holder: { index, label: wallet.labels[share.memberIndex] as string } };
}

/**
 * The split ceremony of a SLIP-39 wallet: holds the key and the mnemonics while each holder takes
 * theirs (file, paper or words) and proves it, by re-opening their file or re-typing their words.
 * Only after every receipt may it finish, which overwrites the key and drops the mnemonics.
 */
export class Slip39Ceremony extends HandOff {
  readonly wallet: Slip39Wallet;
  readonly walletId: Uint8Array;
  #key: Uint8Array;
  #mnemonics: string[];

  /** Takes over `key` (overwritten when the ceremony ends) and the split's mnemonics. */
  constructor(
    split: { wallet: Slip39Wallet; walletId: Uint8Array; mnemonics: string[] },
    key: Uint8Array,
    origin: KeyOrigin,
  ) {
    aobject(split, 'split');
    checkWallet(split.wallet);
    abytes(key, 'key', 32);
    if (!Array.isArray(split.mnemonics) || split.mnemonics.length !== split.wallet.labels.length)
      throw new RangeError('split must hold one mnemonic per holder');
    split.mnemonics.forEach((m, i) => astring(m, `mnemonics[${i}]`, 4096));
    super(split.wallet.labels, origin);
    this.wallet = split.wallet;
    this.walletId = this.idOf(split.wallet);
    this.#key = key;
    this.#mnemonics = [...split.mnemonics];
  }

  /** The wallet's id ({@link slip39WalletIdOf}; a kind with more public data hashes it too). */
  protected idOf(wallet: Slip39Wallet): Uint8Array {
    return slip39WalletIdOf(wallet);
  }

  /** Holder `index`'s mnemonic, to hand off (their file, paper backup or words). */
  mnemonic(index: number): string {
    this.open();
    this.holder(index);
    return this.#mnemonics[index - 1] as string;
  }

  /**
   * Records holder `index`'s receipt: `presented` is the mnemonic they re-opened or re-typed; it
   * must be exactly the one they were given. Throws JointKeyError RECEIPT_MISMATCH naming the holder
   * (another holder's words, another wallet's, a typo).
   */
  confirm(index: number, presented: string, method: ReceiptMethod, confirmedAt: string): Receipt {
    this.open();
    const holder = this.holder(index);
    astring(presented, 'presented', 4096);
    let entry;
    try {
      entry = slip39CheckEntry(this.wallet, presented);
    } catch (e) {
      if (!isJointKeyError(e)) throw e;
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `What ${holder} presented is not the words they were given: ${e.message} If it still fails, hand ${holder} their words again.`,
      );
    }
    const given = decodeMnemonic(this.#mnemonics[index - 1] as string);
    try {
      if (entry.holder.index !== index)
        throw new JointKeyError(
          'RECEIPT_MISMATCH',
          `${holder} presented ${entry.holder.label}’s words, not their own. Each holder confirms with the words they were given.`,
        );
      if (!equalConstantTime(entry.share.value, given.value))
        throw new JointKeyError(
          'RECEIPT_MISMATCH',
          `What ${holder} presented is not the words they were given. Hand ${holder} their words again.`,
        );
    } finally {
      wipe(entry.share.value, given.value);
    }
    return this.record(index, method, confirmedAt);
  }

  protected override wipeSecrets(): void {
    wipe(this.#key);
    this.#mnemonics = [];
  }

  /** The buffers it overwrites, for tests that check they were. */
  secretBuffers(): Uint8Array[] {
    return [this.#key];
  }
}

/**
 * A joint signing session on a SLIP-39 wallet, in the main process: each holder's words are checked
 * on entry ({@link slip39CheckEntry}, and not a holder already entered); when the threshold is met it
 * combines them, checks the key gives the wallet's public key, signs, verifies, and wipes.
 */
export class Slip39SigningSession extends SecretSession {
  readonly wallet: Slip39Wallet;
  readonly walletId: Uint8Array;
  #entered = new Map<number, { mnemonic: string; value: Uint8Array }>();

  readonly #pbkdf2: Pbkdf2Fn;

  /** `pbkdf2` combines the words (default @noble/hashes; the app passes the platform's native one). */
  constructor(wallet: Slip39Wallet, pbkdf2: Pbkdf2Fn = defaultPbkdf2) {
    super();
    this.wallet = checkWallet(wallet);
    this.walletId = this.idOf(wallet);
    this.#pbkdf2 = afunction(pbkdf2, 'pbkdf2');
  }

  /** The wallet's id ({@link slip39WalletIdOf}; a kind with more public data hashes it too). */
  protected idOf(wallet: Slip39Wallet): Uint8Array {
    return slip39WalletIdOf(wallet);
  }

  describe(request: SignRequest): string[] {
    return describeRequest(request, this.wallet.curve, this.wallet.publicKey);
  }

  /**
   * Takes one holder's words: the errors of {@link slip39CheckEntry}, or DUPLICATE_CHILD_KEY naming
   * the holder whose words were already entered.
   */
  add(mnemonic: string): Progress {
    this.open();
    const { share, holder } = slip39CheckEntry(this.wallet, mnemonic);
    if (this.#entered.has(holder.index)) {
      wipe(share.value);
      throw this.alreadyEntered(
        `${cap(holder.label)}’s words were already entered`,
        'Each holder’s words count once',
        this.progress().missing.map((m) => m.label),
      );
    }
    this.#entered.set(holder.index, { mnemonic, value: share.value });
    this.keep(share.value);
    return this.progress();
  }

  progress(): Progress {
    return progressOf(this.wallet.labels, this.wallet.threshold, [...this.#entered.keys()]);
  }

  /**
   * Combines the words entered (the threshold of them, in holder order), checks the key gives the
   * wallet's public key, signs `request`, verifies, and wipes the key and the shares; the session is
   * then closed. Throws JointKeyError TOO_FEW_CHILD_KEYS (naming who is missing), WRONG_RESULT, the
   * combine errors, or INVALID_ARGUMENT for a request the wallet's curve cannot sign.
   */
  sign(request: SignRequest): SignResult {
    return this.#combined((secret) => this.signWithSecret(secret, request));
  }

  /**
   * Combines the words entered (checked against the wallet's public key), lends the master secret
   * to `use`, then wipes it and the shares; the session is then closed. The errors of {@link sign}.
   */
  withKey<T>(use: (key: Uint8Array, curve: CurveRef) => T): T {
    return this.#combined((secret) => {
      this.checkSecret(secret);
      return use(secret, this.wallet.curve);
    });
  }

  /** Combines the words entered, lends the master secret to `use`, wipes it and closes the session. */
  #combined<T>(use: (secret: Uint8Array) => T): T {
    this.open();
    const p = this.progress();
    if (!p.ready)
      throw new JointKeyError(
        'TOO_FEW_CHILD_KEYS',
        `The words of ${p.need} holders are needed: ${p.summary}. Ask them to enter theirs.`,
      );
    let key: Uint8Array | undefined;
    try {
      const chosen = [...this.#entered.entries()]
        .sort(([a], [b]) => a - b)
        .slice(0, this.wallet.threshold)
        .map(([, e]) => e.mnemonic);
      key = slip39Combine(chosen, { pbkdf2: this.#pbkdf2 });
      this.keep(key);
      return use(key);
    } finally {
      if (key) wipe(key);
      this.close();
    }
  }

  /**
   * Signs `request` with the master secret the words combined to (the caller wipes it): here the
   * secret is the wallet's private key, checked against its public key first (WRONG_RESULT). A
   * kind whose master secret is a seed (./slip39-bip32.ts) derives the key to sign with instead.
   */
  protected signWithSecret(secret: Uint8Array, request: SignRequest): SignResult {
    this.checkSecret(secret);
    return signWithKey(this.wallet.curve, this.wallet.publicKey, secret, request);
  }

  /** Throws WRONG_RESULT unless the master secret is this wallet's (here: its private key). */
  protected checkSecret(secret: Uint8Array): void {
    if (!equalConstantTime(publicKeyOf(curveById(this.wallet.curve), secret), this.wallet.publicKey))
      throw new JointKeyError(
        'WRONG_RESULT',
        'The words entered combine to a key that is not this wallet’s: one of them was changed after the split. Cancel, and have each holder enter their words again from their own copy.',
      );
  }

  protected override forget(): void {
    this.#entered.clear();
  }
}

/** A SLIP-39 wallet's record: the same public fields, and SLIP-39's public parameters instead of a set. */
export interface Slip39WalletRecordJson extends Omit<WalletRecordJson, 'curve' | 'scheme'> {
  curve: CurveRef;
  scheme: 'slip39';
  slip39: {
    identifier: number;
    extendable: boolean;
    iterationExponent: number;
    groupThreshold: 1;
    groupCount: 1;
    memberThreshold: number;
  };
}

/**
 * The wallet record of a SLIP-39 wallet (public data only: never a mnemonic), with one receipt per
 * holder in holder order (JointKeyError RECEIPT_MISSING otherwise).
 */
export function slip39WalletRecordOf(
  wallet: Slip39Wallet,
  createdAt: string,
  receipts: readonly Receipt[],
  addressesOf: AddressesOf = defaultAddresses,
): Slip39WalletRecordJson {
  checkWallet(wallet);
  astring(createdAt, 'createdAt', 64);
  afunction(addressesOf, 'addressesOf');
  const checked = receiptsOf(wallet.labels, receipts);
  return {
    format: WALLET_FORMAT,
    version: 1,
    id: bytesToHex(slip39WalletIdOf(wallet)),
    label: wallet.walletLabel,
    curve: wallet.curve,
    publicKey: bytesToHex(wallet.publicKey),
    addresses: addressesOf(wallet.curve, wallet.publicKey),
    scheme: 'slip39',
    parties: wallet.labels.length,
    threshold: wallet.threshold,
    holders: [...wallet.labels],
    createdAt,
    receipts: checked,
    slip39: {
      identifier: wallet.identifier,
      extendable: wallet.extendable,
      iterationExponent: wallet.iterationExponent,
      groupThreshold: 1,
      groupCount: 1,
      memberThreshold: wallet.threshold,
    },
  };
}

const SLIP39_KEYS = [...RECORD_KEYS, 'slip39'] as const;

/**
 * Parses a SLIP-39 wallet's record strictly: its fields checked against each other, its id and
 * addresses recomputed. Throws JointKeyError TAMPERED_FILE naming the field, or UNSUPPORTED_VERSION.
 */
export function slip39WalletRecordFromJson(
  value: unknown,
  addressesOf: AddressesOf = defaultAddresses,
): { record: Slip39WalletRecordJson; slip39: Slip39Wallet } {
  const o = exactObject(checkRecordHeader(value), 'the wallet record', SLIP39_KEYS);
  const p = exactObject(o['slip39'], 'the wallet record’s SLIP-39 parameters', [
    'identifier',
    'extendable',
    'iterationExponent',
    'groupThreshold',
    'groupCount',
    'memberThreshold',
  ]);
  if (typeof o['createdAt'] !== 'string' || Number.isNaN(Date.parse(o['createdAt'])))
    throw edited('its creation date is not a date');
  let wallet: Slip39Wallet;
  let expected: Slip39WalletRecordJson;
  try {
    wallet = checkWallet({
      walletLabel: o['label'] as string,
      labels: o['holders'] as string[],
      curve: o['curve'] as CurveRef,
      publicKey: hexToBytesStrict(o['publicKey'], 'publicKey'),
      threshold: o['threshold'] as number,
      identifier: p['identifier'] as number,
      extendable: p['extendable'] as boolean,
      iterationExponent: p['iterationExponent'] as number,
    });
    expected = slip39WalletRecordOf(wallet, o['createdAt'], o['receipts'] as Receipt[], addressesOf);
  } catch (e) {
    if (!(e instanceof JointKeyError) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw e;
    throw edited('its public data does not make a SLIP-39 wallet (labels, curve, public key, rule or receipts)');
  }
  for (const k of SLIP39_KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw edited(`its "${k}" does not match the wallet's public data`);
  return { record: expected, slip39: wallet };
}

/** A SLIP-39 holder's words read from a form: the decoded share (secret), and the labels the file carries. */
export interface Slip39Read extends ChildKeyRead {
  readonly words: Slip39ChildKey;
}

/** True for SLIP-39 words read by either SLIP-39 kind (this one, or ./slip39-bip32.ts's). */
function isSlip39Read(read: ChildKeyRead): read is Slip39Read {
  return (read.kind === SLIP39_KIND || read.kind.id === SLIP39_BIP32_KIND_ID) && 'words' in read;
}

function own(read: ChildKeyRead): Slip39Read {
  if (!isSlip39Read(read)) throw new TypeError('SLIP-39 words were expected');
  return read;
}

/** Reads SLIP-39 words: a SLIP-39 child-key file, or the bare words (typed, or a text file). */
function readSlip39(text: string, source: EntrySource): Slip39Read {
  astring(text, 'text', 64 * 1024 * 1024);
  let words: Slip39ChildKey;
  const json = parseJson(text);
  if (json !== undefined && isSlip39File(json)) words = slip39ChildKeyFromFile(json);
  else {
    const mnemonic = text.trim().split(/\s+/).join(' ').toLowerCase();
    words = { mnemonic, share: source.from === 'typed' ? decodeWords(mnemonic) : decodeMnemonic(mnemonic) };
  }
  return {
    kind: SLIP39_KIND,
    source,
    holder: { index: words.share.memberIndex + 1, label: words.label ?? '' },
    setIdHex: undefined,
    walletLabel: words.walletLabel,
    curve: words.curve,
    walletId: words.walletId,
    words,
    wipe: () => wipe(words.share.value),
  };
}

/** True for a SLIP-39 file of a standard wallet (its master secret a BIP-32 seed): ./slip39-bip32.ts's. */
function hasDerivation(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'derivation' in json;
}

/** The BIP-32 master public key (33 bytes) of a seed. */
function bip32MasterPublicKey(seed: Uint8Array): Uint8Array {
  const root = HDKey.fromMasterSeed(seed);
  try {
    return root.publicKey as Uint8Array;
  } finally {
    root.wipePrivateData();
  }
}

function parseJson(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** {@link Slip39Ceremony} as a {@link WalletCeremony}. */
class Slip39WalletCeremony extends Slip39Ceremony implements WalletCeremony {
  readonly kind: WalletKind = SLIP39_KIND;
  readonly fileSuffix = 'slip39.json';
  readonly scheme = 'slip39-raw';

  get walletLabel(): string {
    return this.wallet.walletLabel;
  }
  get curve(): CurveRef {
    return this.wallet.curve;
  }
  get publicKey(): Uint8Array {
    return this.wallet.publicKey;
  }
  get threshold(): number {
    return this.wallet.threshold;
  }

  summary(): Record<string, unknown> {
    return {
      walletId: bytesToHex(this.walletId),
      scheme: 'slip39-raw',
      threshold: this.wallet.threshold,
      parties: this.wallet.labels.length,
      identifier: this.wallet.identifier,
    };
  }

  fileForm(index: number): string {
    return slip39WalletFileForm(this.wallet, index, this.mnemonic(index));
  }

  textForm(index: number): string {
    return this.mnemonic(index);
  }

  printable(index: number): PrintableChildKey {
    const holder = this.holder(index);
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `JointKey does not print SLIP-39 words yet. Show ${holder} their words and have them write the words on paper, or save ${holder}’s encrypted file.`,
    );
  }

  confirmRead(index: number, read: ChildKeyRead, method: ReceiptMethod, confirmedAt: string): Receipt {
    if (read.kind !== SLIP39_KIND) throw receiptOfOtherKind(this.holder(index), read);
    return this.confirm(index, own(read).words.mnemonic, method, confirmedAt);
  }

  recordJson(createdAt: string): Slip39WalletRecordJson {
    this.requireComplete('Recording the wallet');
    return slip39WalletRecordOf(this.wallet, createdAt, this.receipts);
  }
}

/**
 * SLIP-39 words of any 128- to 256-bit secret, or with a SLIP-39 passphrase (`jointkey split
 * --scheme slip39` without a wallet record): handed off and confirmed like a wallet's — each holder
 * must present exactly the words they were given — but never recorded.
 */
class Slip39PlainCeremony extends HandOff implements WalletCeremony {
  readonly kind: WalletKind = SLIP39_KIND;
  readonly fileSuffix = 'slip39.json';
  readonly scheme = 'slip39';
  readonly walletId: Uint8Array;
  readonly walletLabel: string;
  readonly curve: CurveRef | null;
  readonly publicKey: Uint8Array;
  readonly threshold: number;
  readonly identifier: number;
  #key: Uint8Array;
  #mnemonics: string[];

  constructor(curve: CurveRef | null, key: Uint8Array, request: SplitRequest, origin: KeyOrigin, pbkdf2?: Pbkdf2Fn) {
    const labels = holderLabels(request.labels.length, request.labels);
    if (labels.length > SLIP39_MAX_HOLDERS)
      throw new RangeError(`SLIP-39 takes 2 to ${SLIP39_MAX_HOLDERS} holders (--parties)`);
    const threshold = request.threshold ?? labels.length;
    if (threshold < 2 || threshold > labels.length)
      throw new RangeError(`--threshold must be from 2 to ${labels.length}`);
    if (key.length < 16 || key.length > 32 || key.length % 2 !== 0)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `SLIP-39 takes keys and secrets of 128 to 256 bits (16 to 32 bytes, an even number); this one is ${key.length} bytes. Use another scheme for it.`,
      );
    super(labels, origin);
    this.walletLabel = normalizeLabel(request.walletLabel ?? '', 'walletLabel', MAX_WALLET_LABEL_BYTES, 0);
    this.curve = curve;
    this.walletId = curve ? publicKeyOf(curveById(curve), key) : secretFingerprint(key);
    this.publicKey = this.walletId;
    this.threshold = threshold;
    const [mnemonics] = slip39Split({
      masterSecret: key,
      groupThreshold: 1,
      groups: [{ threshold, count: labels.length }],
      passphrase: request.passphrase ?? '',
      ...(pbkdf2 ? { pbkdf2 } : {}),
    });
    this.#mnemonics = mnemonics ?? [];
    const first = decodeMnemonic(this.#mnemonics[0] as string);
    wipe(first.value);
    this.identifier = first.identifier;
    this.#key = key;
  }

  summary(): Record<string, unknown> {
    return { scheme: 'slip39', threshold: this.threshold, parties: this.labels.length, identifier: this.identifier };
  }

  fileForm(index: number): string {
    return slip39ChildKeyToFile({
      mnemonic: this.textForm(index),
      label: this.holder(index),
      walletLabel: this.walletLabel,
      parties: this.labels.length,
      curve: this.curve,
      walletId: this.walletId,
    });
  }

  textForm(index: number): string {
    this.open();
    this.holder(index);
    return this.#mnemonics[index - 1] as string;
  }

  printable(index: number): PrintableChildKey {
    return SLIP39_KIND.printable({ ...readSlip39(this.textForm(index), { from: 'typed' }) });
  }

  confirmRead(index: number, read: ChildKeyRead, method: ReceiptMethod, confirmedAt: string): Receipt {
    const holder = this.holder(index);
    if (read.kind !== SLIP39_KIND || own(read).words.mnemonic !== this.textForm(index))
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `${cap(sourceName(read.source))} does not hold the mnemonic handed to ${holder}. Remove the folder's files and split again.`,
      );
    return this.record(index, method, confirmedAt);
  }

  recordJson(): never {
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'A wallet record describes SLIP-39 words of a private key without a SLIP-39 passphrase: this split cannot be recorded.',
    );
  }

  protected override wipeSecrets(): void {
    wipe(this.#key);
    this.#mnemonics = [];
  }

  secretBuffers(): Uint8Array[] {
    return [this.#key];
  }
}

/** {@link Slip39SigningSession} as a {@link WalletSession}. */
class Slip39WalletSession extends Slip39SigningSession implements WalletSession {
  enter(read: ChildKeyRead): Progress {
    if (read.kind !== SLIP39_KIND) {
      read.wipe();
      throw foreignRefusal(SLIP39_KIND, read);
    }
    const words = own(read).words;
    read.wipe();
    return this.add(words.mnemonic);
  }
}

/** A recorded SLIP-39 wallet. */
class Slip39RecordedWallet implements Wallet {
  readonly kind = SLIP39_KIND;
  readonly kindLabel = 'SLIP-39 words (JointKey’s raw-key form)';

  constructor(
    readonly record: Slip39WalletRecordJson,
    readonly wallet: Slip39Wallet,
  ) {}

  openSession(platform: Platform = {}): WalletSession {
    return new Slip39WalletSession(this.wallet, platform.pbkdf2);
  }

  holderOf(read: ChildKeyRead): Holder | undefined {
    if (!isSlip39Read(read) || read.words.derivation !== undefined) return undefined;
    const w = read.words;
    const publicKey = w.walletId === undefined ? undefined : bytesToHex(w.walletId);
    if (w.share.identifier !== this.wallet.identifier) return undefined;
    if (publicKey !== undefined && publicKey !== this.record.publicKey) return undefined;
    const label = this.wallet.labels[w.share.memberIndex];
    return label === undefined ? undefined : { index: w.share.memberIndex + 1, label };
  }

  keychainForm(read: ChildKeyRead): KeychainForm {
    return slip39KeychainForm(this.wallet, own(read).words.mnemonic);
  }

  bitcoinKeys(): Uint8Array | undefined {
    return this.record.curve === 'secp256k1' ? hexToBytesStrict(this.record.publicKey, 'publicKey') : undefined;
  }

  checkAlone(read: ChildKeyRead): AloneCheck {
    if (read.kind !== SLIP39_KIND) throw foreignRefusal(SLIP39_KIND, read);
    return slip39CheckAlone(this.wallet, this.record.publicKey, own(read));
  }
}

/**
 * A holder's SLIP-39 words checked alone against the wallet (`walletIdHex`: the id its files carry):
 * their checksum, identifier and parameters; JointKeyError DIFFERENT_WALLET, INCONSISTENT_CHILD_KEY
 * or slip39CheckEntry's errors otherwise.
 */
export function slip39CheckAlone(wallet: Slip39Wallet, walletIdHex: string, read: Slip39Read): AloneCheck {
  const w = read.words;
  const named = wallet.walletLabel ? `“${wallet.walletLabel}”` : 'this wallet';
  if (w.walletId !== undefined && bytesToHex(w.walletId) !== walletIdHex)
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      `${cap(sourceName(read.source))} holds the words of another wallet, not ${named}. Choose your own child key for ${named}.`,
    );
  const { share, holder } = slip39CheckEntry(wallet, w.mnemonic);
  wipe(share.value);
  if (w.label !== undefined && w.label !== holder.label)
    throw new JointKeyError(
      'INCONSISTENT_CHILD_KEY',
      `${cap(sourceName(read.source))} says it is ${w.label}’s, but its words are ${holder.label}’s (member ${holder.index}): the file was edited. Use the words as written on ${holder.label}’s paper.`,
    );
  return {
    holder,
    checked: ['checksum', 'identifier', 'parameters'],
    summary: intactSummary(wallet.walletLabel, holder, wallet.labels.length),
    note: 'SLIP-39 words carry no public check of their share value: words rewritten with a valid checksum are found only when they are combined with others (a Health check).',
  };
}

/**
 * What the keychain stores for a holder's words of a SLIP-39 wallet: the SLIP-39 file form, under
 * `<wallet id hex>/<holder index>`, the words checked against the wallet first (slip39CheckEntry's errors).
 */
export function slip39KeychainForm(wallet: Slip39Wallet, mnemonic: string): KeychainForm {
  const { share, holder } = slip39CheckEntry(wallet, mnemonic);
  share.value.fill(0);
  const setId = bytesToHex(slip39WalletIdOf(wallet));
  return {
    id: `${setId}/${holder.index}`,
    setId,
    index: holder.index,
    wallet: wallet.walletLabel,
    holder: holder.label,
    parties: wallet.labels.length,
    threshold: wallet.threshold,
    text: slip39WalletFileForm(wallet, holder.index, mnemonic.trim().split(/\s+/).join(' ').toLowerCase()),
  };
}

/**
 * Combines SLIP-39 words read from files (the CLI's restore): a member entered twice is named; the
 * result is checked against the wallet id a file carries. `passphrase` is SLIP-39's own.
 */
function restoreSlip39(reads: readonly Slip39Read[], passphrase: string, pbkdf2?: Pbkdf2Fn): Restoration {
  const seen = new Map<string, string>();
  for (const r of reads) {
    const s = r.words.share;
    const key = `${s.identifier}/${s.groupIndex}/${s.memberIndex}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new JointKeyError(
        'DUPLICATE_CHILD_KEY',
        `${sourceName(r.source)} holds the same SLIP-39 member (group ${s.groupIndex + 1}, member ${s.memberIndex + 1}) as ${first}. Each holder's child key counts once.`,
      );
    seen.set(key, sourceName(r.source));
  }
  let secret: Uint8Array;
  try {
    secret = slip39Combine(
      reads.map((r) => r.words.mnemonic),
      { passphrase, ...(pbkdf2 ? { pbkdf2 } : {}) },
    );
  } catch (e) {
    if (!isJointKeyError(e)) throw e;
    const order = reads.map((r, i) => `${i + 1} = ${sourceName(r.source)}`).join(', ');
    throw new JointKeyError(e.code, `${e.message} (Mnemonics are numbered in the order of the files: ${order}.)`);
  }
  const known = reads.find((r) => r.words.walletId !== undefined)?.words;
  if (known?.walletId) {
    let id: Uint8Array | undefined;
    try {
      id =
        known.derivation === 'bip32'
          ? bip32MasterPublicKey(secret)
          : known.curve
            ? publicKeyOf(curveById(known.curve), secret)
            : secretFingerprint(secret);
    } catch {
      id = undefined;
    }
    if (!id || !equalBytes(id, known.walletId)) {
      wipe(secret);
      throw new JointKeyError(
        'WRONG_RESULT',
        'The SLIP-39 mnemonics were combined, but the result is not this wallet’s key: the SLIP-39 passphrase is wrong, or a mnemonic belongs to another wallet. Check the passphrase and try again.',
      );
    }
  }
  // A standard wallet's master secret is a seed, not a key of the curve.
  const curve = known?.derivation === 'bip32' ? null : (known?.curve ?? null);
  return { secret, curve, walletId: known?.walletId, info: { scheme: 'slip39' } };
}

/**
 * SLIP-39 wallets of JointKey's raw-key form: standard mnemonics, one group, any T of N, whose
 * master secret is the private key itself (a Trezor recovers the same secret but derives other
 * addresses from it: ./slip39-bip32.ts makes the standard wallets). Every SLIP-39 wallet recorded
 * before the standard kind is of this form; `jointkey split --scheme slip39-raw` still makes one
 * (an imported key keeps its addresses only this way).
 */
export const SLIP39_KIND: WalletKind = {
  id: 'slip39',
  schemes: ['slip39-raw'],
  noun: 'SLIP-39 words',
  nounPlural: 'SLIP-39 words of JointKey’s raw-key form',
  enterInstead: 'Choose this holder’s SLIP-39 file, or type their words.',
  wordsLayout: 'words',
  printsPaper: false,
  signsPsbt: true,

  takesPassphrase: true,
  sealsLargeFiles: false,

  unrecordable(curve, request) {
    if (request.passphrase !== undefined)
      return 'a split with a SLIP-39 passphrase (--slip39-passphrase-file): the wallet record describes words that restore the key without one. Leave out --data-dir to split with the passphrase and keep no record, or leave out --slip39-passphrase-file to record the wallet.';
    if (curve === null || curve === undefined)
      return 'a secret that is not a private key: the wallet record describes a key, by its public key and addresses. Leave out --data-dir to split it without a record, or, if it is a private key, name its curve (--curve secp256k1 or ed25519).';
    return undefined;
  },

  split(curve, key, request: SplitRequest, origin: KeyOrigin, platform: Platform = {}): WalletCeremony {
    aobject(request, 'request');
    if (curve === null || request.passphrase !== undefined)
      return new Slip39PlainCeremony(curve, key, request, origin, platform.pbkdf2);
    const split = slip39SplitKey(curve, key, {
      labels: request.labels,
      walletLabel: request.walletLabel,
      threshold: request.threshold,
      ...(platform.pbkdf2 ? { pbkdf2: platform.pbkdf2 } : {}),
    });
    return new Slip39WalletCeremony(split, key, origin);
  },

  walletFromJson(value) {
    const o = value as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || o['scheme'] !== 'slip39' || 'bip32' in o) return undefined;
    const { record, slip39 } = slip39WalletRecordFromJson(value);
    return new Slip39RecordedWallet(record, slip39);
  },

  recognizes(text) {
    const json = parseJson(text);
    return json !== undefined ? isSlip39File(json) && !hasDerivation(json) : looksLikeMnemonic(text);
  },

  read: readSlip39,

  verifyReport(read) {
    const { words } = own(read);
    const s = words.share;
    return {
      checked: ['checksum'],
      note: 'A SLIP-39 mnemonic is checked by its RS1024 checksum; its share is checked when the set is combined.',
      scheme: 'slip39',
      wallet: words.walletLabel ?? null,
      holder: words.label ?? null,
      identifier: s.identifier,
      group: s.groupIndex + 1,
      index: s.memberIndex + 1,
      threshold: s.memberThreshold,
    };
  },

  printable(read) {
    throw new JointKeyError(
      'DIFFERENT_SCHEME',
      `${sourceName(read.source)} is a SLIP-39 child key: its paper backup is its mnemonic. Write its words on paper, in order, and keep it safe.`,
    );
  },

  sessionFromReads() {
    return undefined;
  },

  walletOf(read, wallets) {
    return wallets.find((w) => w.holderOf(read) !== undefined);
  },

  keychainFormWithoutRecord(read, hint) {
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      `${sourceName(read.source)} holds SLIP-39 words of a wallet this computer has no record of. Keep them on the computer where the wallet was created, or check that you chose your own file.${hint}`,
    );
  },

  restore(reads, options): Restoration {
    return restoreSlip39(reads.map(own), options.passphrase ?? '', options.platform?.pbkdf2);
  },
};
