/**
 * FROST wallets (RFC 9591): the key is split once by a trusted dealer (RFC 9591 Appendix C — the
 * method's polynomial at x = 1..N) and never rebuilt again: each holder's child key signs a share,
 * and only the shares are combined. Two suites, by @noble/curves: `bip340` (secp256k1, the
 * Taproot-compatible variant, `schnorr_FROST`) and `ed25519` (RFC 9591's Ed25519 suite). Design and
 * limits: docs/schemes.md ("FROST"). Not constant-time; JS cannot guarantee zeroing.
 */
import { ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr, schnorr_FROST, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bech32m } from '@scure/base';
import {
  aarray,
  abytes,
  aint,
  aobject,
  astring,
  bytesToHex,
  concatBytes,
  hexToBytesStrict,
  randomBytes,
  utf8ToBytes,
  wipe,
  type Rng,
} from '../../bytes.js';
import { JointKeyError, isJointKeyError } from '../../errors.js';
import { type CurveRef, MAX_WALLET_LABEL_BYTES, holderLabels, normalizeLabel } from '../../formats/child-key.js';
import { exactObject } from '../../formats/set-public.js';
import { cap } from '../../formats/verify.js';
import { equalConstantTime } from '../../math/commitments.js';
import { bitcoinP2trAddress, ed25519PublicKeyBase58 } from '../../chains/addresses.js';
import { HandOff, type KeyOrigin, type Receipt, type ReceiptMethod } from '../ceremony.js';
import type {
  AloneCheck,
  ChildKeyRead,
  EntrySource,
  Holder,
  KeychainForm,
  PrintableChildKey,
  Restoration,
  SplitRequest,
  Wallet,
  WalletCeremony,
  WalletKind,
  WalletSession,
} from '../kind.js';
import { RECORD_KEYS, WALLET_FORMAT, type WalletRecordJson, checkRecordHeader, edited, receiptsOf } from '../record.js';
import {
  type Progress,
  SecretSession,
  type SignRequest,
  type SignResult,
  checkRequest,
  describeRequest,
  progressOf,
  psbtSignResult,
  solSignResult,
} from '../session.js';
import { solSignedTransfer, solTransferMessage } from '../../chains/solana.js';
import { type PsbtWallet, addTaprootSignatures, taprootSighashes } from '../../chains/bitcoin/psbt.js';
import type { TaprootOnlyKey } from '../../chains/bitcoin/descriptors.js';
import { foreignRefusal, intactSummary, receiptOfOtherKind, sourceName } from './entry.js';

export type FrostAlgo = 'bip340' | 'ed25519';
const SUITES = { bip340: schnorr_FROST, ed25519: ed25519_FROST } as const;
const CURVE_OF: Record<FrostAlgo, CurveRef> = { bip340: 'secp256k1', ed25519: 'ed25519' };
export const FROST_FILE_FORMAT = 'jointkey-frost-child-key';
/** FROST wallets take 2 to 255 holders; the text form's index is one byte. */
const MAX_HOLDERS = 255;
const TEXT_PREFIX = 'jkf';
const ID_TAG = 'jointkey/frost-wallet/v1';
/** What a health check signs: a fixed message, so the check proves the shares still sign. */
const HEALTH_MESSAGE = utf8ToBytes('jointkey/frost/health-check/v1');

/** A FROST wallet's public data: what its record and every child key carry. */
export interface FrostWallet {
  walletLabel: string;
  labels: string[];
  algo: FrostAlgo;
  threshold: number;
  /** bip340 only: the Taproot internal key (x-only, hex) the group key is the BIP-341 tweak of. */
  internalKey: string | null;
  /** The dealer's VSS commitments (hex; the first is the group key) and each holder's verifying share. */
  commitments: string[];
  verifyingShares: Record<string, string>;
}

function suite(algo: FrostAlgo) {
  return SUITES[algo];
}

/** Holder `index`'s FROST identifier (the dealer's x coordinate). */
export function frostIdentifier(algo: FrostAlgo, index: number): string {
  aint(index, 'index', 1, MAX_HOLDERS);
  return suite(algo).Identifier.fromNumber(index);
}

/** The group public key: 33-byte compressed (bip340, the Taproot output key) or 32 bytes (ed25519). */
export function frostGroupKey(w: FrostWallet): Uint8Array {
  return hexToBytesStrict(w.commitments[0], 'commitments[0]');
}

/** The key a verifier checks signatures with: x-only for BIP-340, the point for Ed25519. */
function verifyingKey(w: FrostWallet): Uint8Array {
  const k = frostGroupKey(w);
  return w.algo === 'bip340' ? k.subarray(1) : k;
}

function publicPackage(w: FrostWallet) {
  return {
    signers: { min: w.threshold, max: w.labels.length },
    commitments: w.commitments.map((c, i) => hexToBytesStrict(c, `commitments[${i}]`)),
    verifyingShares: Object.fromEntries(
      Object.entries(w.verifyingShares).map(([id, v]) => [id, hexToBytesStrict(v, 'verifyingShare')]),
    ),
  };
}

