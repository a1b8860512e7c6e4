/**
 * A set's public data: its canonical binary encoding, the set id (a hash of that encoding), and the
 * JSON form that files and wallet records carry. Parsing is strict: unknown or missing fields,
 * wrong types and lengths are refused, and a set id that does not match the data means the data
 * was edited.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import * as P from 'micro-packed';
import { bytesToHex, equalBytes, hexToBytesStrict, typeName, utf8ToBytes } from '../bytes.js';
import {
  type CurveRef,
  type FieldRef,
  type FormatVersion,
  type SchemeId,
  type SetPublic,
  type Verification,
  MAX_PARTIES,
  MAX_SECRET_BYTES,
  MAX_WALLET_LABEL_BYTES,
  N_OF_N_ONLY,
  FORMAT_VERSIONS,
  SCHEMES,
  SCHEME_CODES,
  SET_ID_BYTES,
  holderLabels,
  normalizeLabel,
} from './child-key.js';
import { JointKeyError } from '../errors.js';
import { CURVE_CODES, FIELD_CODES, expectedShareLength, verificationKindFor, walletIdLength } from './header.js';

const SET_TAG = utf8ToBytes('jointkey/set/v1');
const VERIFICATION_CODES = { feldman: 1, points: 2, hashes: 3, blinded: 4 } as const;
/** The public salt of version 1's salted hashes (read only: version 2 has no salt). */
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;

const BINARY = P.struct({
  version: P.U8,
  scheme: P.U8,
  threshold: P.U8,
  parties: P.U8,
  curve: P.U8,
  field: P.U8,
  secretLength: P.U32BE,
  walletId: P.bytes(P.U8),
  walletLabel: P.bytes(P.U8),
  labels: P.array(P.U8, P.bytes(P.U8)),
  verification: P.U8,
  salt: P.bytes(P.U8),
  items: P.array(P.U16BE, P.bytes(P.U16BE)),
});

function items(v: Verification): Uint8Array[] {
  return v.kind === 'feldman' ? v.commitments : v.kind === 'points' ? v.points : v.hashes; // hashes, or blinded
}

/**
 * The canonical binary encoding of a set's public data (the input of its set id): {@link BINARY}'s
 * bytes. A well-formed set is laid out directly (micro-packed's generic encoder took most of a set
 * id's time); anything else goes to BINARY.encode, which refuses it as before.
 */
export function setPublicToBytes(set: SetPublic): Uint8Array {
  return encodeDirect(set) ?? encodeGeneric(set);
}

function encodeGeneric(set: SetPublic): Uint8Array {
  return BINARY.encode({
    version: set.version,
    scheme: SCHEME_CODES[set.scheme],
    threshold: set.threshold,
    parties: set.parties,
    curve: set.curve === null ? 0 : CURVE_CODES[set.curve],
    field: FIELD_CODES[set.field],
    secretLength: set.secretLength,
    walletId: set.walletId,
    walletLabel: utf8ToBytes(set.walletLabel),
    labels: set.labels.map((l) => utf8ToBytes(l)),
    verification: VERIFICATION_CODES[set.verification.kind],
    salt: set.verification.kind === 'hashes' ? set.verification.salt : new Uint8Array(0),
    items: items(set.verification),
  });
}

const isU8 = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xff;
const isBytes = (b: unknown, max: number): b is Uint8Array => b instanceof Uint8Array && b.length <= max;

/** BINARY's bytes of a set whose every field fits, or undefined (then {@link encodeGeneric} says why not). */
function encodeDirect(set: SetPublic): Uint8Array | undefined {
  if (typeof set !== 'object' || set === null) return undefined;
  const v = set.verification;
  if (typeof v !== 'object' || v === null || !Object.hasOwn(VERIFICATION_CODES, v.kind)) return undefined;
  const scheme = Object.hasOwn(SCHEME_CODES, set.scheme) ? SCHEME_CODES[set.scheme] : undefined;
  const curve = set.curve === null ? 0 : Object.hasOwn(CURVE_CODES, set.curve) ? CURVE_CODES[set.curve] : undefined;
  const field = Object.hasOwn(FIELD_CODES, set.field) ? FIELD_CODES[set.field] : undefined;
  const salt = v.kind === 'hashes' ? v.salt : new Uint8Array(0);
  const list = items(v);
  const { secretLength, walletId, labels } = set;
  if (
    !isU8(set.version) ||
    !isU8(scheme) ||
    !isU8(set.threshold) ||
    !isU8(set.parties) ||
    !isU8(curve) ||
    !isU8(field) ||
    !(Number.isInteger(secretLength) && secretLength >= 0 && secretLength <= 0xffffffff) ||
    !isBytes(walletId, 0xff) ||
    typeof set.walletLabel !== 'string' ||
    !Array.isArray(labels) ||
    labels.length > 0xff ||
    !labels.every((l) => typeof l === 'string') ||
    !isBytes(salt, 0xff) ||
    !Array.isArray(list) ||
    list.length > 0xffff ||
    !list.every((b) => isBytes(b, 0xffff))
  )
    return undefined;
  const walletLabel = utf8ToBytes(set.walletLabel);
  const labelBytes = labels.map((l) => utf8ToBytes(l));
  if (walletLabel.length > 0xff || labelBytes.some((l) => l.length > 0xff)) return undefined;
  let length = 10 + 1 + walletId.length + 1 + walletLabel.length + 1 + 1 + 1 + salt.length + 2;
  for (const l of labelBytes) length += 1 + l.length;
  for (const b of list) length += 2 + b.length;
  const out = new Uint8Array(length);
  out[0] = set.version;
  out[1] = scheme;
  out[2] = set.threshold;
  out[3] = set.parties;
  out[4] = curve;
  out[5] = field;
  out[6] = secretLength >>> 24;
  out[7] = (secretLength >>> 16) & 0xff;
  out[8] = (secretLength >>> 8) & 0xff;
  out[9] = secretLength & 0xff;
  let at = 10;
  const put = (b: Uint8Array, lengthBytes: 1 | 2) => {
    if (lengthBytes === 2) out[at++] = b.length >>> 8;
    out[at++] = b.length & 0xff;
    out.set(b, at);
    at += b.length;
  };
  put(walletId, 1);
  put(walletLabel, 1);
  out[at++] = labelBytes.length;
  for (const l of labelBytes) put(l, 1);
  out[at++] = VERIFICATION_CODES[v.kind];
  put(salt, 1);
  out[at++] = list.length >>> 8;
  out[at++] = list.length & 0xff;
  for (const b of list) put(b, 2);
  return out;
}

