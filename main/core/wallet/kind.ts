/**
 * One wallet model for every kind of wallet (docs/development.md, "Adding a wallet kind"). A kind —
 * the method's own split schemes, SLIP-39 — implements {@link WalletKind}; the ceremony registry,
 * the signing sessions, the keychain, the wallet store, the IPC handlers and the CLI call these
 * interfaces and never ask which kind a wallet is. Kinds register in ./kinds/index.ts.
 */
import type { Bip32BitcoinKeys, TaprootOnlyKey } from '../chains/bitcoin/descriptors.js';
import type { CurveRef, ChildKey, SetPublic } from '../formats/child-key.js';
import type { Pbkdf2Fn } from '../sharing/slip39/index.js';
import type { CeremonyProgress, HandOff, KeyOrigin, Receipt, ReceiptMethod } from './ceremony.js';
import type { WalletRecordJson } from './record.js';
import type { Progress, SignRequest, SignResult } from './session.js';

export type { WalletRecordJson };

export interface Holder {
  index: number;
  label: string;
}

/** Where a child key came from, so that a refusal can name it. */
export type EntrySource = { from: 'typed' } | { from: 'file'; path: string } | { from: 'keychain'; id: string };

/** What a kind may need of the platform (the app and the CLI pass Node's native PBKDF2). */
export interface Platform {
  pbkdf2?: Pbkdf2Fn;
}

/**
 * A holder's child key as read from one of its kind's forms — a file's plaintext, typed text, a
 * keychain entry. It holds the secret share: whoever reads it calls {@link wipe} when done.
 */
export interface ChildKeyRead {
  readonly kind: WalletKind;
  /** Where it was read from (named in refusals). */
  readonly source: EntrySource;
  /** Whose it is: the label is empty where the form does not carry it (bare SLIP-39 words). */
  readonly holder: Holder;
  /** The wallet's label, when the form carries it. */
  readonly walletLabel: string | undefined;
  /** The set id (hex) the child key names, where its kind's child keys carry one. */
  readonly setIdHex: string | undefined;
  /** The key's curve and public key (or a secret's fingerprint), when the form carries them. */
  readonly curve: CurveRef | null | undefined;
  readonly walletId: Uint8Array | undefined;
  wipe(): void;
}

/** What the keychain stores for one holder: the entry id, its labels and the text it holds. */
export interface KeychainForm {
  /** `<wallet id hex>/<holder index>`. */
  id: string;
  setId: string;
  index: number;
  wallet: string;
  holder: string;
  parties: number;
  threshold: number;
  /** The holder's file form (secret): stored as the entry's value. */
  text: string;
}

/** A child key a paper backup can print (the method's child keys: text form and QR). */
export interface PrintableChildKey {
  childKey: ChildKey;
  /** Absent for a child key in text form, which carries no wallet data. */
  set?: SetPublic | undefined;
}

/** A key being split and handed to its holders (a kind's ceremony): the method's middle steps. */
export interface WalletCeremony extends HandOff {
  readonly kind: WalletKind;
  /** Public facts of the split for the CLI's output ({setId, scheme, threshold, parties…}). */
  summary(): Record<string, unknown>;
  /** The wallet's id (the record's id) and public data. */
  readonly walletId: Uint8Array;
  readonly walletLabel: string;
  readonly curve: CurveRef | null;
  readonly publicKey: Uint8Array;
  readonly scheme: string;
  readonly threshold: number;
  /** The suffix of a holder's unencrypted file ("jointkey.json", "slip39.json"). */
  readonly fileSuffix: string;
  /** Holder `index`'s file form (secret). */
  fileForm(index: number): string;
  /** Holder `index`'s words (secret): the text form, or the mnemonic. */
  textForm(index: number): string;
  /** Holder `index`'s child key for a paper backup; JointKeyError saying what to do instead where the kind has none. */
  printable(index: number): PrintableChildKey;
  /**
   * Takes holder `index`'s receipt from what they presented (their file re-opened, or their words
   * re-typed): exactly what they were given. JointKeyError RECEIPT_MISMATCH or DIFFERENT_SCHEME
   * naming them. Does not wipe `read`.
   */
  confirmRead(index: number, read: ChildKeyRead, method: ReceiptMethod, confirmedAt: string): Receipt;
  /** The wallet record, once every receipt is in (RECEIPT_MISSING before). */
  recordJson(createdAt: string): WalletRecordJson;
  progress(): CeremonyProgress;
  secretBuffers(): Uint8Array[];
}

