/**
 * The method's "operation with random strings" as N-of-N additive sharing: child keys 1..N−1 are
 * random mod m, child key N is secret − their sum; any N−1 are independent of the secret. Moduli: a
 * stored prime (a curve's group order) or 2^bits. Design: docs/schemes.md ("Additive").
 * Not constant-time (bigints); JS cannot guarantee zeroing.
 */
import { bytesToNumberBE } from '@noble/curves/utils.js';
import {
  aarray,
  abigint,
  abytes,
  afunction,
  aint,
  drawBytes,
  randomBytes,
  typeName,
  wipe,
  type Rng,
} from '../bytes.js';
import { MAX_PARTIES } from './limits.js';
import { PRIME_FIELDS } from '../math/prime-fields.js';

/** Most parties: child keys are numbered by one byte, 1..255 (the same bound as every scheme here). */

/**
 * Largest modulus of the bigint functions: 2^MAX_MODULUS_BITS = 2^(8·16 MiB), the largest secret
 * split in memory (child-key.ts MAX_SECRET_BYTES). Above 64 KiB the bigint path is slow (seconds per
 * 16 MiB conversion between bytes and bigint); {@link additiveSplitBytes} does the same in linear time.
 */
export const MAX_MODULUS_BITS = 8 * 16 * 1024 * 1024;

const MAX_ATTEMPTS = 1024;

/**
 * Asserts modulus is a bigint that is a prime of the stored table or a power of two from 2 to
 * 2^MAX_MODULUS_BITS; returns the bit length of modulus − 1.
 */
function amodulus(modulus: unknown): number {
  if (typeof modulus !== 'bigint') throw new TypeError(`modulus must be a bigint, got ${typeName(modulus)}`);
  const isPrime = PRIME_FIELDS.some((f) => f.p === modulus);
  // The shift is cheap for any size and avoids holding a 16 MiB limit constant.
  const isPowerOfTwo =
    modulus >= 2n && (modulus & (modulus - 1n)) === 0n && (modulus - 1n) >> BigInt(MAX_MODULUS_BITS) === 0n;
  if (!isPrime && !isPowerOfTwo)
    throw new RangeError(
      `modulus must be a prime of the stored table or a power of two from 2 to 2^${MAX_MODULUS_BITS}`,
    );
  return bitLength(modulus - 1n);
}

/** Bit length of x > 0, in time linear in its size (noble's bitLen shifts bit by bit). */
function bitLength(x: bigint): number {
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0] as string, 16)));
}

/** randomBelow with the checks done and the bit length of modulus − 1 known. */
function drawBelow(modulus: bigint, bits: number, rng: Rng): bigint {
  const len = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const b = drawBytes(len, rng);
    const x = bytesToNumberBE(b) & mask;
    wipe(b);
    if (x < modulus) return x;
  }
  throw new RangeError(`rng gave no usable value below the modulus in ${MAX_ATTEMPTS} draws`);
}

/**
 * A uniformly random integer in [0, modulus). Each attempt draws ceil(b/8) bytes with b = bit length
 * of modulus−1 — ONE rng call when that is at most 65536 bytes, else calls of 65536 (drawBytes) —
 * reads them big-endian, keeps the low b bits, and rejects values ≥ modulus: for a power of two
 * nothing is rejected (pure masking); otherwise fewer than half the draws are. Takes a modulus
 * that is a prime of the stored table or a power of two up to 2^MAX_MODULUS_BITS. Throws TypeError for wrong types, RangeError for a modulus out of range,
 * rng output of the wrong length, or 1024 failed attempts (a broken rng). Not constant-time.
 */
export function randomBelow(modulus: bigint, rng: Rng = randomBytes): bigint {
  const bits = amodulus(modulus);
  afunction(rng, 'rng');
  return drawBelow(modulus, bits, rng);
}

/**
 * Splits `secret` in [0, modulus) among `parties` (2..255): N−1 values from {@link randomBelow}
 * (drawn in order) and, last, secret − their sum mod modulus. Takes a modulus as randomBelow does.
 * Returns secret values. Throws TypeError for wrong types, RangeError for values out of range.
 */
