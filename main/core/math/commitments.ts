/**
 * What a child key is checked against before a restore, without revealing the secret:
 * - Feldman's verifiable secret sharing (Feldman, FOCS 1987; as in RFC 9591 §C.2, `vss_commit` and
 *   `vss_verify`) for the polynomial scheme on a curve key: C_j = a_j·G for each coefficient, and
 *   child key (x, y) is honest when y·G = Σ C_j·x^j.
 * - Public points y_i·G for the random-string (additive) scheme on a curve key: they add up to the
 *   key's public point.
 * - For everything else, a domain-separated SHA-256 of each child key (FIPS 180-4): in format
 *   version 2 blinded by the holder's own share of a random key ({@link blindedHash}, hiding), in
 *   version 1 salted with a public salt ({@link saltedHash}, kept for reading old sets only).
 *
 * C_0 is secret·G. For secp256k1 that is the public key itself. For ed25519, C_0 = seed·G (the seed
 * read as a little-endian scalar < L, curves.ts privateKeyToScalar), which is NOT the RFC 8032
 * public key (that one comes from SHA-512 of the seed, §5.1.5): the final check of a restored
 * ed25519 key is publicKeyOf(seed) == the wallet's public key.
 *
 * Point encodings: secp256k1 33-byte compressed (SEC 1 §2.3.3), ed25519 32 bytes (RFC 8032 §5.1.2).
 * Invalid encoded points (not on the curve, not canonical, or with a small-order component on
 * ed25519) make {@link feldmanVerify} and {@link pointSumEquals} return false — they never throw for
 * the content of well-typed, right-length bytes; the caller maps false to 'CHILD_KEY_MISMATCH'.
 *
 * Secret scalars are multiplied with noble's `multiply` (its constant-time-style ladder); public
 * ones with `multiplyUnsafe` or double-and-add. Bigint arithmetic is not constant-time. JS cannot
 * guarantee zeroing.
 *
 * Speed (issue 19): decoded commitments are cached (decoding is a square root, or a torsion check
 * on ed25519, per point; commitments are public and a session checks several child keys against
 * the same ones); Σ C_j·x^j is evaluated by Horner's rule with x ≤ 255 (small doublings and
 * additions), so that the check's cost is about its one base multiplication y·G (from noble's
 * precomputed table for G). A batch check of a whole set with random weights was measured slower:
 * its weights make the multiplications of the commitments full-size.
 */
import type { CurvePoint, CurvePointCons } from '@noble/curves/abstract/curve.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { aarray, abigint, abytes, aint, bytesToHex, utf8ToBytes } from '../bytes.js';
import { acurve, curveOrder, type CurveInfo } from './curves.js';

/** Most commitments or points: one per coefficient or child key, at most 255 of either. */
const MAX_ITEMS = 255;

/** How each curve's points are made, decoded and encoded. */
interface Group<P extends CurvePoint<bigint, P>> {
  Point: CurvePointCons<P>;
  /** The encoding, or undefined when the bytes are not a valid point of the prime-order group. */
  decode(bytes: Uint8Array): P | undefined;
  encode(p: P): Uint8Array;
}

const SECP = {
  Point: secp256k1.Point,
  decode(bytes) {
    try {
      return secp256k1.Point.fromBytes(bytes); // checks on-curve; 33 bytes cannot be infinity
    } catch {
      return undefined;
    }
  },
  encode: (p) => p.toBytes(true),
} satisfies Group<ReturnType<typeof secp256k1.Point.fromBytes>>;

const ED = {
  Point: ed25519.Point,
  decode(bytes) {
    try {
      const p = ed25519.Point.fromBytes(bytes, false); // RFC 8032 strict: rejects y ≥ p
      if (!p.isTorsionFree()) return undefined;
      const again = p.toBytes();
      let diff = 0;
      for (let i = 0; i < again.length; i++) diff |= (again[i] as number) ^ (bytes[i] as number);
      return diff === 0 ? p : undefined;
    } catch {
      return undefined;
    }
  },
  encode: (p) => p.toBytes(),
} satisfies Group<ReturnType<typeof ed25519.Point.fromBytes>>;

