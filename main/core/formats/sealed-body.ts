/**
 * The sealed body: how a large secret (a document, an image, a recording — a file of any size) is
 * shared. It is encrypted once with a random 256-bit file key, and only that key is split; the
 * encrypted body is one file that travels beside the child keys and that every holder may keep.
 *
 * This module is the format's pure part: the header, the key derivation and the nonces. The
 * streaming encryption (AES-256-GCM, Node's crypto) is in main/files/sealed-body.ts.
 *
 * Format, after age's STREAM (C2SP age spec, "Payload"; Hoang, Reyhanitabar, Rogaway, Vizár,
 * "Online authenticated-encryption and its nonce-reuse misuse-resistance", CRYPTO 2015):
 *
 *   header  = "jointkey sealed\n" (16 bytes) ‖ version (1) ‖ log2 chunk size (1)
 *             ‖ set id (16) ‖ salt (32) ‖ key check (16)                          — 82 bytes
 *   payload = chunk_0 ‖ … ‖ chunk_last, each AES-256-GCM(key, nonce_i, plaintext_i, aad = header)
 *             ‖ its 16-byte tag; every chunk holds exactly chunk-size plaintext bytes but the
 *             last, which holds 0..chunk-size (0 only when it is also the first: an empty file)
 *   nonce_i = i as 11 bytes big-endian ‖ 0x01 for the last chunk, 0x00 for the others
 *   key ‖ key check = HKDF-SHA256(ikm = file key, salt, info = "JointKey sealed body v1" ‖ set id)
 *
 * So a chunk changed, moved to another position, dropped from the end or added after it fails its
 * tag; the header's fields are bound to every chunk as additional data; the random salt gives each
 * body its own key, so a file key used twice never repeats a (key, nonce) pair; the set id names a
 * body of another split before anything is decrypted, and the key check tells a wrong key from a
 * damaged body. The file's length is not stored: the last-chunk flag marks the end.
 *
 * JS cannot guarantee zeroing: derived keys are wiped by the callers, best effort.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  abytes,
  afunction,
  aint,
  aobject,
  concatBytes,
  equalBytes,
  randomBytes,
  utf8ToBytes,
  wipe,
  type Rng,
} from '../bytes.js';
import { SET_ID_BYTES } from './child-key.js';
import { JointKeyError } from '../errors.js';

/** The first 16 bytes of every sealed body. */
export const BODY_MAGIC = utf8ToBytes('jointkey sealed\n');
/** The format version this code writes and reads. */
export const BODY_VERSION = 1;
/** The header's length in bytes. */
export const BODY_HEADER_BYTES = 82;
/** The file key: 256 bits, the secret that is split. */
export const FILE_KEY_BYTES = 32;
/** The salt: 256 random bits per body. */
export const BODY_SALT_BYTES = 32;
/** The key check: 128 bits. */
export const KEY_CHECK_BYTES = 16;
/** AES-GCM's tag, after each chunk. */
export const TAG_BYTES = 16;
/** Plaintext bytes per chunk, by default: 64 KiB, as in age. */
export const DEFAULT_CHUNK_BYTES = 65536;
/** The smallest and largest chunk sizes a header may name (4 KiB and 16 MiB), as log2. */
export const MIN_CHUNK_LOG2 = 12;
export const MAX_CHUNK_LOG2 = 24;
/**
 * Files larger than this (64 KiB) are sealed and only their file key split: the child keys of a
 * byte-wise split would each be as large as the file, and the sealed path runs at AES speed.
 */
export const SEAL_ABOVE_BYTES = 65536;
/** The file name of a sealed body beside the child-key files. */
export const BODY_FILE_NAME = 'body.jointkey.sealed';

const INFO = utf8ToBytes('JointKey sealed body v1');

/** A sealed body's header, decoded. */
export interface BodyHeader {
  version: number;
  /** Plaintext bytes per chunk (a power of two, 4 KiB to 16 MiB). */
  chunkBytes: number;
  /** The set whose child keys restore the file key. */
  setId: Uint8Array;
  salt: Uint8Array;
  keyCheck: Uint8Array;
}

