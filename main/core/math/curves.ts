/**
 * The curves whose private keys JointKey splits, and the integers the polynomial and random-string
 * schemes split them as: secp256k1 (SEC 2 §2.4.1; private keys per SEC 1 §2.3.6, public keys
 * compressed per SEC 1 §2.3.3) and Ed25519 (RFC 8032 §5.1; the private key is the 32-byte seed,
 * the public key comes from SHA-512 of the seed, §5.1.5).
 *
 * Not constant-time beyond what noble's scalar multiplication gives (bigint arithmetic is not).
 * JS cannot guarantee zeroing of keys, scalars or noble's intermediates.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { abigint, abytes, aint, typeName } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { primeFieldById, type PrimeFieldId } from './prime-fields.js';

export type CurveId = 'secp256k1' | 'ed25519';

/** One curve. Objects are frozen; functions accept only the ones in {@link CURVES}. */
export interface CurveInfo {
  readonly id: CurveId;
  /** One byte, stable, for binary encodings: secp256k1 = 1, ed25519 = 2. */
  readonly code: number;
  /** The prime field of its group order (n for secp256k1, L for ed25519). */
  readonly fieldId: PrimeFieldId;
  readonly privateKeyBytes: 32;
  /** 33 (compressed) for secp256k1, 32 for ed25519. */
  readonly publicKeyBytes: number;
}

export const CURVES: readonly CurveInfo[] = Object.freeze([
  Object.freeze({ id: 'secp256k1', code: 1, fieldId: 'secp256k1-n', privateKeyBytes: 32, publicKeyBytes: 33 } as const),
  Object.freeze({ id: 'ed25519', code: 2, fieldId: 'ed25519-l', privateKeyBytes: 32, publicKeyBytes: 32 } as const),
]);

/** Asserts `value` is one of the {@link CURVES} objects (by identity); returns it. Throws TypeError otherwise. */
export function acurve(value: unknown, title = 'curve'): CurveInfo {
  if (!CURVES.includes(value as CurveInfo))
    throw new TypeError(`${title} must be one of CURVES, got ${typeName(value)}`);
  return value as CurveInfo;
}

/** The curve with this id. Throws TypeError for a non-string, RangeError for an unknown id. */
export function curveById(id: CurveId): CurveInfo {
  if (typeof id !== 'string') throw new TypeError(`id must be a string, got ${typeName(id)}`);
  const c = CURVES.find((x) => x.id === id);
  if (!c) throw new RangeError('id is not a known curve');
  return c;
}

/** The curve with this one-byte code. Throws TypeError for a non-number, RangeError for an unknown code. */
export function curveByCode(code: number): CurveInfo {
  aint(code, 'code', 0, 255);
  const c = CURVES.find((x) => x.code === code);
  if (!c) throw new RangeError(`code ${code} is not a known curve`);
  return c;
}

/** The group order n (secp256k1) or L (ed25519). */
export function curveOrder(curve: CurveInfo): bigint {
  return primeFieldById(acurve(curve).fieldId).p;
}

/**
 * Checks a private key a person gave: TypeError when not a Uint8Array; JointKeyError('INVALID_KEY')
 * when not 32 bytes or, for secp256k1, 0 or ≥ n. Returns the key.
 */
function checkPrivateKey(curve: CurveInfo, privateKey: unknown): Uint8Array {
  acurve(curve);
  abytes(privateKey, 'privateKey');
  const key = privateKey as Uint8Array;
  if (key.length !== 32)
    throw new JointKeyError(
      'INVALID_KEY',
      `A ${curve.id} private key is 32 bytes (64 hex digits), but this one is ${key.length} bytes. Check that it was copied whole.`,
    );
  if (curve.id === 'secp256k1') {
    const d = bytesToNumberBE(key);
    if (d === 0n || d >= curveOrder(curve))
      throw new JointKeyError(
        'INVALID_KEY',
        'This is not a valid secp256k1 private key: it must be a number from 1 to the group order n − 1. Check that it was copied whole and is a secp256k1 key.',
      );
  }
  return key;
}

/**
 * The public key of a private key: secp256k1 33 bytes compressed (SEC 1 §2.3.3); ed25519 the
 * 32-byte RFC 8032 §5.1.5 public key of the 32-byte seed. Throws TypeError when privateKey is not a
 * Uint8Array, JointKeyError('INVALID_KEY') when it is not 32 bytes or (secp256k1) is 0 or ≥ n.
 */
export function publicKeyOf(curve: CurveInfo, privateKey: Uint8Array): Uint8Array {
  const key = checkPrivateKey(curve, privateKey);
  return curve.id === 'secp256k1' ? secp256k1.getPublicKey(key, true) : ed25519.getPublicKey(key);
}

/**
 * The integer the polynomial and random-string schemes split a private key as, over the curve's
 * group order:
 * - secp256k1: the key read big-endian (always in [1, n) for a valid key);
 * - ed25519: the 32-byte seed read little-endian, or `undefined` when it is ≥ L. A uniformly random
 *   seed is below L with probability about 1/16 only; otherwise the caller splits the seed as an
 *   ordinary 32-byte secret over a larger field (m521) and checks child keys with salted hashes
 *   instead of Feldman commitments. Either way the restored seed is checked with
 *   publicKeyOf(seed) == the wallet's public key.
 * Throws as {@link publicKeyOf}.
 */
export function privateKeyToScalar(curve: CurveInfo, privateKey: Uint8Array): bigint | undefined {
  const key = checkPrivateKey(curve, privateKey);
  if (curve.id === 'secp256k1') return bytesToNumberBE(key);
  const s = bytesToNumberLE(key);
  return s < curveOrder(curve) ? s : undefined;
}

/**
 * The 32-byte private key of a scalar (inverse of {@link privateKeyToScalar}): secp256k1 s in
 * [1, n), big-endian; ed25519 s in [0, L), little-endian seed. Throws TypeError for a non-bigint,
 * RangeError out of range (a restored 0 for secp256k1 means the child keys were wrong; the caller
 * checks the public key anyway).
 */
export function scalarToPrivateKey(curve: CurveInfo, s: bigint): Uint8Array {
  acurve(curve);
  const n = curveOrder(curve);
  if (curve.id === 'secp256k1') {
    abigint(s, 's', 1n, n);
    return numberToBytesBE(s, 32);
  }
  abigint(s, 's', 0n, n);
  return numberToBytesLE(s, 32);
}