/** Runs `f` with the curve's group, keeping the point type consistent inside `f`. */
function withGroup<R>(curve: CurveInfo, f: <P extends CurvePoint<bigint, P>>(g: Group<P>) => R): R {
  return curve.id === 'secp256k1' ? f(SECP) : f(ED);
}

/** s·G for a secret s in [0, n): noble's `multiply` for s ≠ 0, the identity for 0. */
function mulBase<P extends CurvePoint<bigint, P>>(g: Group<P>, s: bigint): P {
  return s === 0n ? g.Point.ZERO : g.Point.BASE.multiply(s);
}

/** Least scalar a point of the curve may be made from: 1 for secp256k1 (no encoding of infinity), 0 for ed25519. */
function minScalar(curve: CurveInfo): bigint {
  return curve.id === 'secp256k1' ? 1n : 0n;
}

/**
 * Feldman commitments to a polynomial's coefficients [S, R1, …, R(t−1)] (polySplit's
 * `coefficients`): their points a_j·G, encoded (33 bytes compressed for secp256k1, 32 for ed25519).
 * Takes 1..255 coefficients, each in [1, n) for secp256k1 (the identity has no compressed encoding)
 * or [0, L) for ed25519. Throws TypeError for wrong types, RangeError for values out of range.
 */
export function feldmanCommit(curve: CurveInfo, coefficients: bigint[]): Uint8Array[] {
  acurve(curve);
  aarray(coefficients, 'coefficients', 1, MAX_ITEMS);
  const n = curveOrder(curve);
  const lo = minScalar(curve);
  coefficients.forEach((a, j) => abigint(a, `coefficients[${j}]`, lo, n));
  return withGroup(curve, (g) => coefficients.map((a) => g.encode(mulBase(g, a))));
}

/** Most decoded points kept: public points only (commitments), cleared whole when full. */
const MAX_CACHED_POINTS = 1024;
const pointCache = new WeakMap<object, Map<string, unknown>>();

/**
 * {@link Group.decode} through a cache of valid points: a commitment is decoded (and checked) once,
 * then found by its bytes. Only points that decode are kept; the cache holds public data only.
 */
function decodeCached<P extends CurvePoint<bigint, P>>(g: Group<P>, bytes: Uint8Array): P | undefined {
  let cache = pointCache.get(g);
  if (!cache) pointCache.set(g, (cache = new Map()));
  const key = bytesToHex(bytes);
  const hit = cache.get(key) as P | undefined;
  if (hit) return hit;
  const p = g.decode(bytes);
  if (p) {
    if (cache.size >= MAX_CACHED_POINTS) cache.clear();
    cache.set(key, p);
  }
  return p;
}

