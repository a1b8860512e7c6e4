/**
 * The child key's canonical single-line text form: what a person reads aloud, types, or a QR code
 * carries. `jk1-` then groups of five characters of the bech32 alphabet (no b, i, o or 1), e.g.
 * `jk1-qy2k8-…-7xq3m`.
 *
 * The bytes are the versioned binary form (micro-packed struct), regrouped into 5-bit words with
 * @scure/base's bech32 `toWords`. The checksum is ours, and says why in one line: bech32's BCH code
 * guarantees detection only up to 89 characters, and a child key of a large secret is far longer.
 * It is an ISO/IEC 7064-style pure check: the whole word string, check words included, read as a
 * base-32 number, must be ≡ 1 mod M with M = 1,048,573 (a prime < 32^4; four check characters).
 * A single wrong character changes that number by d·32^j and an adjacent swap by (a−b)·32^j·31,
 * with 0 < |d|, |a−b| < 32; M is prime, larger than 32 and divides neither 32 nor 31, so neither
 * change is ever ≡ 0 mod M: every single-character error and every adjacent swap is detected with
 * certainty, at any length. Other errors pass with probability about 1/M, and a child key that
 * passes is still checked against its set's public data before it is used.
 *
 * Parsing accepts upper or lower case, and ignores hyphens and white space between groups.
 */
import { bech32m } from '@scure/base';
import * as P from 'micro-packed';
import { astring, typeName } from '../bytes.js';
import {
  type ChildKey,
  type CurveRef,
  type FieldRef,
  type FormatVersion,
  type SchemeId,
  CURRENT_VERSION,
  FORMAT_VERSIONS,
  MAX_PARTIES,
  MAX_SECRET_BYTES,
  N_OF_N_ONLY,
  SCHEME_CODES,
  SET_ID_BYTES,
  normalizeLabel,
} from './child-key.js';
import { JointKeyError } from '../errors.js';
import {
  BLINDING_FIELD,
  FIELD_CODES,
  CURVE_CODES,
  blindingLength,
  expectedShareLength,
  walletIdLength,
} from './header.js';
import { PRIME_FIELDS, bytesToElement, primeFieldById } from '../math/prime-fields.js';

export const TEXT_PREFIX = 'jk1';
/** The 32 characters of the text form, by value (bech32's). */
export const ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** The check's prime modulus M: the whole word string is ≡ 1 mod M. */
export const CHECK_MODULUS = 1_048_573;
export const CHECK_WORDS = 4;
/** Characters per group. */
export const GROUP = 5;
/** The version of the binary form new child keys are written in (version 1 is still read). */
export const CHILD_KEY_VERSION = CURRENT_VERSION;

/** Longest binary form: a share of the largest secret, with room for the header. */
const MAX_BINARY_BYTES = MAX_SECRET_BYTES + 4096;

const VALUE_OF = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The binary form of a child key, version 1. Decoding rejects trailing bytes. */
const BINARY_V1 = P.struct({
  version: P.U8,
  scheme: P.U8,
  setId: P.bytes(SET_ID_BYTES),
  index: P.U8,
  threshold: P.U8,
  parties: P.U8,
  curve: P.U8,
  field: P.U8,
  secretLength: P.U32BE,
  walletId: P.bytes(P.U8),
  label: P.bytes(P.U8),
  share: P.bytes(P.U32BE),
});

/** Version 2: version 1's fields, then the blinding share (empty for Feldman and public-point sets). */
const BINARY_V2 = P.struct({
  version: P.U8,
  scheme: P.U8,
  setId: P.bytes(SET_ID_BYTES),
  index: P.U8,
  threshold: P.U8,
  parties: P.U8,
  curve: P.U8,
  field: P.U8,
  secretLength: P.U32BE,
  walletId: P.bytes(P.U8),
  label: P.bytes(P.U8),
  share: P.bytes(P.U32BE),
  blinding: P.bytes(P.U8),
});

const SCHEME_BY_CODE = new Map(Object.entries(SCHEME_CODES).map(([k, v]) => [v, k as SchemeId]));
const FIELD_BY_CODE = new Map(Object.entries(FIELD_CODES).map(([k, v]) => [v, k as FieldRef]));
const CURVE_BY_CODE = new Map(Object.entries(CURVE_CODES).map(([k, v]) => [v, k as CurveRef]));
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a list of 5-bit words (an array or Uint8Array of integers 0 to 31). Throws TypeError for
 * anything else, RangeError for a word out of range or more than `max` words.
 */
export function awords(words: unknown, title = 'words', max = MAX_BINARY_BYTES * 2): ArrayLike<number> {
  if (!Array.isArray(words) && !(words instanceof Uint8Array))
    throw new TypeError(`${title} must be an array of 5-bit words, got ${typeName(words)}`);
  if (words.length > max) throw new RangeError(`${title} must be at most ${max} words`);
  for (let i = 0; i < words.length; i++) {
    const w: unknown = words[i];
    if (typeof w !== 'number') throw new TypeError(`${title}[${i}] must be a number`);
    if (!Number.isInteger(w) || w < 0 || w > 31) throw new RangeError(`${title}[${i}] must be an integer from 0 to 31`);
  }
  return words as ArrayLike<number>;
}

