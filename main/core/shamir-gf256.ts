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
import { aarray, abytes, afunction, aint, drawBytes, randomBytes, wipe, type Rng } from './bytes.js';
import { MAX_PARTIES } from './child-key.js';
import { evaluatePolynomial, interpolate, type Gf256Point } from './gf256.js';

export type { Gf256Point };

/** The most bytes requested from the rng in one call (Web Crypto's getRandomValues limit). */

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
  rng: Rng = randomBytes,
): Gf256Point[] {
  abytes(secret, 'secret');
  if (secret.length < 1) throw new RangeError('secret must be at least 1 byte, got 0');
  aint(parties, 'parties', 2, MAX_PARTIES);
  aint(threshold, 'threshold', 2, parties);
  afunction(rng, 'rng');
  const n = secret.length;
  const random = drawBytes((threshold - 1) * n, rng);
  const coefficients = [secret];
  for (let k = 1; k < threshold; k++) coefficients.push(random.subarray((k - 1) * n, k * n));
  try {
    const shares: Gf256Point[] = [];
    for (let x = 1; x <= parties; x++) shares.push({ x, y: evaluatePolynomial(coefficients, x) });
    return shares;
  } finally {
    wipe(random);
  }
}

/**
 * Restores the secret from shares made by {@link gf256Split}: interpolates at x = 0. Give exactly
 * the shares you have (2..255); with fewer than the threshold the result is a wrong value, not an
 * error. Throws TypeError for wrong types; RangeError for fewer than 2 shares, an x outside
 * 1..255, duplicate x, or y of unequal or zero length. Returns a new array.
 */
export function gf256Combine(shares: Gf256Point[]): Uint8Array {
  aarray(shares, 'shares', 2, MAX_PARTIES);
  const seen = new Set<number>();
  let length = 0;
  shares.forEach((s, i) => {
    if (typeof s !== 'object' || s === null) throw new TypeError(`shares[${i}] must be an object {x, y}`);
    const x = aint(s.x, `shares[${i}].x`, 1, 255);
    if (seen.has(x)) throw new RangeError(`shares[${i}].x duplicates another share's x (${x}); x must be distinct`);
    seen.add(x);
    abytes(s.y, `shares[${i}].y`);
    if (i === 0) {
      length = s.y.length;
      if (length < 1) throw new RangeError('shares[0].y must be at least 1 byte, got 0');
    } else if (s.y.length !== length) {
      throw new RangeError(`shares[${i}].y must be ${length} bytes like shares[0].y, got ${s.y.length}`);
    }
  });
  return interpolate(shares, 0);
}
