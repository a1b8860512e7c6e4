/**
 * A wallet whose key is split as standard SLIP-39 mnemonics (one group, any t of its n members;
 * the master secret is the 32-byte private key; no SLIP-39 passphrase), so a Trezor or any SLIP-39
 * tool can combine the words too. What JointKey keeps of such a wallet is public only
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
import { aarray, abytes, afunction, aint, aobject, astring, utf8ToBytes, wipe, type Rng } from './bytes.js';
import { HandOff, type KeyOrigin, type Receipt, type ReceiptMethod } from './ceremony.js';
import { type CurveRef, MAX_WALLET_LABEL_BYTES, holderLabels, normalizeLabel } from './child-key.js';
import { equalConstantTime } from './commitments.js';
import { curveById, publicKeyOf } from './curves.js';
import { JointKeyError, isJointKeyError } from './errors.js';
import {
  type Progress,
  SecretSession,
  type SignRequest,
  type SignResult,
  describeRequest,
  progressOf,
  signWithKey,
} from './session.js';
import {
  type Pbkdf2Fn,
  type Slip39Share,
  decodeMnemonic,
  defaultPbkdf2,
  slip39Combine,
  slip39Split,
} from './slip39/index.js';
import { slip39ChildKeyToFile } from './slip39/file-form.js';
import { RS1024_GEN, rs1024CreateChecksum, rs1024VerifyChecksum } from './slip39/rs1024.js';
import { mnemonicToIndices } from './slip39/share.js';
import { cap } from './verify.js';

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

/** One step of RS1024's polymod with a zero word: the checksum state shifted by one word. */
function shift(c: number): number {
  const top = c >>> 20;
  let out = (c & 0xfffff) << 10;
  for (let i = 0; i < 10; i++) if ((top >>> i) & 1) out ^= RS1024_GEN[i]!;
  return out;
}

/**
 * Where a single mistyped word is, in words that fail their checksum: the 1-based position of the
 * only word whose replacement makes the checksum valid, or undefined when no single word (or more
 * than one) does. RS1024 detects every error of up to 3 words, so a single typo has one position.
 *
 * RS1024's checksum is linear over GF(2): changing word i by XOR d changes the final state by
 * XOR of T[i][b] for the bits b of d, where T[i][b] is bit b shifted through the words after i. So
 * each candidate costs ten XORs instead of a checksum over every word. A word that flips the
 * extendable flag (word 2, bit 4) changes the customization string: those candidates are checked whole.
 */
export function locateSlip39Typo(indices: readonly number[]): number | undefined {
  aarray(indices, 'indices', 4, 4096);
  indices.forEach((w, i) => aint(w, `indices[${i}]`, 0, 1023));
  const n = indices.length;
  const extendable = ((((indices[0] as number) * 1024 + (indices[1] as number)) >>> 4) & 1) === 1;
  const t: number[][] = Array.from({ length: n }, () => new Array<number>(10).fill(0));
  for (let b = 0; b < 10; b++) {
    let c = 1 << b;
    for (let i = n - 1; i >= 0; i--) {
      (t[i] as number[])[b] = c;
      c = shift(c);
    }
  }
  const effect = (i: number, d: number) => {
    let x = 0;
    for (let b = 0; b < 10; b++) if ((d >>> b) & 1) x ^= (t[i] as number[])[b] as number;
    return x;
  };
  // The state's distance from a valid checksum: what the last three words miss by.
  const data = indices.slice(0, n - 3);
  const right = rs1024CreateChecksum(data, extendable);
  let miss = 0;
  for (let k = 0; k < 3; k++) miss ^= effect(n - 3 + k, (indices[n - 3 + k] as number) ^ (right[k] as number));
  let found: number | undefined;
  const candidate = [...indices];
  for (let i = 0; i < n; i++) {
    for (let d = 1; d < 1024; d++) {
      let fits: boolean;
      if (i === 1 && (d & 16) !== 0) {
        candidate[1] = (indices[1] as number) ^ d;
        fits = rs1024VerifyChecksum(candidate, !extendable);
        candidate[1] = indices[1] as number;
      } else fits = effect(i, d) === miss;
      if (!fits) continue;
      if (found !== undefined && found !== i + 1) return undefined;
      found = i + 1;
      break;
    }
  }
  return found;
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
  let share: Slip39Share;
  try {
    share = decodeMnemonic(mnemonic);
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
    this.walletId = slip39WalletIdOf(split.wallet);
    this.#key = key;
    this.#mnemonics = [...split.mnemonics];
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
    this.walletId = slip39WalletIdOf(wallet);
    this.#pbkdf2 = afunction(pbkdf2, 'pbkdf2');
  }

  describe(request: SignRequest): string[] {
    return describeRequest(request);
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
      const missing = this.progress().missing.map((m) => m.label);
      throw new JointKeyError(
        'DUPLICATE_CHILD_KEY',
        `${cap(holder.label)}’s words were already entered. Each holder’s words count once: ${missing.join(', ') || 'nobody else'} still ${missing.length === 1 ? 'has' : 'have'} to enter theirs.`,
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
      if (!equalConstantTime(publicKeyOf(curveById(this.wallet.curve), key), this.wallet.publicKey))
        throw new JointKeyError(
          'WRONG_RESULT',
          'The words entered combine to a key that is not this wallet’s: one of them was changed after the split. Cancel, and have each holder enter their words again from their own copy.',
        );
      return signWithKey(this.wallet.curve, this.wallet.publicKey, key, request);
    } finally {
      if (key) wipe(key);
      this.close();
    }
  }

  protected override forget(): void {
    this.#entered.clear();
  }
}