function chunkLog2(chunkBytes: number): number {
  aint(chunkBytes, 'chunkBytes', 2 ** MIN_CHUNK_LOG2, 2 ** MAX_CHUNK_LOG2);
  const log2 = Math.log2(chunkBytes);
  if (!Number.isInteger(log2)) throw new RangeError(`chunkBytes must be a power of two, got ${chunkBytes}`);
  return log2;
}

/**
 * The AES-256 key of a body and its key check, from the file key, the body's salt and its set id.
 * Takes 32, 32 and 16 bytes; throws TypeError/RangeError otherwise. The key is secret: wipe it.
 */
export function deriveBodyKey(
  fileKey: Uint8Array,
  salt: Uint8Array,
  setId: Uint8Array,
): { key: Uint8Array; keyCheck: Uint8Array } {
  abytes(fileKey, 'fileKey', FILE_KEY_BYTES);
  abytes(salt, 'salt', BODY_SALT_BYTES);
  abytes(setId, 'setId', SET_ID_BYTES);
  const okm = hkdf(sha256, fileKey, salt, concatBytes(INFO, setId), FILE_KEY_BYTES + KEY_CHECK_BYTES);
  const key = okm.slice(0, FILE_KEY_BYTES);
  const keyCheck = okm.slice(FILE_KEY_BYTES);
  wipe(okm);
  return { key, keyCheck };
}

/** The header's bytes. Throws TypeError/RangeError for fields of the wrong type or length. */
export function encodeBodyHeader(header: BodyHeader): Uint8Array {
  aobject(header, 'header');
  aint(header.version, 'header.version', BODY_VERSION, BODY_VERSION);
  const log2 = chunkLog2(header.chunkBytes);
  abytes(header.setId, 'header.setId', SET_ID_BYTES);
  abytes(header.salt, 'header.salt', BODY_SALT_BYTES);
  abytes(header.keyCheck, 'header.keyCheck', KEY_CHECK_BYTES);
  const out = concatBytes(BODY_MAGIC, Uint8Array.of(header.version, log2), header.setId, header.salt, header.keyCheck);
  if (out.length !== BODY_HEADER_BYTES) throw new Error('sealed body header length');
  return out;
}

function notABody(): JointKeyError {
  return new JointKeyError(
    'TAMPERED_BODY',
    'This is not a JointKey sealed body, or its beginning was damaged. Use the body.jointkey.sealed file written with these child keys, or another holder’s copy of it.',
  );
}

/**
 * Decodes the header at the start of `bytes` (a whole body or just its first bytes). Throws
 * JointKeyError TAMPERED_BODY for bytes that are not a sealed body's header (too short, another
 * magic, a chunk size out of range), UNSUPPORTED_VERSION for a newer version; TypeError for a
 * non-Uint8Array.
 */
export function decodeBodyHeader(bytes: Uint8Array): BodyHeader {
  abytes(bytes, 'bytes');
  if (bytes.length < BODY_HEADER_BYTES || !equalBytes(bytes.subarray(0, BODY_MAGIC.length), BODY_MAGIC))
    throw notABody();
  const version = bytes[16] as number;
  if (version !== BODY_VERSION)
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      `This sealed body has format version ${version}; this JointKey reads version ${BODY_VERSION}. Update JointKey to open it.`,
    );
  const log2 = bytes[17] as number;
  if (log2 < MIN_CHUNK_LOG2 || log2 > MAX_CHUNK_LOG2) throw notABody();
  let at = 18;
  const take = (n: number) => Uint8Array.from(bytes.subarray(at, (at += n))); // a copy, also of a Buffer
  return {
    version,
    chunkBytes: 2 ** log2,
    setId: take(SET_ID_BYTES),
    salt: take(BODY_SALT_BYTES),
    keyCheck: take(KEY_CHECK_BYTES),
  };
}