/** The set id: the first 16 bytes of SHA-256 over a domain tag and the set's public data. */
export function setIdOf(set: SetPublic): Uint8Array {
  const h = sha256.create();
  h.update(SET_TAG);
  h.update(setPublicToBytes(set));
  return h.digest().subarray(0, SET_ID_BYTES);
}

/** The JSON form of a set's public data, as files and wallet records carry it. */
export interface SetPublicJson {
  setId: string;
  version: FormatVersion;
  scheme: SchemeId;
  threshold: number;
  parties: number;
  curve: CurveRef | null;
  field: FieldRef;
  secretLength: number;
  walletId: string;
  walletLabel: string;
  labels: string[];
  verification:
    | { kind: 'feldman'; commitments: string[] }
    | { kind: 'points'; points: string[] }
    | { kind: 'hashes'; salt: string; hashes: string[] }
    | { kind: 'blinded'; hashes: string[] };
}

export function setPublicToJson(set: SetPublic): SetPublicJson {
  const v = set.verification;
  return {
    setId: bytesToHex(setIdOf(set)),
    version: set.version,
    scheme: set.scheme,
    threshold: set.threshold,
    parties: set.parties,
    curve: set.curve,
    field: set.field,
    secretLength: set.secretLength,
    walletId: bytesToHex(set.walletId),
    walletLabel: set.walletLabel,
    labels: [...set.labels],
    verification:
      v.kind === 'feldman'
        ? { kind: 'feldman', commitments: v.commitments.map(bytesToHex) }
        : v.kind === 'points'
          ? { kind: 'points', points: v.points.map(bytesToHex) }
          : v.kind === 'hashes'
            ? { kind: 'hashes', salt: bytesToHex(v.salt), hashes: v.hashes.map(bytesToHex) }
            : { kind: 'blinded', hashes: v.hashes.map(bytesToHex) },
  };
}

function edited(what: string): JointKeyError {
  return new JointKeyError(
    'TAMPERED_FILE',
    `The set's public data is damaged or was edited: ${what}. Use an unmodified copy of the file.`,
  );
}

type Obj = Record<string, unknown>;

/** Asserts a plain object with exactly these keys; throws TAMPERED_FILE naming what is wrong. */
export function exactObject(value: unknown, title: string, keys: readonly string[]): Obj {
  const proto: unknown = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) throw edited(`${title} must be an object, got ${typeName(value)}`);
  const o = value as Obj;
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw edited(`${title} has an unknown field "${k}"`);
  for (const k of keys) if (!(k in o)) throw edited(`${title} lacks the field "${k}"`);
  return o;
}