/** Checks the shape of a FROST wallet's public data (TypeError/RangeError), and that it is one dealer's package. */
export function checkFrostWallet(w: FrostWallet): FrostWallet {
  aobject(w, 'wallet');
  astring(w.walletLabel, 'wallet.walletLabel', 4 * MAX_WALLET_LABEL_BYTES);
  if (w.algo !== 'bip340' && w.algo !== 'ed25519') throw new TypeError('wallet.algo must be bip340 or ed25519');
  if (!Array.isArray(w.labels) || w.labels.length < 2 || w.labels.length > MAX_HOLDERS)
    throw new RangeError(`wallet.labels must name 2 to ${MAX_HOLDERS} holders`);
  holderLabels(w.labels.length, w.labels);
  aint(w.threshold, 'wallet.threshold', 2, w.labels.length);
  if (!Array.isArray(w.commitments) || w.commitments.length !== w.threshold)
    throw new RangeError('wallet.commitments must hold one commitment per coefficient (threshold of them)');
  aobject(w.verifyingShares, 'wallet.verifyingShares');
  const ids = w.labels.map((_, i) => frostIdentifier(w.algo, i + 1));
  if (Object.keys(w.verifyingShares).sort().join() !== [...ids].sort().join())
    throw new RangeError('wallet.verifyingShares must hold one verifying share per holder');
  const pkg = publicPackage(w);
  // Each verifying share must be the commitments' polynomial at its holder's x (VSS, RFC 9591 C.2).
  for (let i = 1; i <= w.labels.length; i++) {
    const expected =
      w.algo === 'bip340'
        ? polynomialAt(
            pkg.commitments,
            i,
            (b) => point(() => secp256k1.Point.fromBytes(b)),
            secp256k1.Point.ZERO,
            secp256k1.Point.Fn.ORDER,
          )
        : polynomialAt(
            pkg.commitments,
            i,
            (b) => point(() => ed25519.Point.fromBytes(b)),
            ed25519.Point.ZERO,
            ed25519.Point.Fn.ORDER,
          );
    if (!equalConstantTime(expected, pkg.verifyingShares[ids[i - 1] as string] as Uint8Array))
      throw new RangeError(`wallet.verifyingShares: holder ${i}'s does not match the commitments`);
  }
  if (w.algo === 'bip340') {
    if (typeof w.internalKey !== 'string') throw new TypeError('wallet.internalKey must be the Taproot internal key');
    const internal = hexToBytesStrict(w.internalKey, 'wallet.internalKey');
    if (internal.length !== 32) throw new RangeError('wallet.internalKey must be 32 bytes (x-only)');
    if (!equalConstantTime(taprootOutputKey(internal), frostGroupKey(w)))
      throw new RangeError('the group key is not the Taproot tweak of the internal key');
  } else if (w.internalKey !== null) throw new TypeError('an Ed25519 wallet has no internal key');
  return w;
}

/** A point decoded from public data; bytes that are not a point are a RangeError (noble's is untyped). */
function point<P>(decode: () => P): P {
  try {
    return decode();
  } catch {
    throw new RangeError('a commitment or verifying share is not a point of the curve');
  }
}

/** Σ C_k·x^k: the commitments' polynomial at `x`, as a point's bytes. */
function polynomialAt<P extends { add(o: P): P; multiply(n: bigint): P; toBytes(): Uint8Array }>(
  commitments: readonly Uint8Array[],
  x: number,
  fromBytes: (b: Uint8Array) => P,
  zero: P,
  order: bigint,
): Uint8Array {
  let acc = zero;
  let xp = 1n;
  for (const c of commitments) {
    acc = acc.add(fromBytes(c).multiply(xp));
    xp = (xp * BigInt(x)) % order;
  }
  return acc.toBytes();
}

/** The wallet's id (16 bytes): SHA-256 over a domain tag and its public data. */
export function frostWalletIdOf(w: FrostWallet): Uint8Array {
  checkFrostWallet(w);
  const h = sha256.create();
  h.update(utf8ToBytes(ID_TAG));
  h.update(
    utf8ToBytes(
      JSON.stringify([
        w.walletLabel,
        w.labels,
        w.algo,
        w.threshold,
        w.internalKey,
        w.commitments,
        Object.entries(w.verifyingShares).sort(),
      ]),
    ),
  );
  return h.digest().subarray(0, 16);
}

// ---- Keys -------------------------------------------------------------------------------------

const TAG = (tag: string) => sha256(utf8ToBytes(tag));
/** BIP-341's TapTweak with no script tree: Q = P + H_TapTweak(P_x)·G (P with even y). */
function tapTweak(internalX: Uint8Array): bigint {
  const t = TAG('TapTweak');
  return bytesToNumberBE(sha256(concatBytes(t, t, internalX))) % secp256k1.Point.Fn.ORDER;
}

function taprootOutputKey(internalX: Uint8Array): Uint8Array {
  const P = point(() => secp256k1.Point.fromBytes(concatBytes(Uint8Array.of(2), internalX)));
  return P.add(secp256k1.Point.BASE.multiply(tapTweak(internalX))).toBytes(true);
}

/**
 * The scalar a wallet's key becomes before the dealer splits it: for bip340 the BIP-341 tweaked key
 * (so the group key is the Taproot output key, and key-path spends need no per-signature tweak);
 * for ed25519 the RFC 8032 secret scalar of a seed (a FROST wallet splits the scalar, not the seed).
 * Returns the scalar's bytes for the suite and the internal key.
 */
function dealerSecret(algo: FrostAlgo, key: Uint8Array): { secret: Uint8Array; internalKey: string | null } {
  if (key.length !== 32) throw new RangeError('key must be 32 bytes');
  if (algo === 'ed25519') {
    const h = sha512(key);
    const head = h.slice(0, 32);
    head[0]! &= 248;
    head[31]! &= 127;
    head[31]! |= 64;
    const s = bytesToNumberLE(head) % ed25519.Point.Fn.ORDER;
    wipe(h, head);
    return { secret: ed25519.Point.Fn.toBytes(s), internalKey: null };
  }
  const Fn = secp256k1.Point.Fn;
  let p = bytesToNumberBE(key);
  if (p === 0n || p >= Fn.ORDER) throw new JointKeyError('INVALID_KEY', 'This is not a valid secp256k1 private key.');
  const P = secp256k1.Point.BASE.multiply(p);
  if (P.y % 2n !== 0n) p = Fn.neg(p);
  const internalX = P.toBytes(true).subarray(1);
  const q = Fn.add(p, tapTweak(internalX));
  return { secret: Fn.toBytes(q), internalKey: bytesToHex(internalX) };
}