/**
 * A new body's header and AES key, for the file key of the set `setId`: a fresh salt from `rng`.
 * Returns the header's bytes (the additional data of every chunk) and the key (secret: wipe it).
 * Throws TypeError/RangeError for wrong lengths, a chunk size that is not a power of two from 4 KiB
 * to 16 MiB, or an rng returning the wrong bytes.
 */
export function newBodyHeader(
  fileKey: Uint8Array,
  setId: Uint8Array,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
  rng: Rng = randomBytes,
): { header: Uint8Array; key: Uint8Array; chunkBytes: number } {
  abytes(fileKey, 'fileKey', FILE_KEY_BYTES);
  abytes(setId, 'setId', SET_ID_BYTES);
  chunkLog2(chunkBytes);
  afunction(rng, 'rng');
  const salt = Uint8Array.from(abytes(rng(BODY_SALT_BYTES), 'rng output', BODY_SALT_BYTES)); // a copy, also of a Buffer
  const { key, keyCheck } = deriveBodyKey(fileKey, salt, setId);
  const header = encodeBodyHeader({ version: BODY_VERSION, chunkBytes, setId, salt, keyCheck });
  return { header, key, chunkBytes };
}

/**
 * Checks a body's header against the set and file key the child keys restored, before anything is
 * decrypted, and returns the AES key (secret: wipe it) and the chunk size. Throws JointKeyError
 * DIFFERENT_SET for a body of another split, WRONG_RESULT for a file key that does not open it,
 * and those of {@link decodeBodyHeader}; TypeError/RangeError for wrong lengths.
 */
export function openBodyHeader(
  headerBytes: Uint8Array,
  fileKey: Uint8Array,
  setId: Uint8Array,
): { header: Uint8Array; key: Uint8Array; chunkBytes: number } {
  abytes(headerBytes, 'headerBytes');
  abytes(fileKey, 'fileKey', FILE_KEY_BYTES);
  abytes(setId, 'setId', SET_ID_BYTES);
  const h = decodeBodyHeader(headerBytes);
  if (!equalBytes(h.setId, setId))
    throw new JointKeyError(
      'DIFFERENT_SET',
      'This sealed body belongs to another split: its child keys are not these. Use the body.jointkey.sealed file written with these child keys.',
    );
  const { key, keyCheck } = deriveBodyKey(fileKey, h.salt, h.setId);
  if (!equalBytes(keyCheck, h.keyCheck)) {
    wipe(key);
    throw new JointKeyError(
      'WRONG_RESULT',
      'The child keys gave a key that does not open this sealed body: a child key or the body’s header was changed. Check each child key (jointkey verify) and use an intact copy of the body.',
    );
  }
  return { header: Uint8Array.from(headerBytes.subarray(0, BODY_HEADER_BYTES)), key, chunkBytes: h.chunkBytes };
}

/**
 * The 12-byte GCM nonce of chunk `index` (0 ≤ index < 2^53): the index as 11 bytes big-endian,
 * then 1 for the last chunk and 0 for the others. Throws TypeError/RangeError otherwise.
 */
export function chunkNonce(index: number, last: boolean): Uint8Array {
  aint(index, 'index', 0, Number.MAX_SAFE_INTEGER);
  if (typeof last !== 'boolean') throw new TypeError('last must be a boolean');
  const nonce = new Uint8Array(12);
  let v = index;
  for (let i = 10; i >= 0 && v > 0; i--) {
    nonce[i] = v % 256;
    v = Math.floor(v / 256);
  }
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * The length of the sealed body of a file of `plainBytes` bytes (header, chunks and tags). Throws
 * RangeError for a negative or unsafe length or a bad chunk size.
 */
export function sealedBodyLength(plainBytes: number, chunkBytes: number = DEFAULT_CHUNK_BYTES): number {
  aint(plainBytes, 'plainBytes', 0, Number.MAX_SAFE_INTEGER);
  chunkLog2(chunkBytes);
  const chunks = Math.max(1, Math.ceil(plainBytes / chunkBytes));
  return BODY_HEADER_BYTES + plainBytes + chunks * TAG_BYTES;
}
