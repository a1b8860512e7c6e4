/**
 * The codes and lengths that a child key's header must agree with: one-byte codes of fields and
 * curves in binary encodings, and the share length each scheme/field pair implies.
 */
import { aint, typeName } from './bytes.js';
import { type CurveRef, type FieldRef, type SchemeId, MAX_SECRET_BYTES, SCHEMES } from './child-key.js';
import { primeFieldById, type PrimeFieldId } from './prime-fields.js';

/** One-byte field codes. Prime fields use their code from the stored table (prime-fields.ts). */
export const FIELD_CODES: Record<FieldRef, number> = {
  bytes: 0,
  'secp256k1-n': 1,
  'ed25519-l': 2,
  m521: 3,
  m1279: 4,
  m2203: 5,
  m4253: 6,
  pow2: 0x80,
};

export const CURVE_CODES: Record<CurveRef, number> = { secp256k1: 1, ed25519: 2 };

/** Asserts `value` is one of `names` (a string key of a code table); TypeError/RangeError naming `title`. */
function aname<T extends string>(value: unknown, title: string, names: readonly T[]): T {
  if (typeof value !== 'string') throw new TypeError(`${title} must be a string, got ${typeName(value)}`);
  if (!(names as readonly string[]).includes(value))
    throw new RangeError(`${title} must be one of ${names.join(', ')}`);
  return value as T;
}
const FIELD_NAMES = Object.keys(FIELD_CODES) as FieldRef[];
const CURVE_NAMES = Object.keys(CURVE_CODES) as CurveRef[];

/** Bytes of the wallet id of a key on `curve`: its public key (33 compressed, or 32). Throws for an unknown curve. */
export function publicKeyLength(curve: CurveRef): number {
  aname(curve, 'curve', CURVE_NAMES);
  return curve === 'secp256k1' ? 33 : 32;
}

const CURVE_ORDER: Record<CurveRef, FieldRef> = { secp256k1: 'secp256k1-n', ed25519: 'ed25519-l' };

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
      if (curve !== null && field === CURVE_ORDER[curve]) return primeFieldById(field as PrimeFieldId).byteLength;
      return undefined;
    case 'shamir':
      if (field === 'bytes' || field === 'pow2') return undefined;
      if ((field === 'secp256k1-n' || field === 'ed25519-l') && (curve === null || field !== CURVE_ORDER[curve]))
        return undefined;
      return primeFieldById(field satisfies PrimeFieldId).byteLength;
  }
}

/** The group order's field of a curve. Throws TypeError/RangeError for an unknown curve. */
export function curveOrderField(curve: CurveRef): FieldRef {
  aname(curve, 'curve', CURVE_NAMES);
  return CURVE_ORDER[curve];
}

/**
 * How a child key of this scheme and field is checked alone: Feldman commitments (polynomial
 * scheme over a curve's group order), public points (random-string scheme over a group order), or
 * salted hashes (everything else). Throws TypeError/RangeError for an unknown scheme or field.
 */
export function verificationKindFor(scheme: SchemeId, field: FieldRef): 'feldman' | 'points' | 'hashes' {
  aname(scheme, 'scheme', SCHEMES);
  aname(field, 'field', FIELD_NAMES);
  const overCurveOrder = field === 'secp256k1-n' || field === 'ed25519-l';
  if (overCurveOrder && scheme === 'shamir') return 'feldman';
  if (overCurveOrder && scheme === 'additive') return 'points';
  return 'hashes';
}