/** Decodes every point, or returns undefined if any is invalid. Lengths were checked by the caller. */
function decodeAll<P extends CurvePoint<bigint, P>>(g: Group<P>, list: Uint8Array[], cached = false): P[] | undefined {
  const out: P[] = [];
  for (const b of list) {
    const p = cached ? decodeCached(g, b) : g.decode(b);
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

/** k·P for a public 1 ≤ k ≤ 255, by double-and-add (a handful of point operations). */
function mulSmall<P extends CurvePoint<bigint, P>>(p: P, k: number): P {
  let r = p;
  for (let bit = 30 - Math.clz32(k); bit >= 0; bit--) {
    r = r.double();
    if ((k >> bit) & 1) r = r.add(p);
  }
  return r;
}

/** Σ C_j·x^j by Horner's rule, for a public x in 1..255. */
function evalCommitments<P extends CurvePoint<bigint, P>>(g: Group<P>, cs: P[], x: number): P {
  let acc = g.Point.ZERO;
  for (let j = cs.length - 1; j >= 0; j--) acc = mulSmall(acc, x).add(cs[j] as P);
  return acc;
}

function checkPointList(curve: CurveInfo, list: unknown, title: string): Uint8Array[] {
  aarray(list, title, 1, MAX_ITEMS);
  (list as unknown[]).forEach((c, i) => abytes(c, `${title}[${i}]`, curve.publicKeyBytes));
  return list as Uint8Array[];
}

/**
 * Feldman's check of child key (x, y) against a set's commitments: y·G == Σ C_j·x^j.
 * Takes 1..255 encoded commitments (33 bytes each for secp256k1, 32 for ed25519), x in 1..255 and
 * y in [0, n). Returns true for an honest child key; false when it does not match or when a
 * commitment is not a valid point. Throws TypeError for wrong types, RangeError for wrong lengths
 * or values out of range.
 */
export function feldmanVerify(curve: CurveInfo, commitments: Uint8Array[], x: number, y: bigint): boolean {
  acurve(curve);
  checkPointList(curve, commitments, 'commitments');
  aint(x, 'x', 1, MAX_ITEMS);
  const n = curveOrder(curve);
  abigint(y, 'y', 0n, n);
  return withGroup(curve, (g) => {
    const cs = decodeAll(g, commitments, true);
    if (!cs) return false;
    return mulBase(g, y).equals(evalCommitments(g, cs, x));
  });
}

/**
 * The public point y·G of a random-string (additive) child key, encoded. Takes y in [1, n) for
 * secp256k1 (a random share is 0 with probability 2^-256) or [0, L) for ed25519. Throws TypeError
 * for a non-bigint, RangeError out of range.
 */
export function sharePoint(curve: CurveInfo, y: bigint): Uint8Array {
  acurve(curve);
  abigint(y, 'y', minScalar(curve), curveOrder(curve));
  return withGroup(curve, (g) => g.encode(mulBase(g, y)));
}

/**
 * True when the points add up to `expected` (for secp256k1 the wallet's public key; for ed25519
 * seed·G, not the RFC 8032 public key). Takes 1..255 encoded points and one expected point, each
 * 33 bytes (secp256k1) or 32 (ed25519). Returns false when any of them is not a valid point.
 * Throws TypeError for wrong types, RangeError for wrong lengths or counts.
 */
export function pointSumEquals(curve: CurveInfo, points: Uint8Array[], expected: Uint8Array): boolean {
  acurve(curve);
  checkPointList(curve, points, 'points');
  abytes(expected, 'expected', curve.publicKeyBytes);
  return withGroup(curve, (g) => {
    const ps = decodeAll(g, points);
    const e = g.decode(expected);
    if (!ps || !e) return false;
    return ps.reduce((acc, p) => acc.add(p), g.Point.ZERO).equals(e);
  });
}

/** The domain-separation tag of {@link saltedHash} (format version 1). */
export const SALTED_HASH_TAG = 'jointkey/child-key/v1';
/** The domain-separation tag of {@link blindedHash} (format version 2). */
export const BLINDED_HASH_TAG = 'jointkey/child-key/v2';

/** Salt lengths {@link saltedHash} accepts. */
export const MIN_SALT_BYTES = 16;
export const MAX_SALT_BYTES = 64;
/** Blinding-share lengths {@link blindedHash} accepts: 32 bytes, or an element of m521 (66). */
export const MIN_BLINDING_BYTES = 32;
export const MAX_BLINDING_BYTES = 66;
/** Most parts {@link taggedHash} hashes. */
const MAX_PARTS = 16;

/** Most tags {@link tagPrefix} keeps: the formats have four; others are laid out on each call. */
const MAX_CACHED_TAGS = 16;
/** Each tag's prefix, len(tag) ‖ tag, laid out once (the few tags are constants of the formats). */
const TAG_PREFIXES = new Map<string, Uint8Array>();

function tagPrefix(tag: string): Uint8Array {
  let prefix = TAG_PREFIXES.get(tag);
  if (prefix === undefined) {
    const bytes = utf8ToBytes(tag);
    prefix = new Uint8Array(4 + bytes.length);
    writeU32be(prefix, 0, bytes.length);
    prefix.set(bytes, 4);
    if (TAG_PREFIXES.size < MAX_CACHED_TAGS) TAG_PREFIXES.set(tag, prefix);
  }
  return prefix;
}

function writeU32be(into: Uint8Array, at: number, n: number): void {
  into[at] = n >>> 24;
  into[at + 1] = (n >>> 16) & 0xff;
  into[at + 2] = (n >>> 8) & 0xff;
  into[at + 3] = n & 0xff;
}

/**
 * SHA-256( len(tag) ‖ tag ‖ len(part₁) ‖ part₁ ‖ … ), each len a 4-byte big-endian byte count and
 * the tag UTF-8: the one hash construction of the formats (salted hashes, blinded hashes, the
 * fingerprint of version 2), unambiguous for any parts. Takes a tag of 1..100 characters and 1..16
 * parts of 0..2^32−1 bytes. Throws TypeError for wrong types, RangeError for wrong lengths.
 *
 * The message is laid out once (the tag's prefix cached, lengths written in place) and hashed in
 * one call — the same bytes as (length, part) updates — then zeroed: its parts may be secret.
 */
export function taggedHash(tag: string, parts: readonly Uint8Array[]): Uint8Array {
  if (typeof tag !== 'string') throw new TypeError('tag must be a string');
  if (tag.length < 1 || tag.length > 100) throw new RangeError('tag must be 1 to 100 characters');
  aarray(parts, 'parts', 1, MAX_PARTS);
  const prefix = tagPrefix(tag);
  let length = prefix.length;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!(p instanceof Uint8Array)) abytes(p, `parts[${i}]`);
    else if (p.length > 0xffffffff) throw new RangeError(`parts[${i}] must be shorter than 4 GiB`);
    else length += 4 + p.length;
  }
  const msg = new Uint8Array(length);
  msg.set(prefix, 0);
  let at = prefix.length;
  for (const part of parts) {
    writeU32be(msg, at, part.length);
    msg.set(part, at + 4);
    at += 4 + part.length;
  }
  try {
    return sha256(msg);
  } finally {
    msg.fill(0);
  }
}

