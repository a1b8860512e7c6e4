/**
 * The stored table of prime fields the polynomial and random-string schemes work over: the group
 * orders of secp256k1 (SEC 2 §2.4.1) and Ed25519 (RFC 8032 §5.1, L), and the Mersenne primes
 * 2^521−1, 2^1279−1, 2^2203−1 and 2^4253−1 for secrets that are not curve keys.
 *
 * Arithmetic is noble's `Field(p)` (@noble/curves/abstract/modular). Creating one is cheap (a few
 * microseconds, even for 2^4253−1: it stores p and its lengths and checks nothing costly), so every
 * field is created when this module loads. `Field` accepts orders up to 2048 bytes; the largest here
 * is 532. `Field` trusts that p is prime: the test suite checks each Mersenne number with the
 * Lucas–Lehmer test and the curve orders against noble's curves.
 *
 * Not constant-time: bigint arithmetic and the rejection loop of {@link randomElement} take
 * value-dependent time. JS cannot guarantee zeroing of bigints or of copied buffers.
 */
import { Field, type IField } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { abigint, abytes, afunction, aint, randomBytes, typeName, wipe, type Rng } from '../bytes.js';

export type PrimeFieldId = 'secp256k1-n' | 'ed25519-l' | 'm521' | 'm1279' | 'm2203' | 'm4253';

/** One prime field of the table. Objects are frozen; functions accept only the ones in {@link PRIME_FIELDS}. */
export interface PrimeFieldInfo {
  readonly id: PrimeFieldId;
  /** One byte, stable, for binary encodings: 1..6 in table order. Never reuse a code. */
  readonly code: number;
  readonly p: bigint;
  /** Bit length of p. */
  readonly bits: number;
  /** Bytes to encode any element: ceil(bits / 8). */
  readonly byteLength: number;
  /**
   * The largest n such that every n-byte secret is < p. For the curve orders (31) this is not meant
   * for arbitrary secrets: those go to a Mersenne field (see {@link fieldForSecretBytes}).
   */
  readonly maxSecretBytes: number;
  /** True for ed25519-l (its scalars are little-endian, RFC 8032 §5.1.5, RFC 9591 §6.5), false otherwise. */
  readonly littleEndian: boolean;
  /** noble's field over p, with the field's endianness for toBytes/fromBytes. */
  readonly Fp: IField<bigint>;
}

/** secp256k1 group order n (SEC 2 §2.4.1). */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1). */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function makeField(id: PrimeFieldId, code: number, p: bigint, littleEndian: boolean): PrimeFieldInfo {
  const Fp = Field(p, { isLE: littleEndian });
  const bits = Fp.BITS;
  // Largest n with 2^(8n) - 1 < p, i.e. 2^(8n) <= p.
  let maxSecretBytes = 0;
  while (1n << BigInt(8 * (maxSecretBytes + 1)) <= p) maxSecretBytes++;
  return Object.freeze({ id, code, p, bits, byteLength: Fp.BYTES, maxSecretBytes, littleEndian, Fp });
}

/** The table, in code order (codes 1..6). */
export const PRIME_FIELDS: readonly PrimeFieldInfo[] = Object.freeze([
  makeField('secp256k1-n', 1, SECP256K1_N, false),
  makeField('ed25519-l', 2, ED25519_L, true),
  makeField('m521', 3, 2n ** 521n - 1n, false),
  makeField('m1279', 4, 2n ** 1279n - 1n, false),
  makeField('m2203', 5, 2n ** 2203n - 1n, false),
  makeField('m4253', 6, 2n ** 4253n - 1n, false),
]);

/** The Mersenne fields, smallest first: where secrets that are not curve keys are split. */
const MERSENNE_FIELDS = PRIME_FIELDS.filter((f) => f.id.startsWith('m'));

/** The most bytes any field of the table holds: 531 (2^4253−1). */
export const MAX_FIELD_SECRET_BYTES = Math.max(...MERSENNE_FIELDS.map((f) => f.maxSecretBytes));

/**
 * Asserts `value` is one of the {@link PRIME_FIELDS} objects (by identity); returns it.
 * Throws TypeError naming `title` otherwise.
 */