function field<T>(o: Obj, key: string, check: (v: unknown) => v is T, what: string): T {
  const v = o[key];
  if (!check(v)) throw edited(`"${key}" must be ${what}`);
  return v;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isHexArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function hex(v: string, title: string, length?: number): Uint8Array {
  let b: Uint8Array;
  try {
    b = hexToBytesStrict(v, title);
  } catch {
    throw edited(`${title} is not hex`);
  }
  if (v !== v.toLowerCase()) throw edited(`${title} is not in canonical lowercase hex`);
  if (length !== undefined && b.length !== length) throw edited(`${title} has the wrong length`);
  return b;
}

/**
 * Parses and checks a set's JSON public data: every field's type and range, lengths that fit the
 * scheme and curve, and the set id against the data. Throws JointKeyError TAMPERED_FILE.
 */
export function setPublicFromJson(value: unknown): SetPublic {
  const o = exactObject(value, 'the set', [
    'setId',
    'version',
    'scheme',
    'threshold',
    'parties',
    'curve',
    'field',
    'secretLength',
    'walletId',
    'walletLabel',
    'labels',
    'verification',
  ]);
  const version = o['version'] as FormatVersion;
  if (!FORMAT_VERSIONS.includes(version)) throw edited(`its version is not ${FORMAT_VERSIONS.join(' or ')}`);
  const scheme = field(o, 'scheme', (v): v is SchemeId => SCHEMES.includes(v as SchemeId), 'a known scheme');
  const parties = field(o, 'parties', isInt, 'an integer');
  const threshold = field(o, 'threshold', isInt, 'an integer');
  if (parties < 2 || parties > MAX_PARTIES) throw edited('"parties" is out of range');
  if (threshold < 2 || threshold > parties) throw edited('"threshold" is out of range');
  if (N_OF_N_ONLY.includes(scheme) && threshold !== parties) throw edited(`the ${scheme} scheme needs all child keys`);
  const curve = field(
    o,
    'curve',
    (v): v is CurveRef | null => v === null || v === 'secp256k1' || v === 'ed25519',
    'a curve or null',
  );
  const fieldRef = field(
    o,
    'field',
    (v): v is FieldRef => typeof v === 'string' && Object.hasOwn(FIELD_CODES, v),
    'a known field',
  );
  const secretLength = field(o, 'secretLength', isInt, 'an integer');
  if (secretLength < 1 || secretLength > MAX_SECRET_BYTES) throw edited('"secretLength" is out of range');
  if (expectedShareLength(scheme, fieldRef, curve, secretLength) === undefined)
    throw edited(`the ${scheme} scheme does not use field ${fieldRef}`);
  const walletId = hex(field(o, 'walletId', isString, 'hex'), 'walletId', walletIdLength(curve));
  let walletLabel: string;
  let labels: string[];
  try {
    walletLabel = normalizeLabel(o['walletLabel'], 'walletLabel', MAX_WALLET_LABEL_BYTES, 0);
    labels = holderLabels(parties, field(o, 'labels', isHexArray, 'an array of labels'));
  } catch (e) {
    if (e instanceof JointKeyError) throw e;
    throw edited((e as Error).message);
  }
  if (walletLabel !== o['walletLabel'] || labels.some((l, i) => l !== (o['labels'] as string[])[i]))
    throw edited('a label is not in canonical form');
  const vo = o['verification'];
  const kind = typeof vo === 'object' && vo !== null ? (vo as Obj)['kind'] : undefined;
  if (kind !== verificationKindFor(scheme, fieldRef, version))
    throw edited(`a set of the ${scheme} scheme over ${fieldRef} is not checked by ${String(kind)}`);
  let verification: Verification;
  if (kind === 'feldman') {
    if (curve === null) throw edited('Feldman commitments belong to a curve key');
    const v = exactObject(vo, 'verification', ['kind', 'commitments']);
    const list = field(v, 'commitments', isHexArray, 'an array of hex');
    if (list.length !== threshold) throw edited('it must have one commitment per coefficient');
    verification = { kind, commitments: list.map((h, i) => hex(h, `commitment ${i}`, walletIdLength(curve))) };
  } else if (kind === 'points') {
    if (curve === null) throw edited('public points belong to a curve key');
    const v = exactObject(vo, 'verification', ['kind', 'points']);
    const list = field(v, 'points', isHexArray, 'an array of hex');
    if (list.length !== parties) throw edited('it must have one point per child key');
    verification = { kind, points: list.map((h, i) => hex(h, `point ${i + 1}`, walletIdLength(curve))) };
  } else if (kind === 'hashes') {
    const v = exactObject(vo, 'verification', ['kind', 'salt', 'hashes']);
    const list = field(v, 'hashes', isHexArray, 'an array of hex');
    if (list.length !== parties) throw edited('it must have one hash per child key');
    verification = {
      kind,
      salt: hex(field(v, 'salt', isString, 'hex'), 'salt', SALT_BYTES),
      hashes: list.map((h, i) => hex(h, `hash ${i + 1}`, HASH_BYTES)),
    };
  } else if (kind === 'blinded') {
    const v = exactObject(vo, 'verification', ['kind', 'hashes']);
    const list = field(v, 'hashes', isHexArray, 'an array of hex');
    if (list.length !== parties) throw edited('it must have one hash per child key');
    verification = { kind, hashes: list.map((h, i) => hex(h, `hash ${i + 1}`, HASH_BYTES)) };
  } else throw edited('its verification kind is unknown');
  const set: SetPublic = {
    version,
    scheme,
    threshold,
    parties,
    curve,
    field: fieldRef,
    secretLength,
    walletId,
    walletLabel,
    labels,
    verification,
  };
  const setId = hex(field(o, 'setId', isString, 'hex'), 'setId', SET_ID_BYTES);
  if (!equalBytes(setId, setIdOf(set))) throw edited('its set id does not match its contents');
  return set;
}