/** A joint signing (or health-check) session on one wallet: child keys entered one at a time. */
export interface WalletSession {
  /** Plain words of what will be signed. */
  describe(request: SignRequest): string[];
  /**
   * Takes one holder's child key (read by ./kinds/index.ts's readChildKey), checked at once: another
   * wallet's, a duplicate, another kind's are refused, named. The session keeps it (and wipes it
   * when done); on refusal it wipes it at once.
   */
  enter(read: ChildKeyRead): Progress;
  progress(): Progress;
  /** Restores (or combines), checks, signs, verifies, wipes; the session then closes. */
  sign(request: SignRequest): SignResult;
  /**
   * Restores (or combines) the key from the child keys entered, checks it gives the wallet's public
   * key, lends it to `use` (a rekey splits a copy of it), then wipes it; the session then closes.
   * JointKeyError TOO_FEW_CHILD_KEYS naming who is missing, WRONG_RESULT, the restore errors.
   */
  withKey<T>(use: (key: Uint8Array, curve: CurveRef | null) => T): T;
  close(): void;
  readonly closed: boolean;
  secretBuffers(): readonly Uint8Array[];
}

/** What checking one holder's child key alone against its wallet's record showed (public facts). */
export interface AloneCheck {
  holder: Holder;
  /** What was checked: 'checksum', 'wallet', 'share' (JointKey), 'identifier', 'parameters' (SLIP-39). */
  checked: string[];
  /** "Your child key for Family savings is intact (holder 2 of 3, Bob)." */
  summary: string;
  /** What could not be checked alone, when something could not. */
  note?: string;
}

/** A recorded wallet of some kind, loaded from its record. */
export interface Wallet {
  readonly kind: WalletKind;
  /** The record, as parsed and checked (public data only). */
  readonly record: WalletRecordJson;
  /** How the wallet's child keys are called on its card ("SLIP-39 recovery words"). */
  readonly kindLabel: string;
  openSession(platform?: Platform): WalletSession;
  /** The holder `read` is, when it is one of this wallet's child keys; undefined otherwise. */
  holderOf(read: ChildKeyRead): Holder | undefined;
  /** What the keychain stores for `read`, checked against this wallet (DIFFERENT_WALLET otherwise). */
  keychainForm(read: ChildKeyRead): KeychainForm;
  /**
   * Checks one holder's child key alone — no quorum — against this wallet's record (JointKey: the
   * set's commitments, public point or salted hash; SLIP-39: the checksum, the identifier and the
   * parameters). JointKeyError naming what is wrong (another wallet's, another kind's, a changed
   * share). Does not wipe `read`.
   */
  checkAlone(read: ChildKeyRead): AloneCheck;
  /**
   * The public keys of the Bitcoin addresses this wallet shows and signs PSBT inputs of: its key
   * (one for SegWit and Taproot, on every network), a BIP-32 wallet's keys by network with its
   * master key, a FROST wallet's Taproot internal key, or undefined where it has no Bitcoin address
   * (a secret, an Ed25519 wallet).
   */
  bitcoinKeys(): Uint8Array | Bip32BitcoinKeys | TaprootOnlyKey | undefined;
}

/** Options of a split, as the Create screen and `jointkey split` give them. */
export interface SplitRequest {
  scheme: string;
  labels: string[];
  walletLabel?: string | undefined;
  threshold?: number | undefined;
  /** A passphrase the kind's own standard takes (SLIP-39's); a kind without one refuses it. */
  passphrase?: string | undefined;
  /**
   * True when the key is a recorded wallet's own master secret, split anew by a rekey: a kind that
   * refuses imported keys (a standard SLIP-39 wallet's seed) accepts its own.
   */
  rekey?: boolean | undefined;
}