/**
 * Version 1's check value of a child key: {@link taggedHash}("jointkey/child-key/v1", [salt, data])
 * with a public random salt per set. Takes a salt of 16..64 bytes and data of 0..2^32−1 bytes.
 * Throws TypeError for wrong types, RangeError for wrong lengths. NOT hiding: anyone with the set
 * can test guesses of a short `data` — why version 2 uses {@link blindedHash}; kept to read old sets.
 */
export function saltedHash(salt: Uint8Array, data: Uint8Array): Uint8Array {
  abytes(salt, 'salt');
  if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES)
    throw new RangeError(`salt must be ${MIN_SALT_BYTES} to ${MAX_SALT_BYTES} bytes, got ${salt.length}`);
  abytes(data, 'data');
  return taggedHash(SALTED_HASH_TAG, [salt, data]);
}

/**
 * Version 2's commitment to child key `index`: {@link taggedHash}("jointkey/child-key/v2",
 * [index as one byte, share, blinding]). Hiding because `blinding` — the holder's share of the set's
 * random 32-byte blinding key — is in that holder's child key only and is uniformly random to
 * anyone with fewer than a quorum of child keys, so nobody else can test guesses of a short share;
 * binding as SHA-256 is. Takes index 1..255, a share of 1..2^32−1 bytes and a blinding share of
 * 32..66 bytes. Throws TypeError for wrong types, RangeError for wrong lengths or index.
 */
export function blindedHash(index: number, share: Uint8Array, blinding: Uint8Array): Uint8Array {
  aint(index, 'index', 1, MAX_ITEMS);
  abytes(share, 'share');
  if (share.length < 1) throw new RangeError('share must not be empty');
  abytes(blinding, 'blinding');
  if (blinding.length < MIN_BLINDING_BYTES || blinding.length > MAX_BLINDING_BYTES)
    throw new RangeError(
      `blinding must be ${MIN_BLINDING_BYTES} to ${MAX_BLINDING_BYTES} bytes, got ${blinding.length}`,
    );
  return taggedHash(BLINDED_HASH_TAG, [Uint8Array.of(index), share, blinding]);
}

/**
 * Equality of two byte arrays that reads every byte (no early exit on the first difference), for
 * comparing hashes and encodings; arrays of different lengths are unequal at once (lengths are not
 * secret). "Constant-time-ish": the JIT gives no guarantee. Throws TypeError for non-Uint8Arrays,
 * RangeError for an empty one (nothing to compare means a mistake upstream).
 */
export function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  abytes(a, 'a');
  abytes(b, 'b');
  if (a.length === 0 || b.length === 0) throw new RangeError('a and b must not be empty');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