export function afield(value: unknown, title = 'field'): PrimeFieldInfo {
  if (!PRIME_FIELDS.includes(value as PrimeFieldInfo))
    throw new TypeError(`${title} must be one of PRIME_FIELDS, got ${typeName(value)}`);
  return value as PrimeFieldInfo;
}

/** The field with this id. Throws TypeError for a non-string, RangeError for an unknown id. */
export function primeFieldById(id: PrimeFieldId): PrimeFieldInfo {
  if (typeof id !== 'string') throw new TypeError(`id must be a string, got ${typeName(id)}`);
  const f = PRIME_FIELDS.find((x) => x.id === id);
  if (!f) throw new RangeError('id is not a known prime field');
  return f;
}

/** The field with this one-byte code. Throws TypeError for a non-number, RangeError for an unknown code. */
export function primeFieldByCode(code: number): PrimeFieldInfo {
  aint(code, 'code', 0, 255);
  const f = PRIME_FIELDS.find((x) => x.code === code);
  if (!f) throw new RangeError(`code ${code} is not a known prime field`);
  return f;
}

/**
 * The smallest Mersenne field that holds every `n`-byte secret (m521 up to 65 bytes, m1279 up to
 * 159, m2203 up to 275, m4253 up to 531). Throws TypeError for a non-number and RangeError for n
 * outside 1..{@link MAX_FIELD_SECRET_BYTES}; the caller maps a too-large n to 'SECRET_TOO_LARGE'.
 */
export function fieldForSecretBytes(n: number): PrimeFieldInfo {
  aint(n, 'secretBytes', 1, MAX_FIELD_SECRET_BYTES);
  const f = MERSENNE_FIELDS.find((x) => x.maxSecretBytes >= n);
  if (!f) throw new RangeError('secretBytes is too large for every field');
  return f;
}

/**
 * Encodes an element of `field` in exactly `field.byteLength` bytes, in the field's endianness.
 * Throws TypeError for a non-bigint, RangeError for x outside [0, p).
 */
export function elementToBytes(field: PrimeFieldInfo, x: bigint): Uint8Array {
  afield(field);
  abigint(x, 'x', 0n, field.p);
  return field.Fp.toBytes(x);
}

/**
 * Decodes `field.byteLength` bytes (in the field's endianness) into an element of `field`.
 * Throws TypeError for a non-Uint8Array, RangeError for a wrong length or a value ≥ p.
 */
export function bytesToElement(field: PrimeFieldInfo, bytes: Uint8Array): bigint {
  afield(field);
  abytes(bytes, 'bytes', field.byteLength);
  const x = field.littleEndian ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
  if (x >= field.p) throw new RangeError(`bytes must encode a number below the ${field.id} prime`);
  return x;
}

/** Attempts before {@link randomElement} gives up on an rng that never yields a usable value. */
const MAX_ATTEMPTS = 1024;

/**
 * A uniformly random nonzero element of `field`, by rejection sampling: each attempt makes ONE
 * call `rng(field.byteLength)`, reads the bytes in the field's endianness, clears the bits above
 * `field.bits`, and rejects 0 (a zero coefficient would make its Feldman commitment the identity
 * point) and values ≥ p. A test can therefore inject an rng that returns exact coefficient
 * encodings. Each rng buffer is wiped after use (best effort).
 *
 * Expected attempts: about 1 for the Mersenne fields and secp256k1-n, about 2 for ed25519-l
 * (L ≈ 2^252 in 253 bits). Throws TypeError for a non-function rng or non-Uint8Array output,
 * RangeError for output of the wrong length or when 1024 attempts all fail (a broken rng).
 * Not constant-time.
 */
export function randomElement(field: PrimeFieldInfo, rng: Rng = randomBytes): bigint {
  afield(field);
  afunction(rng, 'rng');
  const mask = (1n << BigInt(field.bits)) - 1n;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const b = abytes(rng(field.byteLength), 'rng output', field.byteLength);
    const x = (field.littleEndian ? bytesToNumberLE(b) : bytesToNumberBE(b)) & mask;
    wipe(b);
    if (x !== 0n && x < field.p) return x;
  }
  throw new RangeError(`rng gave no usable element of ${field.id} in ${MAX_ATTEMPTS} draws`);
}