// ---- Child keys ------------------------------------------------------------------------------

/** A FROST holder's child key: their signing share (secret) and the wallet's public data. */
export interface FrostChildKey {
  index: number;
  label: string;
  signingShare: Uint8Array;
  wallet: FrostWallet;
}

/** Holder `index`'s file form: their signing share with the wallet's public data, as pretty JSON. */
export function frostChildKeyToFile(ck: FrostChildKey): string {
  return `${JSON.stringify(
    {
      format: FROST_FILE_FORMAT,
      version: 1,
      wallet: ck.wallet.walletLabel,
      holder: ck.label,
      index: ck.index,
      threshold: ck.wallet.threshold,
      parties: ck.wallet.labels.length,
      algo: ck.wallet.algo,
      walletId: bytesToHex(frostWalletIdOf(ck.wallet)),
      holders: ck.wallet.labels,
      internalKey: ck.wallet.internalKey,
      commitments: ck.wallet.commitments,
      verifyingShares: ck.wallet.verifyingShares,
      signingShare: bytesToHex(ck.signingShare),
    },
    null,
    2,
  )}\n`;
}

function fileEdited(what: string): JointKeyError {
  return new JointKeyError('TAMPERED_FILE', `This FROST child-key file was edited: ${what}. Use an unmodified copy.`);
}

/** Parses a FROST child-key file and checks its share against its wallet's commitments. */
export function frostChildKeyFromFile(value: unknown): FrostChildKey {
  const o = exactObject(value, 'the file', [
    'format',
    'version',
    'wallet',
    'holder',
    'index',
    'threshold',
    'parties',
    'algo',
    'walletId',
    'holders',
    'internalKey',
    'commitments',
    'verifyingShares',
    'signingShare',
  ]);
  if (o['format'] !== FROST_FILE_FORMAT) throw fileEdited('it is not a FROST child key');
  if (o['version'] !== 1)
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      'This FROST child-key file is newer than this JointKey. Update JointKey.',
    );
  let wallet: FrostWallet;
  try {
    wallet = checkFrostWallet({
      walletLabel: o['wallet'] as string,
      labels: o['holders'] as string[],
      algo: o['algo'] as FrostAlgo,
      threshold: o['threshold'] as number,
      internalKey: o['internalKey'] as string | null,
      commitments: o['commitments'] as string[],
      verifyingShares: o['verifyingShares'] as Record<string, string>,
    });
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError || isJointKeyError(e))
      throw fileEdited(`its wallet's public data does not hold together (${e.message})`);
    throw e;
  }
  if (o['walletId'] !== bytesToHex(frostWalletIdOf(wallet)))
    throw fileEdited('its wallet id does not match its public data');
  const index = o['index'];
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > wallet.labels.length)
    throw fileEdited('its index is not one of its holders');
  if (o['holder'] !== wallet.labels[index - 1] || o['parties'] !== wallet.labels.length)
    throw fileEdited('its holder does not match its index');
  let signingShare: Uint8Array;
  try {
    signingShare = hexToBytesStrict(o['signingShare'], 'signingShare');
  } catch {
    throw fileEdited('its signing share is not hex');
  }
  const ck = { index, label: wallet.labels[index - 1] as string, signingShare, wallet };
  checkShare(ck);
  return ck;
}

/** RFC 9591 Appendix C.2's vss_verify: the share is its holder's point of the dealer's polynomial. */
function checkShare(ck: FrostChildKey): void {
  try {
    suite(ck.wallet.algo).validateSecret(
      { identifier: frostIdentifier(ck.wallet.algo, ck.index), signingShare: ck.signingShare },
      publicPackage(ck.wallet),
    );
  } catch {
    wipe(ck.signingShare);
    throw new JointKeyError(
      'CHILD_KEY_MISMATCH',
      `${cap(ck.label)}'s FROST child key does not match the wallet's commitments: it was changed or belongs to another split. Use an unmodified copy.`,
    );
  }
}

/** The text form: "jkf1…" — bech32m over the algorithm, the index, the wallet id and the share (its checksum catches typos). */
export function frostChildKeyToText(ck: FrostChildKey): string {
  const body = concatBytes(
    Uint8Array.of(1, ck.wallet.algo === 'bip340' ? 1 : 2, ck.index),
    frostWalletIdOf(ck.wallet),
    ck.signingShare,
  );
  return bech32m.encode(TEXT_PREFIX, bech32m.toWords(body), false);
}