/** The word string read as a base-32 number, mod {@link CHECK_MODULUS}. Throws as {@link awords} does. */
export function checkValue(words: ArrayLike<number>, initial = 0): number {
  awords(words);
  if (!Number.isInteger(initial) || initial < 0 || initial >= CHECK_MODULUS)
    throw new RangeError(`initial must be an integer from 0 to ${CHECK_MODULUS - 1}`);
  let acc = initial;
  for (let i = 0; i < words.length; i++) acc = (acc * 32 + (words[i] as number)) % CHECK_MODULUS;
  return acc;
}

/** The four check words that make the whole word string ≡ 1 mod M. */
function checkWords(data: number[]): number[] {
  // value(data ‖ c) = value(data)·32^4 + c ≡ 1  ⇒  c = 1 − value(data)·32^4 mod M
  const shifted = checkValue([0, 0, 0, 0], checkValue(data));
  let c = (1 - shifted) % CHECK_MODULUS;
  if (c < 0) c += CHECK_MODULUS;
  const out: number[] = [];
  for (let i = CHECK_WORDS - 1; i >= 0; i--) out.push(Math.floor(c / 32 ** i) % 32);
  return out;
}

/**
 * Encodes a child key as its binary form, in its own version (a child key read from version 1
 * stays version 1). Throws RangeError for a field out of its range.
 */
export function childKeyToBytes(ck: ChildKey): Uint8Array {
  const fields = {
    scheme: SCHEME_CODES[ck.scheme],
    setId: ck.setId,
    index: ck.index,
    threshold: ck.threshold,
    parties: ck.parties,
    curve: ck.curve === null ? 0 : CURVE_CODES[ck.curve],
    field: FIELD_CODES[ck.field],
    secretLength: ck.secretLength,
    walletId: ck.walletId,
    label: new TextEncoder().encode(ck.label),
    share: ck.share,
  };
  if (ck.version === 1) {
    if (ck.blinding.length !== 0) throw new RangeError('a version 1 child key has no blinding share');
    return BINARY_V1.encode({ version: 1, ...fields });
  }
  if (ck.version !== CHILD_KEY_VERSION) throw new RangeError(`version must be one of ${FORMAT_VERSIONS.join(', ')}`);
  return BINARY_V2.encode({ version: CHILD_KEY_VERSION, ...fields, blinding: ck.blinding });
}

function malformed(what: string): JointKeyError {
  return new JointKeyError(
    'MALFORMED_CHILD_KEY',
    `This is not a valid JointKey child key: ${what}. Copy it again from its file or paper backup.`,
  );
}

/**
 * Decodes a child key's binary form and checks that it is well formed (known scheme, field and
 * curve; lengths that fit them; a share below its field's prime; a valid label). Index 0 and an index above the parties are left
 * for restore to refuse by name. Throws JointKeyError MALFORMED_CHILD_KEY or UNSUPPORTED_VERSION.
 */
