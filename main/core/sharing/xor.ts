/**
 * The method's N-of-N split with random strings combined by XOR (the one-time pad of Vernam, 1926;
 * the "N-of-N" case of secret sharing): child keys 1..N−1 are random strings as long as the secret,
 * child key N is the secret XOR all of them, and only all N together give the secret back. Any N−1
 * of them are uniformly random and independent of the secret.
 *
 * Limits: JS cannot guarantee zeroing (intermediate buffers are wiped, best effort). XOR itself
 * runs in time independent of the values.
 */
import { aarray, abytes, afunction, aint, drawBytes, randomBytes, type Rng } from '../bytes.js';
import { MAX_PARTIES } from './limits.js';

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
