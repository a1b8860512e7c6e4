/**
 * The method's N-of-N split with random strings combined by XOR (the one-time pad of Vernam, 1926;
 * the "N-of-N" case of secret sharing): child keys 1..N−1 are random strings as long as the secret,
 * child key N is the secret XOR all of them, and only all N together give the secret back. Any N−1
 * of them are uniformly random and independent of the secret.
 *
 * Limits: JS cannot guarantee zeroing (intermediate buffers are wiped, best effort). XOR itself
 * runs in time independent of the values.
 */
import { aarray, abytes, afunction, aint, randomBytes, wipe, type Rng } from './bytes.js';

/** Most parties: child keys are numbered by one byte, 1..255 (the same bound as every scheme here). */
const MAX_PARTIES = 255;

/** Most bytes one rng call is asked for: the Web Crypto `getRandomValues` limit, which noble's randomBytes enforces. */
export const RNG_CHUNK_BYTES = 65536;

/**
 * `length` (≥ 1) random bytes from `rng`, asked for in calls of at most {@link RNG_CHUNK_BYTES}
 * bytes (one call when length ≤ 65536). Throws TypeError/RangeError for a bad length, a non-function rng,
 * or rng output that is not a Uint8Array of the requested length. Each rng buffer is copied, then
 * wiped (best effort).
 */
export function drawBytes(length: number, rng: Rng = randomBytes): Uint8Array {
  aint(length, 'length', 1, Number.MAX_SAFE_INTEGER);
  afunction(rng, 'rng');
  const out = new Uint8Array(length);
  for (let pos = 0; pos < length; pos += RNG_CHUNK_BYTES) {
    const n = Math.min(RNG_CHUNK_BYTES, length - pos);
    const chunk = abytes(rng(n), 'rng output', n);
    out.set(chunk, pos);
    wipe(chunk);
  }
  return out;
}

/**
 * Splits `secret` (1 or more bytes) among `parties` (2..255): returns `parties` child keys as long
 * as the secret — N−1 random ones (drawn in order with {@link drawBytes}) and the secret XOR all of
 * them last. The returned arrays are secret. Throws TypeError for wrong types, RangeError for an
 * empty secret or parties out of range.
 */
export function xorSplit(secret: Uint8Array, parties: number, rng: Rng = randomBytes): Uint8Array[] {
  abytes(secret, 'secret');
  if (secret.length === 0) throw new RangeError('secret must not be empty');
  aint(parties, 'parties', 2, MAX_PARTIES);
  afunction(rng, 'rng');
  const shares: Uint8Array[] = [];
  const last = Uint8Array.from(secret);
  for (let i = 0; i < parties - 1; i++) {
    const r = drawBytes(secret.length, rng);
    for (let k = 0; k < r.length; k++) last[k] = (last[k] as number) ^ (r[k] as number);
    shares.push(r);
  }
  shares.push(last);
  return shares;
}

/**
 * XORs all child keys together: with all N child keys of a set, the secret; with fewer, or with
 * child keys of different sets, unrelated bytes (this function cannot tell — the caller checks
 * the result's fingerprint). Takes 2..255 Uint8Arrays of one nonzero length. Throws TypeError for
 * wrong types, RangeError for a wrong count or unequal or zero lengths.
 */
export function xorCombine(shares: Uint8Array[]): Uint8Array {
  aarray(shares, 'shares', 2, MAX_PARTIES);
  const first = abytes(shares[0], 'shares[0]');
  if (first.length === 0) throw new RangeError('shares[0] must not be empty');
  shares.forEach((s, i) => abytes(s, `shares[${i}]`, first.length));
  const out = new Uint8Array(first.length);
  for (const s of shares) for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) ^ (s[k] as number);
  return out;
}