export function childKeyFromBytes(bytes: Uint8Array): ChildKey {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`child key bytes must be a Uint8Array, got ${typeName(bytes)}`);
  if (bytes.length === 0) throw malformed('it is empty');
  if (bytes.length > MAX_BINARY_BYTES) throw malformed('it is longer than any child key');
  const version = bytes[0] as FormatVersion;
  if (!FORMAT_VERSIONS.includes(version))
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      `This child key has format version ${bytes[0]}, which this version of JointKey does not read. Update JointKey and try again.`,
    );
  let raw: ReturnType<typeof BINARY_V2.decode>;
  try {
    raw = version === 1 ? { ...BINARY_V1.decode(bytes), blinding: new Uint8Array(0) } : BINARY_V2.decode(bytes);
  } catch {
    throw malformed('its data is cut short or has extra bytes');
  }
  const scheme = SCHEME_BY_CODE.get(raw.scheme);
  if (!scheme) throw malformed(`scheme ${raw.scheme} is unknown`);
  const field = FIELD_BY_CODE.get(raw.field);
  if (!field) throw malformed(`field ${raw.field} is unknown`);
  const curve = raw.curve === 0 ? null : CURVE_BY_CODE.get(raw.curve);
  if (curve === undefined) throw malformed(`curve ${raw.curve} is unknown`);
  if (raw.parties < 2 || raw.parties > MAX_PARTIES) throw malformed(`it names ${raw.parties} parties`);
  if (raw.threshold < 2 || raw.threshold > raw.parties) throw malformed(`its threshold ${raw.threshold} is impossible`);
  if (N_OF_N_ONLY.includes(scheme) && raw.threshold !== raw.parties)
    throw malformed(`the ${scheme} scheme needs all ${raw.parties} child keys`);
  if (raw.secretLength < 1 || raw.secretLength > MAX_SECRET_BYTES) throw malformed('its secret length is impossible');
  const idLength = walletIdLength(curve);
  if (raw.walletId.length !== idLength) throw malformed('its wallet id has the wrong length');
  const shareLength = expectedShareLength(scheme, field, curve, raw.secretLength);
  if (shareLength === undefined) throw malformed(`the ${scheme} scheme does not use field ${field}`);
  if (raw.share.length !== shareLength) throw malformed('its share has the wrong length');
  const prime = PRIME_FIELDS.find((f) => f.id === field);
  if (prime && prime.byteLength === raw.share.length) {
    try {
      bytesToElement(prime, raw.share);
    } catch {
      throw malformed('its share is not a number below its field’s prime (a non-canonical encoding)');
    }
  }
  if (raw.blinding.length !== blindingLength(scheme, field, version))
    throw malformed('its blinding share has the wrong length');
  if (scheme === 'shamir' && raw.blinding.length > 0) {
    try {
      bytesToElement(primeFieldById(BLINDING_FIELD), raw.blinding);
    } catch {
      throw malformed('its blinding share is not a number below its field’s prime (a non-canonical encoding)');
    }
  }
  let label: string;
  try {
    label = UTF8.decode(raw.label);
    if (normalizeLabel(label, 'holder label') !== label) throw new RangeError('not canonical');
  } catch {
    throw malformed('its holder label is not valid text');
  }
  return {
    version,
    scheme,
    setId: raw.setId.slice(),
    index: raw.index,
    threshold: raw.threshold,
    parties: raw.parties,
    curve,
    field,
    secretLength: raw.secretLength,
    walletId: raw.walletId.slice(),
    label,
    share: raw.share.slice(), // a copy: the caller wipes the input
    blinding: raw.blinding.slice(),
  };
}

/** The canonical text form of a child key: `jk1-` and groups of five lowercase characters. */
export function childKeyToText(ck: ChildKey): string {
  const bytes = childKeyToBytes(ck);
  try {
    return bytesToText(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * The text form of any binary form (checksum and grouping), without checking what the bytes say.
 * Tests use it to build well-checksummed but malformed child keys. Throws TypeError for a
 * non-Uint8Array, RangeError for more bytes than the largest child key has.
 */
export function bytesToText(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes must be a Uint8Array, got ${typeName(bytes)}`);
  if (bytes.length > MAX_BINARY_BYTES)
    throw new RangeError(`bytes must be at most ${MAX_BINARY_BYTES} bytes, got ${bytes.length}`);
  const words = bech32m.toWords(bytes);
  const all = [...words, ...checkWords(words)];
  words.fill(0);
  let s = '';
  for (let i = 0; i < all.length; i++) s += (i > 0 && i % GROUP === 0 ? '-' : '') + ALPHABET[all[i] as number];
  all.fill(0);
  return `${TEXT_PREFIX}-${s}`;
}

/** Longest text accepted: the text of the largest child key, with separators and some slack. */
const MAX_TEXT_CHARS = Math.ceil((MAX_BINARY_BYTES * 8) / 5) * 2;

/**
 * Parses a child key's text form. The checksum is checked before anything else is read.
 * Throws JointKeyError: MALFORMED_CHILD_KEY (wrong prefix, a character outside the alphabet —
 * named with its position), CHECKSUM_MISMATCH (a typo or a swap), UNSUPPORTED_VERSION.
 */
export function childKeyFromText(text: string): ChildKey {
  astring(text, 'child key text', MAX_TEXT_CHARS);
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (!lower.startsWith(TEXT_PREFIX))
    throw malformed(`a child key starts with "${TEXT_PREFIX}-", this one starts differently`);
  const words: number[] = [];
  for (let i = TEXT_PREFIX.length; i < lower.length; i++) {
    const c = lower[i] as string;
    if (c === '-' || c === ' ' || c === '\t') continue;
    const v = VALUE_OF.get(c);
    if (v === undefined)
      throw new JointKeyError(
        'MALFORMED_CHILD_KEY',
        `Character ${i + 1} of the child key, "${trimmed[i]}", is never used in child keys (they have no b, i, o or 1 after "jk1"). Check that character against the original.`,
      );
    words.push(v);
  }
  if (words.length <= CHECK_WORDS) throw malformed('it is too short');
  if (checkValue(words) !== 1) {
    words.fill(0);
    throw new JointKeyError(
      'CHECKSUM_MISMATCH',
      'This child key has a typo: a character is wrong or two are swapped. Compare it with the original, group by group.',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = bech32m.fromWords(words.slice(0, words.length - CHECK_WORDS));
  } catch {
    throw malformed('its length is not a whole number of bytes');
  } finally {
    words.fill(0);
  }
  try {
    return childKeyFromBytes(bytes);
  } finally {
    bytes.fill(0);
  }
}
