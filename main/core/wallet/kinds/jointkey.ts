/**
 * The method's own wallets: a key (or any secret) split by one of its schemes — xor, additive,
 * shamir (a polynomial mod a prime), gf256 — into self-describing child keys checked against the
 * set's public data (formats/). The kind behind {@link JOINTKEY_KIND}: its split ceremony, signing
 * session, record, and the forms a holder's child key takes (file form, text form).
 *
 * JS cannot guarantee zeroing: the ceremony and the session overwrite every buffer they hold, but
 * the engine may have made copies.
 */
import { aint, aobject, afunction, astring, bytesToHex, hexToBytesStrict, wipe } from '../../bytes.js';
import { JointKeyError, isJointKeyError } from '../../errors.js';
import { type ChildKey, type CurveRef, type SetPublic, SCHEMES, nameOf } from '../../formats/child-key.js';
import { childKeyFromFile, childKeyToFile, looksLikeFile } from '../../formats/file-form.js';
import {
  type SetPublicJson,
  exactObject,
  setIdOf,
  setPublicFromJson,
  setPublicToJson,
} from '../../formats/set-public.js';
import { checkTypedChildKey } from '../../formats/text-check.js';
import { childKeyFromText, childKeyToText } from '../../formats/text-form.js';
import { cap, verifyChildKey } from '../../formats/verify.js';
import { equalConstantTime } from '../../math/commitments.js';
import { HandOff, type KeyOrigin, RECEIPT_METHODS, type Receipt, type ReceiptMethod } from '../ceremony.js';
import type {
  AloneCheck,
  ChildKeyRead,
  EntrySource,
  KeychainForm,
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
  receiptsOf,
} from '../record.js';
import { mostCommon, restore } from '../restore.js';
import {
  type Progress,
  SecretSession,
  type SignRequest,
  type SignResult,
  checkRequest,
  describeRequest,
  progressOf,
  signWithKey,
} from '../session.js';
import { type SplitResult, splitKey, splitSecret } from '../split.js';
import { foreignRefusal, intactSummary, receiptOfOtherKind, sourceName } from './entry.js';

/** A JointKey wallet's record: the common fields and the set's full public data. */
export interface JointKeyRecordJson extends WalletRecordJson {
  set: SetPublicJson;
}

/** A JointKey child key read from a form: the child key, and its set's public data when the form carries it. */
export interface JointKeyRead extends ChildKeyRead {
  readonly childKey: ChildKey;
  readonly set: SetPublic | undefined;
}

function readOf(childKey: ChildKey, set: SetPublic | undefined, source: EntrySource): JointKeyRead {
  return {
    kind: JOINTKEY_KIND,
    source,
    holder: { index: childKey.index, label: childKey.label },
    setIdHex: bytesToHex(childKey.setId),
    walletLabel: set?.walletLabel,
    curve: childKey.curve,
    walletId: childKey.walletId,
    childKey,
    set,
    wipe: () => wipe(childKey.share, childKey.blinding),
  };
}

function own(read: ChildKeyRead): JointKeyRead {
  if (read.kind !== JOINTKEY_KIND) throw new TypeError('a JointKey child key was expected');
  return read as JointKeyRead;
}

/**
 * A typed child key refused with CHECKSUM_MISMATCH, said with where the typo most likely is (from
 * {@link checkTypedChildKey}); any other refusal as it is.
 */
export function withTypoLocation(e: unknown, text: string): unknown {
  if (!isJointKeyError(e) || e.code !== 'CHECKSUM_MISMATCH') return e;
  const c = checkTypedChildKey(text);
  if (c.state !== 'typo' || c.group === undefined) return e;
  return new JointKeyError('CHECKSUM_MISMATCH', `This child key has a typo. ${c.message}`);
}

/** Reads a JointKey child key from its file form or text form. */
function readJointKey(text: string, source: EntrySource): JointKeyRead {
  astring(text, 'text', 64 * 1024 * 1024);
  if (looksLikeFile(text)) {
    const { childKey, set } = childKeyFromFile(text);
    return readOf(childKey, set, source);
  }
  try {
    return readOf(childKeyFromText(text), undefined, source);
  } catch (e) {
    throw source.from === 'typed' ? withTypoLocation(e, text) : e;
  }
}

/**
 * The wallet record of a set. `createdAt` is an ISO date; `receipts` one per holder in holder order
 * (JointKeyError RECEIPT_MISSING otherwise).
 */
