/**
 * Byte-wise Shamir secret sharing, t-of-n, over GF(2^8) (A. Shamir, "How to share a secret",
 * CACM 22(11), 1979), one polynomial per secret byte, the secret at x = 0 and shares at
 * x = 1..n. Field arithmetic from ./gf256.ts (AES polynomial 0x11b). This is the plain scheme,
 * without SLIP-0039's digest share or mnemonic format (see ./slip39/ for that).
 *
 * Shares carry no integrity check: a wrong share gives a wrong secret, not an error. The layer
 * above names child keys to the user, so argument problems here are plain TypeError/RangeError.
 * Not constant-time (JavaScript gives no guarantee); JS cannot guarantee zeroing.
 */
import { RNG_CHUNK_BYTES, aarray, abytes, afunction, aint, drawBytes, randomBytes, wipe, type Rng } from '../bytes.js';
import { MAX_PARTIES } from './limits.js';
import { evaluateSplit, interpolate, type Gf256Point } from '../math/gf256.js';

export type { Gf256Point };

/** The default rng draws from the platform CSPRNG this many bytes at a time. */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolAt = 0;

/**
 * Reserves `length` (at most 1 KiB) fresh bytes of the pool, refilling it when too few are left;
 * returns their offset. The caller zeroes them there once used.
 */
function takeFromPool(length: number): number {
  if (poolAt + length > pool.length) {
    wipe(pool);
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += length;
  return at;
}

/**
 * The default rng of {@link gf256Split} (and of split's blinding key): `length` (1..65536) bytes of
 * the platform CSPRNG (noble's randomBytes), asked for 4 KiB at a time, because each call costs
 * microseconds, more than splitting a 32-byte key. Requests of more than 1 KiB go straight to the
 * CSPRNG. Each byte handed out is zeroed in the pool at once; gf256Split itself reads a small draw
 * where it lies in the pool (no copy) and zeroes it there. Throws TypeError/RangeError for a bad length.
 */
export function pooledRandomBytes(length: number): Uint8Array {
  if (!(Number.isSafeInteger(length) && length >= 1 && length <= RNG_CHUNK_BYTES))
    aint(length, 'length', 1, RNG_CHUNK_BYTES);
  if (length > POOL_BYTES / 4) return randomBytes(length);
  const at = takeFromPool(length);
  const out = pool.slice(at, at + length);
  pool.fill(0, at, at + length);
  return out;
}

/**
 * Splits `secret` (≥ 1 byte) into `parties` shares (2..255), any `threshold` (2..parties) of
 * which restore it; returns [{x: 1, y}, …, {x: parties, y}], each y as long as the secret.
 *
 * Randomness: one stream of (threshold − 1)·len bytes, whose bytes [(k−1)·len, k·len) are the
 * coefficients of x^k (k = 1..threshold−1) of every byte's polynomial. It is requested in calls of
 * at most 65536 bytes (the Web Crypto `getRandomValues` limit), so a secret of up to
 * 65536 / (threshold − 1) bytes takes exactly one call `rng((threshold − 1) * secret.length)`.
 * Throws TypeError for wrong types, RangeError for out-of-range numbers, an empty secret or an
 * rng that returns the wrong length. The coefficients are wiped after use (best effort).
 */
export function gf256Split(
  secret: Uint8Array,
  threshold: number,
  parties: number,
  rng: Rng = pooledRandomBytes,
): Gf256Point[] {
  abytes(secret, 'secret');
  if (secret.length < 1) throw new RangeError('secret must be at least 1 byte, got 0');
  aint(parties, 'parties', 2, MAX_PARTIES);
  aint(threshold, 'threshold', 2, parties);
  afunction(rng, 'rng');
  const n = secret.length;
  const degree = threshold - 1;
  const length = degree * n;
  let ys: Uint8Array[];
  if (rng === pooledRandomBytes && length <= POOL_BYTES / 4) {
    // The default rng's bytes are used where they lie in the pool, then zeroed there.
    const at = takeFromPool(length);
    try {
      ys = evaluateSplit(secret, pool, at, degree, parties);
    } finally {
      pool.fill(0, at, at + length);
    }
  } else {
    // Anything else is copied and wiped.
    const random = drawBytes(length, rng);
    try {
      ys = evaluateSplit(secret, random, 0, degree, parties);
    } finally {
      wipe(random);
    }
  }
  const shares: Gf256Point[] = [];
  for (let i = 0; i < parties; i++) shares.push({ x: i + 1, y: ys[i]! });
  return shares;
}

/**
 * Restores the secret from shares made by {@link gf256Split}: interpolates at x = 0. Give exactly
 * the shares you have (2..255); with fewer than the threshold the result is a wrong value, not an
 * error. Throws TypeError for wrong types; RangeError for fewer than 2 shares, an x outside
 * 1..255, duplicate x, or y of unequal or zero length. Returns a new array.
 */
export function gf256Combine(shares: Gf256Point[]): Uint8Array {
  aarray(shares, 'shares', 2, MAX_PARTIES);
  let length = 0;
  // Messages are built only on failure.
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i];
    if (typeof s !== 'object' || s === null) throw new TypeError(`shares[${i}] must be an object {x, y}`);
    const x = s.x;
    if (!(typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 255)) aint(x, `shares[${i}].x`, 1, 255);
    for (let j = 0; j < i; j++)
      if (shares[j]!.x === x)
        throw new RangeError(`shares[${i}].x duplicates another share's x (${x}); x must be distinct`);
    if (!(s.y instanceof Uint8Array)) abytes(s.y, `shares[${i}].y`);
    if (i === 0) {
      length = s.y.length;
      if (length < 1) throw new RangeError('shares[0].y must be at least 1 byte, got 0');
    } else if (s.y.length !== length) {
      throw new RangeError(`shares[${i}].y must be ${length} bytes like shares[0].y, got ${s.y.length}`);
    }
  }
  return interpolate(shares, 0);
}
