/**
 * The codes and lengths that a child key's header must agree with: one-byte codes of fields and
 * curves in binary encodings, and the share length each scheme/field pair implies.
 */
import { aint, typeName } from '../bytes.js';
import {
  type CurveRef,
  type FieldRef,
  type FormatVersion,
  type SchemeId,
  BLINDING_KEY_BYTES,
  CURRENT_VERSION,
  FINGERPRINT_BYTES,
  FORMAT_VERSIONS,
  MAX_SECRET_BYTES,
  SCHEMES,
} from './child-key.js';
import { CURVES, curveById } from '../math/curves.js';
import { PRIME_FIELDS, primeFieldById, type PrimeFieldId } from '../math/prime-fields.js';

/** One-byte field codes: 0 and 0x80 for the byte domains, the stored table's codes for its primes. */
export const FIELD_CODES: Record<FieldRef, number> = {
  bytes: 0,
  ...(Object.fromEntries(PRIME_FIELDS.map((f) => [f.id, f.code])) as Record<PrimeFieldId, number>),
  pow2: 0x80,
};

/** One-byte curve codes, from the curve table; 0 (no curve) is a secret that is not a key. */
export const CURVE_CODES = Object.fromEntries(CURVES.map((c) => [c.id, c.code])) as Record<CurveRef, number>;

/** Asserts `value` is one of `names` (a string key of a code table); TypeError/RangeError naming `title`. */
function aname<T extends string>(value: unknown, title: string, names: readonly T[]): T {
  if (typeof value !== 'string') throw new TypeError(`${title} must be a string, got ${typeName(value)}`);
  if (!(names as readonly string[]).includes(value))
    throw new RangeError(`${title} must be one of ${names.join(', ')}`);
  return value as T;
}
const FIELD_NAMES = Object.keys(FIELD_CODES) as FieldRef[];
const CURVE_NAMES = Object.keys(CURVE_CODES) as CurveRef[];

/**
 * Bytes of a wallet id: the public key of a key on `curve` (33 compressed, or 32), or the
 * fingerprint (32) of a secret that is not a key (`curve` null). Throws for an unknown curve.
 */
export function walletIdLength(curve: CurveRef | null): number {
  if (curve === null) return FINGERPRINT_BYTES;
  return curveById(aname(curve, 'curve', CURVE_NAMES)).publicKeyBytes;
}

/** Whether `field` is a curve's group order (the fields of Feldman commitments and public points). */
function isCurveOrder(field: FieldRef): field is 'secp256k1-n' | 'ed25519-l' {
  return CURVES.some((c) => c.fieldId === field);
}

/**
 * The share length a scheme and field imply, or undefined when that scheme never uses that
 * field (the combination is malformed). Throws TypeError/RangeError for an unknown scheme, field
 * or curve, or a secret length outside 1..MAX_SECRET_BYTES.
 */
export function expectedShareLength(
  scheme: SchemeId,
  field: FieldRef,
  curve: CurveRef | null,
  secretLength: number,
): number | undefined {
  aname(scheme, 'scheme', SCHEMES);
  aname(field, 'field', FIELD_NAMES);
  if (curve !== null) aname(curve, 'curve', CURVE_NAMES);
  aint(secretLength, 'secretLength', 1, MAX_SECRET_BYTES);
  switch (scheme) {
    case 'xor':
    case 'gf256':
      return field === 'bytes' ? secretLength : undefined;
    case 'additive':
      if (field === 'pow2') return secretLength;
      if (curve !== null && field === curveById(curve).fieldId) return primeFieldById(field).byteLength;
      return undefined;
    case 'shamir':
      if (field === 'bytes' || field === 'pow2') return undefined;
      if (isCurveOrder(field) && (curve === null || field !== curveById(curve).fieldId)) return undefined;
      return primeFieldById(field).byteLength;
  }
}

/** Asserts a format version JointKey reads (1 or 2); TypeError/RangeError naming `title`. */
export function aversion(value: unknown, title = 'version'): FormatVersion {
  if (typeof value !== 'number') throw new TypeError(`${title} must be a number, got ${typeName(value)}`);
  if (!FORMAT_VERSIONS.includes(value as FormatVersion))
    throw new RangeError(`${title} must be one of ${FORMAT_VERSIONS.join(', ')}`);
  return value as FormatVersion;
}

/**
 * How a child key of this scheme and field is checked alone: Feldman commitments (polynomial
 * scheme over a curve's group order), public points (random-string scheme over a group order), or
 * else hashes — blinded in version 2 (the default), salted in version 1. Throws TypeError/RangeError
 * for an unknown scheme, field or version.
 */
export function verificationKindFor(
  scheme: SchemeId,
  field: FieldRef,
  version: FormatVersion = CURRENT_VERSION,
): 'feldman' | 'points' | 'hashes' | 'blinded' {
  aname(scheme, 'scheme', SCHEMES);
  aname(field, 'field', FIELD_NAMES);
  aversion(version);
  if (isCurveOrder(field) && scheme === 'shamir') return 'feldman';
  if (isCurveOrder(field) && scheme === 'additive') return 'points';
  return version === 1 ? 'hashes' : 'blinded';
}

/**
 * Bytes of a child key's blinding share: for a set checked by blinded hashes (version 2), the
 * 32-byte blinding key split as a 32-byte secret that is not a key — 32 bytes for xor, gf256 and
 * additive, an element of m521 (66 bytes) for shamir; 0 for every other set. Throws as
 * {@link verificationKindFor} does.
 */
export function blindingLength(scheme: SchemeId, field: FieldRef, version: FormatVersion = CURRENT_VERSION): number {
  if (verificationKindFor(scheme, field, version) !== 'blinded') return 0;
  return scheme === 'shamir' ? primeFieldById(BLINDING_FIELD).byteLength : BLINDING_KEY_BYTES;
}

/** The field the shamir scheme splits the blinding key in (that of any 32-byte secret). */
export const BLINDING_FIELD = 'm521' satisfies PrimeFieldId;
