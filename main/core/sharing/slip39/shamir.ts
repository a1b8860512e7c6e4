/**
 * SLIP-0039 "Sharing a secret": SplitSecret(T, N, S) and RecoverSecret(T, shares) over GF(2^8)
 * (../gf256.ts). For T ≥ 2 the polynomial runs through T − 2 random shares at x = 0..T−3, the
 * digest share D at x = 254 and the secret S at x = 255; D is the first 4 bytes of
 * HMAC-SHA256(key = R, msg = S) followed by the n − 4 random bytes R (design rationale 4). For
 * T = 1 every share is S itself and there is no digest.
 *
 * Randomness, in the order of trezor/python-shamir-mnemonic (so a replayed rng reproduces its
 * output): T − 2 calls rng(n) for the random shares, then one call rng(n − 4) for R.
 * Not constant-time; JS cannot guarantee zeroing (intermediate values are wiped best effort).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { aarray, abytes, afunction, aint, equalBytes, randomBytes, wipe, type Rng } from '../../bytes.js';
import { interpolate, type Gf256Point } from '../../math/gf256.js';

/** The x coordinate of the shared secret. */
export const SECRET_INDEX = 255;
/** The x coordinate of the digest share. */
export const DIGEST_INDEX = 254;
/** The length of the digest in bytes. */
export const DIGEST_LENGTH_BYTES = 4;
/** The most shares (groups, or members of a group): the indices are 4 bits. */
export const MAX_SHARE_COUNT = 16;

function digest(random: Uint8Array, secret: Uint8Array): Uint8Array {
  const mac = hmac(sha256, random, secret);
  const out = mac.slice(0, DIGEST_LENGTH_BYTES);
  wipe(mac);
  return out;
}

/**
 * SplitSecret(T, N, S): returns N shares {x: 0..N−1, y} (each y a new array as long as S) of
 * which any T give S back. Takes 1 ≤ threshold ≤ count ≤ 16 and a secret of at least 16 bytes
 * (SLIP-0039 also requires an even length; the caller checks that).
 * Throws TypeError/RangeError on bad arguments or an rng returning the wrong length.
 */
export function splitSecret(
  threshold: number,
  count: number,
  secret: Uint8Array,
  rng: Rng = randomBytes,
): Gf256Point[] {
  aint(count, 'count', 1, MAX_SHARE_COUNT);
  aint(threshold, 'threshold', 1, count);
  abytes(secret, 'secret');
  if (secret.length < 16) throw new RangeError(`secret must be at least 16 bytes, got ${secret.length}`);
  afunction(rng, 'rng');
  const n = secret.length;
  if (threshold === 1) return Array.from({ length: count }, (_, x) => ({ x, y: secret.slice() }));

  const base: Gf256Point[] = [];
  for (let x = 0; x < threshold - 2; x++) base.push({ x, y: abytes(rng(n), 'rng output', n) });
  const random = abytes(rng(n - DIGEST_LENGTH_BYTES), 'rng output', n - DIGEST_LENGTH_BYTES);
  const d = digest(random, secret);
  const digestShare = new Uint8Array(n);
  digestShare.set(d);
  digestShare.set(random, DIGEST_LENGTH_BYTES);
  wipe(d, random);
  const points = [...base, { x: DIGEST_INDEX, y: digestShare }, { x: SECRET_INDEX, y: secret }];
  try {
    const shares: Gf256Point[] = base.map((p) => ({ x: p.x, y: p.y.slice() }));
    for (let x = threshold - 2; x < count; x++) shares.push({ x, y: interpolate(points, x) });
    return shares;
  } finally {
    wipe(digestShare, ...base.map((p) => p.y));
  }
}

/**
 * RecoverSecret(T, shares): for T = 1 a copy of the first share's value; otherwise interpolates
 * S at x = 255 and D at x = 254 and checks D's digest. Takes exactly the shares to use (distinct
 * x, equal lengths; the caller checks their number). Returns S, or null when the digest does not
 * match (a share is wrong or forged); the caller turns that into a person-readable error.
 * Throws TypeError/RangeError on bad arguments.
 */
export function recoverSecret(threshold: number, shares: Gf256Point[]): Uint8Array | null {
  aint(threshold, 'threshold', 1, MAX_SHARE_COUNT);
  aarray(shares, 'shares', 1);
  if (threshold === 1) return abytes(shares[0]!.y, 'shares[0].y').slice();
  const secret = interpolate(shares, SECRET_INDEX);
  const d = interpolate(shares, DIGEST_INDEX);
  if (d.length <= DIGEST_LENGTH_BYTES) {
    wipe(secret, d);
    throw new RangeError(`share values must be longer than ${DIGEST_LENGTH_BYTES} bytes`);
  }
  const expected = digest(d.subarray(DIGEST_LENGTH_BYTES), secret);
  const ok = equalBytes(expected, d.subarray(0, DIGEST_LENGTH_BYTES));
  wipe(d, expected);
  if (ok) return secret;
  wipe(secret);
  return null;
}