/** One kind of wallet. */
export interface WalletKind {
  /** Stable id ('jointkey', 'slip39'). */
  readonly id: string;
  /** The schemes this kind splits with, by their stable names. */
  readonly schemes: readonly string[];
  /** What a holder's child key is called: "a JointKey child key", "SLIP-39 words". */
  readonly noun: string;
  /** What a wallet's child keys are called: "JointKey child keys", "SLIP-39 words". */
  readonly nounPlural: string;
  /** What to enter instead, to a holder who brought another kind's child key. */
  readonly enterInstead: string;
  /** How a holder's words are shown and typed: groups of characters (jk1-…), or numbered words. */
  readonly wordsLayout: 'groups' | 'words';
  /** Whether a holder's child key can be printed as a paper backup (PDF). */
  readonly printsPaper: boolean;
  /**
   * Whether a secp256k1 wallet of this kind signs PSBTs: a JointKey or raw-key SLIP-39 wallet with
   * its key, a standard SLIP-39 wallet with its keys on BIP-84/86 paths (its record gives them).
   * Not a FROST wallet (its Taproot key is signed for across computers, message by message).
   */
  readonly signsPsbt: boolean;
  /** Whether a split takes a passphrase of the kind's own standard (SLIP-39's). */
  readonly takesPassphrase: boolean;
  /** Whether a large file may be sealed and only its file key split with this kind (the body is bound to a set id). */
  readonly sealsLargeFiles: boolean;
  /**
   * Why a wallet record cannot describe a split of this kind with these options (undefined when it
   * can), and what to do instead: checked before any key is made or read.
   */
  unrecordable(curve: CurveRef | null | undefined, request: { passphrase?: string | undefined }): string | undefined;
  /** Splits `key` (a private key of `curve`, or a secret when null) into a ceremony that holds it. */
  split(
    curve: CurveRef | null,
    key: Uint8Array,
    request: SplitRequest,
    origin: KeyOrigin,
    platform?: Platform,
  ): WalletCeremony;
  /** Parses a record of this kind (undefined when `value` is not one), as strictly as the record requires. */
  walletFromJson(value: unknown): Wallet | undefined;
  /** True when `text` is in one of this kind's forms (decides which kind parses it). */
  recognizes(text: string): boolean;
  /** Reads a child key from one of this kind's forms. JointKeyError naming the problem. */
  read(text: string, source: EntrySource): ChildKeyRead;
  /**
   * A session on the wallet the child keys `reads` name, from the public data their own forms carry
   * (a JointKey child-key file carries its set); undefined when only the wallet's record can tell.
   */
  sessionFromReads(reads: readonly ChildKeyRead[], platform?: Platform): WalletSession | undefined;
  /** The wallet among `wallets` that `read` belongs to, if any. */
  walletOf(read: ChildKeyRead, wallets: readonly Wallet[]): Wallet | undefined;
  /**
   * The keychain form of a child key with no wallet record on this computer: possible where its own
   * form carries its wallet's public data; otherwise the kind's refusal, ending with `hint` (what
   * else the person can do there).
   */
  keychainFormWithoutRecord(read: ChildKeyRead, hint: string): KeychainForm;
  /** What checking `read` alone showed, for `jointkey verify`: public facts only ({checked, scheme, holder, index…}). */
  verifyReport(read: ChildKeyRead): Record<string, unknown>;
  /** `read` as a paper backup prints it; the kind's refusal, saying what to do instead, where it has none. */
  printable(read: ChildKeyRead): PrintableChildKey;
  /** Restores the secret from child keys read (all of this kind), checking it. `passphrase`: SLIP-39's. */
  restore(reads: readonly ChildKeyRead[], options: { passphrase?: string; platform?: Platform }): Restoration;
}

/** A restored secret (wipe it) and what it is. */
export interface Restoration {
  secret: Uint8Array;
  curve: CurveRef | null;
  walletId: Uint8Array | undefined;
  /** The set id, where the kind's sets have one (a sealed body is bound to it). */
  setId?: Uint8Array | undefined;
  /** Public facts for the CLI's output (scheme, set id…). */
  info: Record<string, unknown>;
}