export function additiveSplit(secret: bigint, parties: number, modulus: bigint, rng: Rng = randomBytes): bigint[] {
  const bits = amodulus(modulus);
  abigint(secret, 'secret', 0n, modulus);
  aint(parties, 'parties', 2, MAX_PARTIES);
  afunction(rng, 'rng');
  const shares: bigint[] = [];
  let sum = 0n;
  for (let i = 0; i < parties - 1; i++) {
    const r = drawBelow(modulus, bits, rng);
    shares.push(r);
    sum += r;
    if (sum >= modulus) sum -= modulus;
  }
  const last = secret - sum;
  shares.push(last < 0n ? last + modulus : last);
  return shares;
}

/**
 * Adds child keys mod `modulus`: with all N child keys of a set, the secret; with fewer, or with
 * child keys of different sets, an unrelated value (the caller checks it). Takes 2..255 bigints in
 * [0, modulus), and a modulus as randomBelow does. Throws TypeError for wrong types, RangeError for values
 * out of range or a wrong count.
 */
export function additiveCombine(shares: bigint[], modulus: bigint): bigint {
  amodulus(modulus);
  aarray(shares, 'shares', 2, MAX_PARTIES);
  let sum = 0n;
  shares.forEach((s, i) => {
    abigint(s, `shares[${i}]`, 0n, modulus);
    sum += s;
    if (sum >= modulus) sum -= modulus;
  });
  return sum;
}

/**
 * {@link additiveSplit} for a byte string read as a big-endian number mod 2^(8·length), done on the
 * bytes: child keys 1..N−1 are random strings as long as the secret (drawn in order with
 * drawBytes, 65536 bytes per rng call at most), child key N is secret − their sum mod 2^(8·length).
 * Same result as additiveSplit(BE(secret), parties, 2^(8·length)) with the same random bytes, in
 * linear time for any length. Throws TypeError for wrong types, RangeError for an empty secret or
 * parties out of range.
 */
export function additiveSplitBytes(secret: Uint8Array, parties: number, rng: Rng = randomBytes): Uint8Array[] {
  abytes(secret, 'secret');
  if (secret.length === 0) throw new RangeError('secret must not be empty');
  aint(parties, 'parties', 2, MAX_PARTIES);
  afunction(rng, 'rng');
  const shares: Uint8Array[] = [];
  for (let i = 0; i < parties - 1; i++) shares.push(drawBytes(secret.length, rng));
  const last = new Uint8Array(secret.length);
  let carry = 0; // in (-parties, 1]: the borrow moved to the next, more significant byte
  for (let k = secret.length - 1; k >= 0; k--) {
    let v = (secret[k] as number) + carry;
    for (const s of shares) v -= s[k] as number;
    const byte = ((v % 256) + 256) % 256;
    last[k] = byte;
    carry = (v - byte) / 256;
  }
  shares.push(last);
  return shares;
}

/**
 * Adds byte-string child keys as big-endian numbers mod 2^(8·length) (the inverse of
 * {@link additiveSplitBytes}): with all N of a set, the secret; otherwise unrelated bytes. Takes
 * 2..255 Uint8Arrays of one nonzero length. Throws TypeError for wrong types, RangeError for a
 * wrong count or unequal or zero lengths.
 */
export function additiveCombineBytes(shares: Uint8Array[]): Uint8Array {
  aarray(shares, 'shares', 2, MAX_PARTIES);
  const first = abytes(shares[0], 'shares[0]');
  if (first.length === 0) throw new RangeError('shares[0] must not be empty');
  shares.forEach((s, i) => abytes(s, `shares[${i}]`, first.length));
  const out = new Uint8Array(first.length);
  let carry = 0;
  for (let k = out.length - 1; k >= 0; k--) {
    let v = carry;
    for (const s of shares) v += s[k] as number;
    out[k] = v & 0xff;
    carry = v >>> 8;
  }
  return out;
}