export function walletRecordOf(
  set: SetPublic,
  createdAt: string,
  receipts: readonly Receipt[],
  addressesOf: AddressesOf = defaultAddresses,
): JointKeyRecordJson {
  astring(createdAt, 'createdAt', 64);
  afunction(addressesOf, 'addressesOf');
  const checked = receiptsOf(set.labels, receipts);
  return {
    format: WALLET_FORMAT,
    version: 1,
    id: bytesToHex(setIdOf(set)),
    label: set.walletLabel,
    curve: set.curve,
    publicKey: bytesToHex(set.walletId),
    addresses: set.curve ? addressesOf(set.curve, set.walletId) : {},
    scheme: set.scheme,
    parties: set.parties,
    threshold: set.threshold,
    holders: [...set.labels],
    createdAt,
    receipts: checked,
    set: setPublicToJson(set),
  };
}

const KEYS = [...RECORD_KEYS, 'set'] as const;

/**
 * Parses a wallet record and checks it: the set's data against its set id, and every readable field
 * against the set (addresses recomputed). Throws JointKeyError TAMPERED_FILE naming the field, or
 * UNSUPPORTED_VERSION.
 */
export function walletRecordFromJson(
  value: unknown,
  addressesOf: AddressesOf = defaultAddresses,
): { record: JointKeyRecordJson; set: SetPublic } {
  const o = exactObject(checkRecordHeader(value), 'the wallet record', KEYS);
  const set = setPublicFromJson(o['set']);
  if (typeof o['createdAt'] !== 'string' || Number.isNaN(Date.parse(o['createdAt'])))
    throw new JointKeyError(
      'TAMPERED_FILE',
      'The wallet record was edited: its creation date is not a date. Restore it from a backup.',
    );
  let expected: JointKeyRecordJson;
  try {
    expected = walletRecordOf(set, o['createdAt'], o['receipts'] as Receipt[], addressesOf);
  } catch (e) {
    if (!(e instanceof JointKeyError) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw e;
    throw new JointKeyError(
      'TAMPERED_FILE',
      'The wallet record was edited: its receipts are not one per holder. Restore it from a backup.',
    );
  }
  for (const k of KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw new JointKeyError(
        'TAMPERED_FILE',
        `The wallet record was edited: its "${k}" does not match the wallet's public data. Restore it from a backup or a holder's child-key file.`,
      );
  return { record: expected, set };
}

/** A child key's secret buffers: its share, and its blinding share when it has one (version 2). */
function secretsOf(ck: ChildKey): Uint8Array[] {
  return ck.blinding.length > 0 ? [ck.share, ck.blinding] : [ck.share];
}

export class SplitCeremony extends HandOff {
  readonly set: SetPublic;
  readonly setId: Uint8Array;
  #secret: Uint8Array;
  #childKeys: ChildKey[];

  /**
   * Takes over `secret` (the original key) and the split's child keys; both are overwritten when
   * the ceremony finishes or is abandoned. Throws TypeError for arguments of the wrong kind.
   */
  constructor(split: SplitResult, secret: Uint8Array, origin: KeyOrigin) {
    aobject(split, 'split');
    if (!Array.isArray(split.childKeys) || typeof split.set !== 'object' || split.set === null)
      throw new TypeError('split must be the result of splitKey or splitSecret');
    if (!(secret instanceof Uint8Array)) throw new TypeError('secret must be a Uint8Array');
    if (split.childKeys.length !== split.set.parties) throw new RangeError('split must hold one child key per holder');
    super(split.set.labels, origin);
    this.set = split.set;
    this.setId = split.setId;
    this.#secret = secret;
    this.#childKeys = split.childKeys;
  }

  /** Holder `index`'s child key, to hand off (their file, paper backup or words). */
  childKey(index: number): ChildKey {
    this.open();
    aint(index, 'index', 1, this.set.parties);
    return this.#childKeys[index - 1] as ChildKey;
  }

  /**
   * Records holder `index`'s receipt: `presented` is the child key they re-opened or re-typed; it
   * must be exactly the one they were given and verify against the set. Confirming again replaces
   * nothing and returns the first receipt. Throws JointKeyError RECEIPT_MISMATCH naming the holder.
   */
  confirm(index: number, presented: ChildKey, method: ReceiptMethod, confirmedAt: string): Receipt {
    this.open();
    aint(index, 'index', 1, this.set.parties);
    aobject(presented, 'presented');
    if (!RECEIPT_METHODS.includes(method)) throw new TypeError(`method must be ${RECEIPT_METHODS.join(' or ')}`);
    const given = this.#childKeys[index - 1] as ChildKey;
    const holder = given.label;
    if (presented.index !== index)
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `${holder} presented ${nameOf(presented)}, not their own (child key ${index}). Each holder confirms with the child key they were given.`,
      );
    try {
      verifyChildKey(presented, this.set, this.setId);
    } catch (e) {
      const why = e instanceof Error ? e.message : '';
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `What ${holder} presented is not the child key they were given: ${why} Hand ${holder} their child key again.`,
      );
    }
    if (
      !equalConstantTime(presented.share, given.share) ||
      presented.blinding.length !== given.blinding.length ||
      (given.blinding.length > 0 && !equalConstantTime(presented.blinding, given.blinding))
    )
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `What ${holder} presented is not the child key they were given. Hand ${holder} their child key again.`,
      );
    return this.record(index, method, confirmedAt);
  }

  protected override wipeSecrets(): void {
    wipe(this.#secret, ...this.#childKeys.flatMap((ck) => secretsOf(ck)));
  }

  /** The buffers it overwrites, for tests that check they were. */
  secretBuffers(): Uint8Array[] {
    return [this.#secret, ...this.#childKeys.flatMap((ck) => secretsOf(ck))];
  }
}

export class SigningSession extends SecretSession {
  readonly set: SetPublic;
  readonly setId: Uint8Array;
  #entered = new Map<number, ChildKey>();

  constructor(set: SetPublic) {
    if (typeof set !== 'object' || set === null || !Array.isArray(set.labels))
      throw new TypeError('set must be a set’s public data');
    super();
    this.set = set;
    this.setId = setIdOf(set);
  }

  /** Plain words of what will be signed, to show every holder before anyone enters a child key. */
  describe(request: SignRequest): string[] {
    return describeRequest(request, this.set.curve, this.set.walletId);
  }

  /**
   * Takes one holder's child key. Checks it at once against the wallet: JointKeyError
   * DIFFERENT_WALLET, DIFFERENT_SET, DIFFERENT_SCHEME, INCONSISTENT_CHILD_KEY, INDEX_ZERO,
   * CHILD_KEY_MISMATCH, DUPLICATE_CHILD_KEY, each naming the child key. The session keeps the child
   * key (and wipes it when done); on refusal it wipes it at once.
   */
  add(childKey: ChildKey): Progress {
    this.open();
    try {
      verifyChildKey(childKey, this.set, this.setId);
      if (this.#entered.has(childKey.index))
        throw this.alreadyEntered(
          `${cap(nameOf(childKey))} was already entered`,
          'Each holder’s child key counts once',
          this.progress().missing.map((m) => m.label),
        );
    } catch (e) {
      wipe(childKey.share, childKey.blinding);
      throw e;
    }
    this.#entered.set(childKey.index, childKey);
    for (const b of secretsOf(childKey)) this.keep(b);
    return this.progress();
  }

  progress(): Progress {
    return progressOf(this.set.labels, this.set.threshold, [...this.#entered.keys()]);
  }

  /**
   * Restores the key from the child keys entered, checks it against the wallet's public key, signs
   * the request, verifies the signature, and wipes the key and every child key. The session is then
   * closed. Throws JointKeyError TOO_FEW_CHILD_KEYS (naming who is missing), the restore errors,
   * or INVALID_ARGUMENT for a request the wallet's curve cannot sign.
   */
  sign(request: SignRequest): SignResult {
    this.open();
    let key: Uint8Array | undefined;
    try {
      if (this.set.curve === null && request.kind !== 'health-check')
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'This set holds a secret, not a key: it can be restored, not used to sign.',
        );
      checkRequest(this.set.curve ?? 'secp256k1', request);
      const restored = restore([...this.#entered.values()], { set: this.set, verified: true });
      key = restored.secret;
      this.keep(key);
      return signWithKey(this.set.curve, this.set.walletId, key, request);
    } finally {
      if (key) wipe(key);
      if (this.progress().ready) this.close();
    }
  }

  /**
   * Restores the key from the child keys entered (checked against the wallet's public key), lends it
   * to `use`, then wipes it and every child key; the session is then closed. The errors of {@link sign}.
   */
  withKey<T>(use: (key: Uint8Array, curve: CurveRef | null) => T): T {
    this.open();
    let key: Uint8Array | undefined;
    try {
      const restored = restore([...this.#entered.values()], { set: this.set, verified: true });
      key = restored.secret;
      this.keep(key);
      return use(key, this.set.curve);
    } finally {
      if (key) wipe(key);
      if (this.progress().ready) this.close();
    }
  }

  protected override forget(): void {
    this.#entered.clear();
  }
}

/** {@link SplitCeremony} as a {@link WalletCeremony}. */
class JointKeyCeremony extends SplitCeremony implements WalletCeremony {
  readonly kind: WalletKind = JOINTKEY_KIND;
  readonly fileSuffix = 'jointkey.json';

  get walletId(): Uint8Array {
    return this.setId;
  }
  get walletLabel(): string {
    return this.set.walletLabel;
  }
  get curve(): CurveRef | null {
    return this.set.curve;
  }
  get publicKey(): Uint8Array {
    return this.set.walletId;
  }
  get scheme(): string {
    return this.set.scheme;
  }
  get threshold(): number {
    return this.set.threshold;
  }

  summary(): Record<string, unknown> {
    return {
      setId: bytesToHex(this.setId),
      scheme: this.set.scheme,
      threshold: this.set.threshold,
      parties: this.set.parties,
    };
  }

  fileForm(index: number): string {
    return childKeyToFile(this.childKey(index), this.set);
  }

  textForm(index: number): string {
    return childKeyToText(this.childKey(index));
  }

  printable(index: number): PrintableChildKey {
    return { childKey: this.childKey(index), set: this.set };
  }

  confirmRead(index: number, read: ChildKeyRead, method: ReceiptMethod, confirmedAt: string): Receipt {
    if (read.kind !== JOINTKEY_KIND) throw receiptOfOtherKind(this.holder(index), read);
    return this.confirm(index, own(read).childKey, method, confirmedAt);
  }

  recordJson(createdAt: string): JointKeyRecordJson {
    this.requireComplete('Recording the wallet');
    return walletRecordOf(this.set, createdAt, this.receipts);
  }
}

/** {@link SigningSession} as a {@link WalletSession}: child keys entered from their text. */
class JointKeySession extends SigningSession implements WalletSession {
  enter(read: ChildKeyRead): Progress {
    if (read.kind !== JOINTKEY_KIND) {
      read.wipe();
      throw foreignRefusal(JOINTKEY_KIND, read);
    }
    return this.add(own(read).childKey);
  }
}

/** A recorded JointKey wallet. */
class JointKeyWallet implements Wallet {
  readonly kind = JOINTKEY_KIND;
  readonly kindLabel: string;
  readonly setIdHex: string;

  constructor(
    readonly record: JointKeyRecordJson,
    readonly set: SetPublic,
  ) {
    this.setIdHex = record.id;
    this.kindLabel = record.scheme;
  }

  openSession(): WalletSession {
    return new JointKeySession(this.set);
  }

  holderOf(read: ChildKeyRead): { index: number; label: string } | undefined {
    if (read.kind !== JOINTKEY_KIND) return undefined;
    const r = own(read);
    return bytesToHex(r.childKey.setId) === this.setIdHex ? { ...r.holder } : undefined;
  }

  keychainForm(read: ChildKeyRead): KeychainForm {
    const r = own(read);
    return keychainFormOf(r.childKey, r.set ?? this.set);
  }

  bitcoinKeys(): Uint8Array | undefined {
    return this.record.curve === 'secp256k1' ? hexToBytesStrict(this.record.publicKey, 'publicKey') : undefined;
  }

  checkAlone(read: ChildKeyRead): AloneCheck {
    if (read.kind !== JOINTKEY_KIND) throw foreignRefusal(JOINTKEY_KIND, read);
    const { childKey } = own(read);
    // Against the record's set, not the one the file carries: a file's set could have been swapped.
    verifyChildKey(childKey, this.set, hexToBytesStrict(this.setIdHex, 'setId'));
    const holder = { index: childKey.index, label: childKey.label };
    return {
      holder,
      checked: ['checksum', 'wallet', 'share'],
      summary: intactSummary(this.set.walletLabel, holder, this.set.parties),
    };
  }
}

/** What the keychain stores for a JointKey child key of `set`: its file form, checked first. */
export function keychainFormOf(childKey: ChildKey, set: SetPublic): KeychainForm {
  const text = childKeyToFile(childKey, set);
  const checked = childKeyFromFile(text).childKey;
  wipe(checked.share, checked.blinding);
  return {
    id: `${bytesToHex(childKey.setId)}/${childKey.index}`,
    setId: bytesToHex(childKey.setId),
    index: childKey.index,
    wallet: set.walletLabel,
    holder: childKey.label,
    parties: childKey.parties,
    threshold: childKey.threshold,
    text,
  };
}

/** The method's own wallets: xor, additive, shamir and gf256 child keys. */
export const JOINTKEY_KIND: WalletKind = {
  id: 'jointkey',
  schemes: SCHEMES,
  noun: 'a JointKey child key',
  nounPlural: 'JointKey child keys',
  enterInstead: 'Enter this holder’s JointKey child key (its file, or the words starting with jk1-).',
  wordsLayout: 'groups',
  printsPaper: true,
  signsPsbt: true,

  takesPassphrase: false,
  sealsLargeFiles: true,

  unrecordable() {
    return undefined;
  },

  split(curve, key, request: SplitRequest, origin: KeyOrigin): WalletCeremony {
    aobject(request, 'request');
    if (request.passphrase !== undefined)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `The ${String(request.scheme)} scheme takes no passphrase: each holder's file is encrypted under their own. Leave the passphrase out.`,
      );
    const scheme = request.scheme as (typeof SCHEMES)[number];
    const opts = {
      scheme,
      parties: Array.isArray(request.labels) ? request.labels.length : 0,
      threshold: request.threshold,
      labels: request.labels,
      walletLabel: request.walletLabel,
    };
    const split = curve ? splitKey(curve, key, opts) : splitSecret(key, opts);
    return new JointKeyCeremony(split, key, origin);
  },

  walletFromJson(value) {
    const o = value as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || !('set' in o)) return undefined;
    const { record, set } = walletRecordFromJson(value);
    return new JointKeyWallet(record, set);
  },

  recognizes(text) {
    if (looksLikeFile(text)) {
      try {
        return (JSON.parse(text) as Record<string, unknown>)['format'] === 'jointkey-child-key';
      } catch {
        return false;
      }
    }
    return /^\s*jk1/i.test(text);
  },

  read: readJointKey,

  verifyReport(read) {
    const { childKey: ck, set } = own(read);
    return {
      checked: set ? ['checksum', 'set', 'share'] : ['checksum'],
      ...(set ? {} : { note: 'A text child key carries no set data: only its checksum and form were checked.' }),
      wallet: set?.walletLabel ?? null,
      holder: ck.label,
      index: ck.index,
      threshold: ck.threshold,
      parties: ck.parties,
      scheme: ck.scheme,
      setId: bytesToHex(ck.setId),
      ...(ck.curve
        ? { curve: ck.curve, publicKey: bytesToHex(ck.walletId) }
        : { fingerprint: bytesToHex(ck.walletId) }),
    };
  },

  printable(read) {
    const r = own(read);
    return { childKey: r.childKey, set: r.set };
  },

  sessionFromReads(reads) {
    const set = mostCommon(
      reads.flatMap((r) => (r.kind === JOINTKEY_KIND && own(r).set ? [own(r).set as SetPublic] : [])),
      (s) => bytesToHex(setIdOf(s)),
    );
    return set ? new JointKeySession(set) : undefined;
  },

  walletOf(read, wallets) {
    return wallets.find((w) => w.holderOf(read) !== undefined);
  },

  keychainFormWithoutRecord(read, hint) {
    const r = own(read);
    if (r.set) return keychainFormOf(r.childKey, r.set);
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${sourceName(read.source)} holds a child key in text form, without its wallet’s public data, and this computer has no record of that wallet. Choose the child-key file (*.jointkey.json or *.jointkey.age) instead.${hint}`,
    );
  },

  restore(reads): Restoration {
    const mine = reads.map(own);
    const set = mostCommon(
      mine.flatMap((r) => (r.set ? [r.set] : [])),
      (s) => bytesToHex(setIdOf(s)),
    );
    // Each child key checked alone against the set most carry, so a refusal names it.
    if (set)
      for (const r of mine)
        try {
          verifyChildKey(r.childKey, set);
        } catch (e) {
          if (isJointKeyError(e)) throw new JointKeyError(e.code, `${sourceName(r.source)}: ${e.message}`);
          throw e;
        }
    const restored = restore(
      mine.map((r) => r.childKey),
      set ? { set } : {},
    );
    return {
      secret: restored.secret,
      curve: restored.curve,
      walletId: restored.walletId,
      setId: restored.setId,
      info: { scheme: mine[0]?.childKey.scheme, setId: bytesToHex(restored.setId) },
    };
  },
};