/** Reads a text form against its wallet's public data (a record or a file's). */
function frostTextToChildKey(text: string, wallet: FrostWallet): FrostChildKey {
  let body: Uint8Array;
  try {
    const d = bech32m.decode(text.trim().toLowerCase().replace(/[\s-]/g, '') as `${string}1${string}`, false);
    if (d.prefix !== TEXT_PREFIX) throw new Error('prefix');
    body = bech32m.fromWords(d.words);
  } catch {
    throw new JointKeyError(
      'CHECKSUM_MISMATCH',
      'This FROST child key does not check out: a character is mistyped, missing or swapped. Compare it with the holder’s copy.',
    );
  }
  if (body.length !== 51 || body[0] !== 1)
    throw new JointKeyError('MALFORMED_CHILD_KEY', 'This is not a FROST child key of this JointKey version.');
  const algo: FrostAlgo = body[1] === 1 ? 'bip340' : 'ed25519';
  const index = body[2] as number;
  if (
    algo !== wallet.algo ||
    !equalConstantTime(body.subarray(3, 19), frostWalletIdOf(wallet)) ||
    index > wallet.labels.length ||
    index < 1
  )
    throw new JointKeyError(
      'DIFFERENT_WALLET',
      'This FROST child key belongs to another wallet. Enter one of this wallet’s child keys.',
    );
  const ck = { index, label: wallet.labels[index - 1] as string, signingShare: body.slice(19), wallet };
  wipe(body);
  checkShare(ck);
  return ck;
}

/** A FROST child key read from a form; its wallet's public data when the form carries it (a file). */
export interface FrostRead extends ChildKeyRead {
  readonly frost: FrostChildKey | undefined;
  /** A typed text form, read once its wallet is known. */
  readonly text: string | undefined;
}

function readOf(
  ck: FrostChildKey | undefined,
  text: string | undefined,
  source: EntrySource,
  index: number,
): FrostRead {
  return {
    kind: FROST_KIND,
    source,
    holder: { index, label: ck?.label ?? '' },
    setIdHex: ck ? bytesToHex(frostWalletIdOf(ck.wallet)) : undefined,
    walletLabel: ck?.wallet.walletLabel,
    curve: ck ? CURVE_OF[ck.wallet.algo] : undefined,
    walletId: ck ? frostGroupKey(ck.wallet) : undefined,
    frost: ck,
    text,
    wipe: () => {
      if (ck) wipe(ck.signingShare);
    },
  };
}

function own(read: ChildKeyRead): FrostRead {
  if (read.kind !== FROST_KIND) throw new TypeError('a FROST child key was expected');
  return read as FrostRead;
}

/** The child key of `read` for `wallet`: the file's (checked to be this wallet's), or the text form read against it. */
function childKeyFor(read: FrostRead, wallet: FrostWallet): FrostChildKey {
  if (read.frost) {
    if (!equalConstantTime(frostWalletIdOf(read.frost.wallet), frostWalletIdOf(wallet)))
      throw new JointKeyError(
        'DIFFERENT_WALLET',
        `${cap(sourceName(read.source))} is a FROST child key of another wallet (“${read.frost.wallet.walletLabel}”). Enter one of this wallet’s child keys.`,
      );
    return read.frost;
  }
  return frostTextToChildKey(read.text ?? '', wallet);
}

function parseJson(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The holder index a text form names (its checksum checked; the rest is read against its wallet). */
function textIndex(t: string): number {
  try {
    return bech32m.fromWords(bech32m.decode(t as `${string}1${string}`, false).words)[2] ?? 0;
  } catch {
    throw new JointKeyError(
      'CHECKSUM_MISMATCH',
      'This FROST child key does not check out: a character is mistyped, missing or swapped. Compare it with the holder’s copy.',
    );
  }
}

function readFrost(text: string, source: EntrySource): FrostRead {
  astring(text, 'text', 16 * 1024 * 1024);
  const json = parseJson(text);
  if (json !== undefined) {
    const ck = frostChildKeyFromFile(json);
    return readOf(ck, undefined, source, ck.index);
  }
  const t = text.trim().toLowerCase().replace(/[\s-]/g, '');
  return readOf(undefined, t, source, textIndex(t));
}

// ---- Signing --------------------------------------------------------------------------------

/**
 * Signs `message` share by share with the child keys given (the threshold of them, or more: the
 * first t by index sign), aggregates, and verifies against the group key. The key is never rebuilt.
 * A share that does not verify is named (RFC 9591 §5.4). The child keys' nonces are used once.
 */
export function frostSignTogether(
  wallet: FrostWallet,
  childKeys: readonly FrostChildKey[],
  message: Uint8Array,
  rng?: Rng,
): Uint8Array {
  checkFrostWallet(wallet);
  aarray(childKeys, 'childKeys', wallet.threshold, wallet.labels.length);
  childKeys.forEach((ck, i) => {
    aobject(ck, `childKeys[${i}]`);
    abytes(ck.signingShare, `childKeys[${i}].signingShare`, 32);
    aint(ck.index, `childKeys[${i}].index`, 1, wallet.labels.length);
  });
  amessage(message);
  if (rng !== undefined && typeof rng !== 'function') throw new TypeError('rng must be a function');
  const F = suite(wallet.algo);
  const pub = publicPackage(wallet);
  const signers = [...childKeys].sort((a, b) => a.index - b.index).slice(0, wallet.threshold);
  const rounds = signers.map((ck) => {
    const secret = { identifier: frostIdentifier(wallet.algo, ck.index), signingShare: ck.signingShare };
    return { ck, secret, ...F.commit(secret, rng as never) };
  });
  const list = rounds.map((r) => r.commitments);
  const shares: Record<string, Uint8Array> = {};
  for (const r of rounds) {
    const share = F.signShare(r.secret, pub, r.nonces, list, message);
    if (!F.verifyShare(pub, list, message, r.secret.identifier, share))
      throw new JointKeyError(
        'INVALID_SIGNATURE_SHARE',
        `${cap(r.ck.label)}'s signature share does not verify: their child key was changed. Have ${r.ck.label} enter an unmodified copy.`,
      );
    shares[r.secret.identifier] = share;
  }
  const signature = F.aggregate(pub, list, message, shares);
  if (!frostVerify(wallet, signature, message)) throw new Error('the aggregated FROST signature does not verify');
  return signature;
}

/** The longest message a FROST wallet signs (the same bound as every other signature: 16 MiB would be slow here). */
export const MAX_FROST_MESSAGE_BYTES = 1024 * 1024;

function amessage(message: Uint8Array): void {
  abytes(message, 'message');
  if (message.length > MAX_FROST_MESSAGE_BYTES)
    throw new RangeError(`message must be at most ${MAX_FROST_MESSAGE_BYTES} bytes, got ${message.length}`);
}

/** Verifies a signature against the wallet's group key with the chain's own verifier (BIP-340 or RFC 8032). */
export function frostVerify(wallet: FrostWallet, signature: Uint8Array, message: Uint8Array): boolean {
  aobject(wallet, 'wallet');
  abytes(signature, 'signature', 64);
  amessage(message);
  return wallet.algo === 'bip340'
    ? schnorr.verify(signature, message, verifyingKey(wallet))
    : ed25519.verify(signature, message, verifyingKey(wallet));
}

/**
 * A bip340 FROST wallet's Bitcoin key, for PSBTs: its Taproot internal key on every network (the
 * group key is its BIP-86 tweak, the output key), and no SegWit key. INVALID_ARGUMENT for an
 * Ed25519 wallet, which has no Bitcoin address.
 */
export function frostPsbtWallet(w: FrostWallet): Extract<PsbtWallet, { mainnet: unknown }> {
  checkFrostWallet(w);
  if (w.algo !== 'bip340' || w.internalKey === null)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'This FROST wallet signs Ed25519: it has no Bitcoin address and cannot sign a Bitcoin transaction. Choose a Taproot (bip340) wallet.',
    );
  const keys = { segwit: null, taproot: concatBytes(Uint8Array.of(2), hexToBytesStrict(w.internalKey, 'internalKey')) };
  return { mainnet: keys, test: keys };
}

/** A joint signing session on a FROST wallet at one computer: shares are signed and combined, never the key. */
class FrostSession extends SecretSession implements WalletSession {
  #entered = new Map<number, FrostChildKey>();

  constructor(readonly wallet: FrostWallet) {
    super();
    checkFrostWallet(wallet);
  }

  /** A PSBT is described for the wallet's Taproot address (its only Bitcoin address); a Solana transfer from its Ed25519 address. */
  describe(request: SignRequest): string[] {
    if (request.kind === 'bitcoin-psbt')
      return taprootSighashes(request.psbt, frostPsbtWallet(this.wallet), request.options).description.lines;
    if (request.kind === 'sol-transfer')
      return describeRequest(request, CURVE_OF[this.wallet.algo], verifyingKey(this.wallet));
    if (['eth-transfer', 'eth-call', 'eth-personal', 'eth-typed-data'].includes(request.kind))
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'A FROST wallet cannot sign for Ethereum: its signatures are Schnorr signatures made jointly, never by a rebuilt key, and an Ethereum account takes only an ECDSA signature of its own key. Use a JointKey or SLIP-39 wallet for Ethereum.',
      );
    return describeRequest(request);
  }

  enter(read: ChildKeyRead): Progress {
    this.open();
    if (read.kind !== FROST_KIND) {
      read.wipe();
      throw foreignRefusal(FROST_KIND, read);
    }
    let ck: FrostChildKey;
    try {
      ck = childKeyFor(own(read), this.wallet);
    } catch (e) {
      read.wipe();
      throw e;
    }
    if (this.#entered.has(ck.index)) {
      wipe(ck.signingShare);
      throw this.alreadyEntered(
        `${cap(ck.label)}’s child key was already entered`,
        'Each holder’s child key counts once',
        this.progress().missing.map((m) => m.label),
      );
    }
    this.#entered.set(ck.index, ck);
    this.keep(ck.signingShare);
    return this.progress();
  }

  progress(): Progress {
    return progressOf(this.wallet.labels, this.wallet.threshold, [...this.#entered.keys()]);
  }

  sign(request: SignRequest): SignResult {
    this.open();
    try {
      const p = this.progress();
      if (!p.ready)
        throw new JointKeyError(
          'TOO_FEW_CHILD_KEYS',
          `More child keys are needed: ${p.summary}. Ask them to enter theirs.`,
        );
      const publicKeyHex = bytesToHex(verifyingKey(this.wallet));
      if (request.kind === 'health-check') {
        frostSignTogether(this.wallet, [...this.#entered.values()], HEALTH_MESSAGE);
        return { kind: 'health-check', publicKeyHex, ok: true };
      }
      if (request.kind === 'bitcoin-psbt') {
        // One FROST signature per Taproot input, over its BIP-341 sighash, by the group (output) key.
        const psbtWallet = frostPsbtWallet(this.wallet);
        const { sighashes } = taprootSighashes(request.psbt, psbtWallet, request.options);
        const entered = [...this.#entered.values()];
        const signatures = sighashes.map((h) => frostSignTogether(this.wallet, entered, h));
        return psbtSignResult(addTaprootSignatures(request.psbt, psbtWallet, request.options, signatures));
      }
      if (request.kind === 'sol-transfer') {
        // One FROST Ed25519 signature over the compiled message: a standard RFC 8032 signature by the group key.
        checkRequest(CURVE_OF[this.wallet.algo], request);
        const key = verifyingKey(this.wallet);
        const message = solTransferMessage(request.transfer, key);
        const signature = frostSignTogether(this.wallet, [...this.#entered.values()], message);
        return solSignResult(solSignedTransfer(message, key, signature));
      }
      if (request.kind !== 'message' || request.algo !== this.wallet.algo)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          `A FROST wallet signs messages with ${this.wallet.algo} only (the key is never rebuilt, so it cannot sign anything else). Choose ${this.wallet.algo}.`,
        );
      const signature = frostSignTogether(this.wallet, [...this.#entered.values()], request.message);
      return { kind: 'message', algo: request.algo, publicKeyHex, signatureHex: bytesToHex(signature) };
    } finally {
      this.close();
    }
  }

  /** Refused: a FROST wallet never rebuilds its key, so it cannot lend it (to a rekey). The session closes. */
  withKey<T>(_use: (key: Uint8Array, curve: CurveRef | null) => T): T {
    this.close();
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'A FROST wallet never rebuilds its key, so it cannot be rekeyed or refreshed: create a new wallet and move the funds to it.',
    );
  }

  protected override forget(): void {
    this.#entered.clear();
  }
}

// ---- Ceremony, record, wallet ---------------------------------------------------------------

/** The split ceremony of a FROST wallet: holds the dealer's shares while each holder takes theirs. */
class FrostCeremony extends HandOff implements WalletCeremony {
  readonly kind: WalletKind = FROST_KIND;
  readonly fileSuffix = 'frost.json';
  readonly scheme = 'frost';
  readonly wallet: FrostWallet;
  readonly walletId: Uint8Array;
  #shares: FrostChildKey[];
  #key: Uint8Array;

  constructor(wallet: FrostWallet, shares: FrostChildKey[], key: Uint8Array, origin: KeyOrigin) {
    super(wallet.labels, origin);
    this.wallet = wallet;
    this.walletId = frostWalletIdOf(wallet);
    this.#shares = shares;
    this.#key = key;
  }

  get walletLabel(): string {
    return this.wallet.walletLabel;
  }
  get curve(): CurveRef {
    return CURVE_OF[this.wallet.algo];
  }
  get publicKey(): Uint8Array {
    return frostGroupKey(this.wallet);
  }
  get threshold(): number {
    return this.wallet.threshold;
  }

  summary(): Record<string, unknown> {
    return {
      walletId: bytesToHex(this.walletId),
      scheme: 'frost',
      algo: this.wallet.algo,
      threshold: this.wallet.threshold,
      parties: this.wallet.labels.length,
    };
  }

  #share(index: number): FrostChildKey {
    this.open();
    this.holder(index);
    return this.#shares[index - 1] as FrostChildKey;
  }

  fileForm(index: number): string {
    return frostChildKeyToFile(this.#share(index));
  }

  textForm(index: number): string {
    return frostChildKeyToText(this.#share(index));
  }

  printable(index: number): PrintableChildKey {
    const holder = this.holder(index);
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `JointKey does not print FROST child keys yet. Show ${holder} their words and have them write them on paper, or save ${holder}’s encrypted file.`,
    );
  }

  confirmRead(index: number, read: ChildKeyRead, method: ReceiptMethod, confirmedAt: string): Receipt {
    const holder = this.holder(index);
    if (read.kind !== FROST_KIND) throw receiptOfOtherKind(holder, read);
    let ck: FrostChildKey;
    try {
      ck = childKeyFor(own(read), this.wallet);
    } catch (e) {
      if (!isJointKeyError(e)) throw e;
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `What ${holder} presented is not the child key they were given: ${e.message}`,
      );
    }
    if (ck.index !== index || !equalConstantTime(ck.signingShare, this.#share(index).signingShare))
      throw new JointKeyError(
        'RECEIPT_MISMATCH',
        `${holder} presented ${ck.index === index ? 'another child key' : `${ck.label}’s child key`}, not the one they were given. Hand ${holder} their child key again.`,
      );
    return this.record(index, method, confirmedAt);
  }

  recordJson(createdAt: string): FrostRecordJson {
    this.requireComplete('Recording the wallet');
    return frostWalletRecordOf(this.wallet, createdAt, this.receipts);
  }

  protected override wipeSecrets(): void {
    wipe(this.#key, ...this.#shares.map((s) => s.signingShare));
  }

  secretBuffers(): Uint8Array[] {
    return [this.#key, ...this.#shares.map((s) => s.signingShare)];
  }
}

/** Splits a key as a trusted dealer (RFC 9591 Appendix C) into a ceremony holding the shares. */
export function frostSplitKey(
  curve: CurveRef,
  key: Uint8Array,
  request: SplitRequest,
  origin: KeyOrigin,
  rng: Rng = randomBytes,
): FrostCeremony {
  if (curve !== 'secp256k1' && curve !== 'ed25519') throw new TypeError('curve must be secp256k1 or ed25519');
  abytes(key, 'key', 32);
  aobject(request, 'request');
  if (typeof rng !== 'function') throw new TypeError('rng must be a function');
  const algo: FrostAlgo = curve === 'ed25519' ? 'ed25519' : 'bip340';
  const labels = holderLabels(request.labels.length, request.labels);
  const threshold = aint(request.threshold ?? labels.length, 'threshold', 2, labels.length);
  const walletLabel = normalizeLabel(request.walletLabel ?? '', 'walletLabel', MAX_WALLET_LABEL_BYTES, 0);
  const { secret, internalKey } = dealerSecret(algo, key);
  const F = suite(algo);
  const ids = labels.map((_, i) => frostIdentifier(algo, i + 1));
  try {
    const deal = F.trustedDealer({ min: threshold, max: labels.length }, ids, secret, rng as never);
    const wallet: FrostWallet = {
      walletLabel,
      labels,
      algo,
      threshold,
      internalKey,
      commitments: deal.public.commitments.map((c) => bytesToHex(c)),
      verifyingShares: Object.fromEntries(
        Object.entries(deal.public.verifyingShares).map(([id, v]) => [id, bytesToHex(v)]),
      ),
    };
    const shares = ids.map((id, i) => ({
      index: i + 1,
      label: labels[i] as string,
      signingShare: (deal.secretShares[id] as { signingShare: Uint8Array }).signingShare,
      wallet,
    }));
    return new FrostCeremony(checkFrostWallet(wallet), shares, key, origin);
  } finally {
    wipe(secret);
  }
}

/** A FROST wallet's record: the common fields, and its public package instead of a set. */
export interface FrostRecordJson extends WalletRecordJson {
  frost: {
    algo: FrostAlgo;
    internalKey: string | null;
    commitments: string[];
    verifyingShares: Record<string, string>;
  };
}

/** The addresses a FROST wallet can spend from: its Taproot address, or its Ed25519 address — nothing it could not sign for. */
function frostAddresses(w: FrostWallet): Record<string, string> {
  if (w.algo === 'ed25519') return { base58: ed25519PublicKeyBase58(frostGroupKey(w)) };
  return {
    bitcoinP2tr: bitcoinP2trAddress(concatBytes(Uint8Array.of(2), hexToBytesStrict(w.internalKey, 'internalKey'))),
  };
}

export function frostWalletRecordOf(w: FrostWallet, createdAt: string, receipts: readonly Receipt[]): FrostRecordJson {
  checkFrostWallet(w);
  astring(createdAt, 'createdAt', 64);
  return {
    format: WALLET_FORMAT,
    version: 1,
    id: bytesToHex(frostWalletIdOf(w)),
    label: w.walletLabel,
    curve: CURVE_OF[w.algo],
    publicKey: bytesToHex(frostGroupKey(w)),
    addresses: frostAddresses(w),
    scheme: 'frost',
    parties: w.labels.length,
    threshold: w.threshold,
    holders: [...w.labels],
    createdAt,
    receipts: receiptsOf(w.labels, receipts),
    frost: {
      algo: w.algo,
      internalKey: w.internalKey,
      commitments: [...w.commitments],
      verifyingShares: { ...w.verifyingShares },
    },
  };
}

const FROST_KEYS = [...RECORD_KEYS, 'frost'] as const;

/** Parses a FROST wallet's record strictly (every field checked against its public package). */
export function frostWalletRecordFromJson(value: unknown): { record: FrostRecordJson; wallet: FrostWallet } {
  const o = exactObject(checkRecordHeader(value), 'the wallet record', FROST_KEYS);
  const f = exactObject(o['frost'], 'the wallet record’s FROST data', [
    'algo',
    'internalKey',
    'commitments',
    'verifyingShares',
  ]);
  if (typeof o['createdAt'] !== 'string' || Number.isNaN(Date.parse(o['createdAt'])))
    throw edited('its creation date is not a date');
  let wallet: FrostWallet;
  let expected: FrostRecordJson;
  try {
    wallet = checkFrostWallet({
      walletLabel: o['label'] as string,
      labels: o['holders'] as string[],
      algo: f['algo'] as FrostAlgo,
      threshold: o['threshold'] as number,
      internalKey: f['internalKey'] as string | null,
      commitments: f['commitments'] as string[],
      verifyingShares: f['verifyingShares'] as Record<string, string>,
    });
    expected = frostWalletRecordOf(wallet, o['createdAt'], o['receipts'] as Receipt[]);
  } catch (e) {
    if (!isJointKeyError(e) && !(e instanceof TypeError) && !(e instanceof RangeError)) throw e;
    throw edited('its public data does not make a FROST wallet (labels, commitments, verifying shares or receipts)');
  }
  for (const k of FROST_KEYS)
    if (JSON.stringify(o[k]) !== JSON.stringify(expected[k]))
      throw edited(`its "${k}" does not match the wallet's public data`);
  return { record: expected, wallet };
}

class FrostRecordedWallet implements Wallet {
  readonly kind = FROST_KIND;
  readonly kindLabel = 'FROST: signs without rebuilding the key';

  constructor(
    readonly record: FrostRecordJson,
    readonly wallet: FrostWallet,
  ) {}

  openSession(): WalletSession {
    return new FrostSession(this.wallet);
  }

  holderOf(read: ChildKeyRead): Holder | undefined {
    if (read.kind !== FROST_KIND || read.setIdHex !== this.record.id) return undefined;
    return { index: read.holder.index, label: this.wallet.labels[read.holder.index - 1] ?? '' };
  }

  keychainForm(read: ChildKeyRead): KeychainForm {
    return frostKeychainForm(childKeyFor(own(read), this.wallet));
  }

  /** A Taproot wallet's internal key (its only Bitcoin address is the key's BIP-86 output); none for Ed25519. */
  bitcoinKeys(): TaprootOnlyKey | undefined {
    return this.wallet.algo === 'bip340' ? { taproot: frostPsbtWallet(this.wallet).mainnet.taproot } : undefined;
  }

  checkAlone(read: ChildKeyRead): AloneCheck {
    if (read.kind !== FROST_KIND) throw foreignRefusal(FROST_KIND, read);
    const r = own(read);
    // The share is checked against the wallet's commitments (VSS) as it is read for this wallet.
    const ck = childKeyFor(r, this.wallet);
    if (ck !== r.frost) wipe(ck.signingShare);
    const holder = { index: ck.index, label: ck.label };
    return {
      holder,
      checked: ['checksum', 'wallet', 'share'],
      summary: intactSummary(this.wallet.walletLabel, holder, this.wallet.labels.length),
    };
  }
}

function frostKeychainForm(ck: FrostChildKey): KeychainForm {
  const setId = bytesToHex(frostWalletIdOf(ck.wallet));
  return {
    id: `${setId}/${ck.index}`,
    setId,
    index: ck.index,
    wallet: ck.wallet.walletLabel,
    holder: ck.label,
    parties: ck.wallet.labels.length,
    threshold: ck.wallet.threshold,
    text: frostChildKeyToFile(ck),
  };
}

/**
 * The FROST child key a read holds, from its file form (the public data it carries), for the rounds
 * across computers. With `wallet` (a request's): checked to be that wallet's, and a typed text form
 * is read against it.
 */
export function frostChildKeyOf(read: ChildKeyRead, wallet?: FrostWallet): FrostChildKey {
  const r = own(read);
  if (wallet !== undefined) return childKeyFor(r, checkFrostWallet(wallet));
  if (!r.frost)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${cap(sourceName(read.source))} is a FROST child key in text form, without its wallet’s public data. Use the holder’s child-key file.`,
    );
  return r.frost;
}

/** FROST wallets: each holder signs a share; the key is never rebuilt. */
export const FROST_KIND: WalletKind = {
  id: 'frost',
  schemes: ['frost'],
  noun: 'a FROST child key',
  nounPlural: 'FROST child keys',
  enterInstead: 'Enter this holder’s FROST child key (its file, or the words starting with jkf1).',
  wordsLayout: 'groups',
  printsPaper: false,
  signsPsbt: true,
  takesPassphrase: false,
  sealsLargeFiles: false,

  unrecordable(curve) {
    return curve === null || curve === undefined
      ? 'a secret that is not a private key: a FROST wallet signs with a key. Name its curve (--curve secp256k1 or ed25519), or split the secret with another scheme.'
      : undefined;
  },

  split(curve, key, request, origin) {
    if (curve === null)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'A FROST wallet holds a private key: name its curve, or split the secret with another scheme.',
      );
    if (request.passphrase !== undefined)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'The frost scheme takes no passphrase: each holder’s file is encrypted under their own.',
      );
    return frostSplitKey(curve, key, request, origin);
  },

  walletFromJson(value) {
    const o = value as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || o['scheme'] !== 'frost') return undefined;
    const { record, wallet } = frostWalletRecordFromJson(value);
    return new FrostRecordedWallet(record, wallet);
  },

  recognizes(text) {
    const json = parseJson(text);
    if (json !== undefined) return (json as Record<string, unknown>)['format'] === FROST_FILE_FORMAT;
    return /^\s*jkf1/i.test(text);
  },

  read: readFrost,

  verifyReport(read) {
    const r = own(read);
    const ck = r.frost;
    return ck
      ? {
          checked: ['file', 'share'],
          scheme: 'frost',
          algo: ck.wallet.algo,
          wallet: ck.wallet.walletLabel,
          holder: ck.label,
          index: ck.index,
          threshold: ck.wallet.threshold,
          parties: ck.wallet.labels.length,
          walletId: bytesToHex(frostWalletIdOf(ck.wallet)),
          publicKey: bytesToHex(frostGroupKey(ck.wallet)),
        }
      : {
          checked: ['checksum'],
          scheme: 'frost',
          index: r.holder.index,
          note: 'A FROST text child key is checked against its wallet when entered.',
        };
  },

  printable(read) {
    throw new JointKeyError(
      'DIFFERENT_SCHEME',
      `${cap(sourceName(read.source))} is a FROST child key: JointKey does not print those yet. Keep its encrypted file, and its words written on paper.`,
    );
  },

  sessionFromReads(reads) {
    const carried = reads.flatMap((r) =>
      r.kind === FROST_KIND && own(r).frost ? [own(r).frost as FrostChildKey] : [],
    );
    return carried[0] ? new FrostSession(carried[0].wallet) : undefined;
  },

  walletOf(read, wallets) {
    return wallets.find((w) => w.holderOf(read) !== undefined);
  },

  keychainFormWithoutRecord(read, hint) {
    const r = own(read);
    if (r.frost) return frostKeychainForm(r.frost);
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${cap(sourceName(read.source))} holds a FROST child key in text form, without its wallet’s public data, and this computer has no record of that wallet. Choose the child-key file instead.${hint}`,
    );
  },

  restore(reads): Restoration {
    // Recovery only (the never-locked-in path): the signing flows never rebuild the key.
    const cks = reads.map((r) => frostChildKeyOf(r));
    const wallet = (cks[0] as FrostChildKey).wallet;
    const F = suite(wallet.algo);
    const secret = F.combineSecret(
      cks.map((ck) => ({ identifier: frostIdentifier(wallet.algo, ck.index), signingShare: ck.signingShare })),
      { min: wallet.threshold, max: wallet.labels.length },
    );
    return {
      secret,
      curve: CURVE_OF[wallet.algo],
      walletId: frostGroupKey(wallet),
      info: {
        scheme: 'frost',
        note:
          wallet.algo === 'ed25519'
            ? 'This is the wallet’s Ed25519 secret scalar (little-endian), not an RFC 8032 seed.'
            : 'This is the wallet’s Taproot-tweaked secret key: it signs for the group key (the Taproot output key).',
      },
    };
  },
};
