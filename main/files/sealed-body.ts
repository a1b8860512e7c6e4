/**
 * Sealing and opening large secrets (the format is in main/core/sealed-body.ts): AES-256-GCM with
 * Node's crypto, in chunks, streamed from file to file with fixed buffers, so memory does not grow
 * with the file. Opening writes to a temporary file that is linked into place only once every
 * chunk has passed its tag (and is removed otherwise), so a tampered body never leaves a file.
 *
 * The file functions are asynchronous: reads and writes run on the OS's threads while the main
 * thread encrypts the block between them, two 1 MiB buffers each way. JS cannot guarantee
 * zeroing: keys and plaintext buffers are wiped, best effort.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { abytes, wipe, type Rng } from '../core/bytes.js';
import { JointKeyError } from '../core/errors.js';
import {
  BODY_FILE_NAME,
  BODY_HEADER_BYTES,
  DEFAULT_CHUNK_BYTES,
  TAG_BYTES,
  chunkNonce,
  decodeBodyHeader,
  newBodyHeader,
  openBodyHeader,
  sealedBodyLength,
  type BodyHeader,
} from '../core/formats/sealed-body.js';
import { refuseSpecialPath, writeNewFileWithAsync } from './atomic.js';

export interface SealOptions {
  /** Plaintext bytes per chunk: a power of two from 4 KiB to 16 MiB; 64 KiB by default. */
  chunkBytes?: number;
  /** The salt's source; the platform CSPRNG by default. */
  rng?: Rng;
}

/** About this much plaintext is read or written per system call. */
const BLOCK_BYTES = 1 << 20;

/** A chunk sealed: its ciphertext and its tag, as the buffers to write one after the other. */
function sealChunk(key: Uint8Array, aad: Uint8Array, index: number, last: boolean, plain: Uint8Array): Buffer[] {
  const c = createCipheriv('aes-256-gcm', key, chunkNonce(index, last));
  c.setAAD(aad);
  const ct = c.update(plain);
  const fin = c.final(); // empty for GCM
  return fin.length ? [ct, fin, c.getAuthTag()] : [ct, c.getAuthTag()];
}

/** Chunk `index`'s plaintext (secret: wipe it) if it opens as `last`, else undefined. */
function tryOpen(
  key: Uint8Array,
  aad: Uint8Array,
  index: number,
  last: boolean,
  chunk: Uint8Array,
): Buffer | undefined {
  const d = createDecipheriv('aes-256-gcm', key, chunkNonce(index, last));
  d.setAAD(aad);
  d.setAuthTag(chunk.subarray(chunk.length - TAG_BYTES));
  const pt = d.update(chunk.subarray(0, chunk.length - TAG_BYTES));
  try {
    d.final();
  } catch {
    pt.fill(0);
    return undefined;
  }
  return pt;
}

function tampered(what: string): JointKeyError {
  return new JointKeyError(
    'TAMPERED_BODY',
    `The sealed body is damaged: ${what}. Nothing was written. Use another holder’s copy of ${BODY_FILE_NAME}.`,
  );
}

/** Chunk `index`'s plaintext (secret: wipe it), or TAMPERED_BODY saying how it fails (changed, cut off, extended). */
function openChunk(
  key: Uint8Array,
  aad: Uint8Array,
  index: number,
  last: boolean,
  chunk: Uint8Array,
  chunkBytes: number,
): Buffer {
  if (chunk.length < TAG_BYTES) throw tampered('its end was cut off');
  if (last && index > 0 && chunk.length === TAG_BYTES) throw tampered('an empty chunk was added after its end');
  const pt = tryOpen(key, aad, index, last, chunk);
  if (pt !== undefined) return pt;
  // Only on failure: try the other flag, to say what happened.
  const full = chunk.length === chunkBytes + TAG_BYTES;
  const asOther = full ? tryOpen(key, aad, index, !last, chunk) : undefined;
  asOther?.fill(0);
  if (asOther !== undefined)
    throw tampered(
      last ? `it was cut off after chunk ${index + 1}` : `data was added after its end (chunk ${index + 1})`,
    );
  throw tampered(`chunk ${index + 1} was changed or cut off, or chunks were moved or swapped`);
}

/**
 * Seals `plain` in memory: returns the whole body (header and chunks). For the body's key, the
 * file key (32 bytes) of the set `setId` (16 bytes). Throws TypeError/RangeError for bad arguments.
 */
export function sealBytes(plain: Uint8Array, fileKey: Uint8Array, setId: Uint8Array, opts: SealOptions = {}): Buffer {
  abytes(plain, 'plain');
  const { header, key, chunkBytes } = newBodyHeader(fileKey, setId, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, opts.rng);
  try {
    const out = Buffer.allocUnsafe(sealedBodyLength(plain.length, chunkBytes));
    out.set(header, 0);
    let at = BODY_HEADER_BYTES;
    const chunks = Math.max(1, Math.ceil(plain.length / chunkBytes));
    for (let i = 0; i < chunks; i++) {
      const piece = plain.subarray(i * chunkBytes, Math.min(plain.length, (i + 1) * chunkBytes));
      for (const part of sealChunk(key, header, i, i === chunks - 1, piece)) {
        part.copy(out, at);
        at += part.length;
      }
    }
    return out;
  } finally {
    wipe(key);
  }
}

/**
 * Opens a body sealed by {@link sealBytes} or {@link sealFile}, in memory: returns the plaintext
 * (secret: wipe it). Throws JointKeyError TAMPERED_BODY (a chunk changed, moved, cut off or
 * added; not a body), DIFFERENT_SET (a body of another split), WRONG_RESULT (a file key that does
 * not open it), UNSUPPORTED_VERSION; TypeError/RangeError for bad arguments.
 */
export function openBytes(body: Uint8Array, fileKey: Uint8Array, setId: Uint8Array): Buffer {
  abytes(body, 'body');
  const { header, key, chunkBytes } = openBodyHeader(body, fileKey, setId);
  const out = Buffer.allocUnsafe(Math.max(0, body.length - BODY_HEADER_BYTES));
  try {
    const sealed = chunkBytes + TAG_BYTES;
    const payload = body.subarray(BODY_HEADER_BYTES);
    const chunks = Math.max(1, Math.ceil(payload.length / sealed));
    let at = 0;
    for (let i = 0; i < chunks; i++) {
      const chunk = payload.subarray(i * sealed, Math.min(payload.length, (i + 1) * sealed));
      const pt = openChunk(key, header, i, i === chunks - 1, chunk, chunkBytes);
      pt.copy(out, at);
      at += pt.length;
      pt.fill(0);
    }
    return out.subarray(0, at);
  } catch (e) {
    out.fill(0);
    throw e;
  } finally {
    wipe(key);
  }
}

/** Reads until `length` bytes are in `buf` (from file position `position`) or the file ends. */
async function readFull(file: FileHandle, buf: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

async function writeAll(file: FileHandle, buf: Uint8Array, length: number, position: number): Promise<void> {
  let off = 0;
  while (off < length) off += (await file.write(buf, off, length - off, position + off)).bytesWritten;
}

/** Opens `path` for reading, a regular file, with its size; JointKeyError FILE_NOT_FOUND, NOT_A_FILE or FILE_UNREADABLE. */
async function openForReading(path: string, what: string): Promise<{ file: FileHandle; size: number }> {
  refuseSpecialPath(path, { noun: what });
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JointKeyError('FILE_NOT_FOUND', `${path} does not exist. Check the path.`);
    throw new JointKeyError('FILE_UNREADABLE', `Could not read ${path} (${code ?? 'error'}). Check you may read it.`);
  }
  const st = await file.stat();
  if (!st.isFile()) {
    await file.close();
    throw new JointKeyError('NOT_A_FILE', `${path} is not a file (a folder or a device?). Give the path of ${what}.`);
  }
  return { file, size: st.size };
}

/** Refuses at once, before a long read, when `dest` exists (the final link refuses it too). */
function refuseExisting(dest: string): void {
  if (existsSync(dest))
    throw new JointKeyError(
      'FILE_EXISTS',
      `${dest} already exists. JointKey never replaces a file: choose another name or move that file away.`,
    );
}

function changedWhileRead(path: string): JointKeyError {
  return new JointKeyError(
    'FILE_UNREADABLE',
    `${path} changed while it was read. Try again once nothing writes to it.`,
  );
}

/** The chunks per block: about {@link BLOCK_BYTES} of plaintext, at least 1. */
function chunksPerBlock(chunkBytes: number): number {
  return Math.max(1, Math.floor(BLOCK_BYTES / chunkBytes));
}

/** Writes `parts` one after the other from `position` (one system call, as a rule). */
async function writeParts(file: FileHandle, parts: Buffer[], position: number): Promise<void> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const { bytesWritten } = await file.writev(parts, position);
  if (bytesWritten < total) {
    const rest = Buffer.concat(parts).subarray(bytesWritten);
    await writeAll(file, rest, rest.length, position + bytesWritten);
  }
}

/**
 * Blocks in flight each way: input buffers (reads run this many blocks ahead, less one) and writes.
 * Two: four measured no faster here (reads, writes and AES share the CPU), and take 8 MiB more.
 */
const DEPTH = 2;

/**
 * `p`, marked as handled: a read or write that fails while the loop awaits another one must not
 * end the process as an unhandled rejection (that left the temporary file, plaintext and all, and
 * a stack trace); its error is still thrown where `p` is awaited.
 */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Streams `blocks` blocks through `step` with {@link DEPTH} input buffers: while block b is
 * encrypted or decrypted here, the next blocks are read and the previous ones written by the OS's
 * threads. `read(b, into)` fills a buffer; `step(b, from)` returns the buffers to write (new ones:
 * `from` is free again once it returns), which `write` puts after the previous block's. At most
 * DEPTH blocks' output is in flight. Pending I/O is settled before an error leaves, so none is
 * left running.
 */
async function pipeline(
  blocks: number,
  ins: Buffer[],
  read: (b: number, into: Buffer) => Promise<void>,
  step: (b: number, from: Buffer) => Buffer[],
  write: (parts: Buffer[]) => Promise<void>,
): Promise<void> {
  const depth = ins.length;
  const reads: Promise<void>[] = [];
  const writes: Promise<void>[] = [];
  for (let b = 0; b < Math.min(depth - 1, blocks); b++) reads.push(settled(read(b, ins[b]!)));
  try {
    for (let b = 0; b < blocks; b++) {
      await reads[b % depth];
      const ahead = b + depth - 1; // its buffer held block b − 1, done with
      if (ahead < blocks) reads[ahead % depth] = settled(read(ahead, ins[ahead % depth]!));
      await writes[b % depth];
      writes[b % depth] = settled(write(step(b, ins[b % depth]!)));
    }
    await Promise.all(writes);
  } catch (e) {
    await Promise.allSettled([...reads, ...writes]);
    throw e;
  }
}

/**
 * Seals the file `source` into a new file `dest` (mode 0600, never replacing one), streamed in
 * fixed buffers, its reads and writes overlapping the encryption. Returns the plaintext's length and
 * the number of chunks. Throws JointKeyError FILE_NOT_FOUND, NOT_A_FILE, FILE_UNREADABLE (source,
 * also when it changes size while read), FILE_EXISTS (dest); TypeError/RangeError for bad arguments.
 */
export async function sealFile(
  source: string,
  dest: string,
  fileKey: Uint8Array,
  setId: Uint8Array,
  opts: SealOptions = {},
): Promise<{ bytes: number; chunks: number }> {
  const { header, key, chunkBytes } = newBodyHeader(fileKey, setId, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, opts.rng);
  const k = chunksPerBlock(chunkBytes);
  const ins = Array.from({ length: DEPTH }, () => Buffer.allocUnsafe(k * chunkBytes));
  let input: { file: FileHandle; size: number } | undefined;
  try {
    refuseExisting(dest);
    input = await openForReading(source, 'the file to split');
    const { file, size } = input;
    const chunks = Math.max(1, Math.ceil(size / chunkBytes));
    const block = k * chunkBytes;
    const expected = sealedBodyLength(size, chunkBytes);
    await writeNewFileWithAsync(
      dest,
      async (out) => {
        await writeAll(out, header, header.length, 0);
        let position = header.length;
        await pipeline(
          Math.ceil(chunks / k),
          ins,
          async (b, into) => {
            const length = Math.min(block, size - b * block);
            if ((await readFull(file, into, length, b * block)) !== length) throw changedWhileRead(source);
          },
          (b, from) => {
            const parts: Buffer[] = [];
            for (let i = b * k; i < Math.min(chunks, (b + 1) * k); i++) {
              const start = (i - b * k) * chunkBytes;
              const piece = from.subarray(start, Math.min(size - b * block, start + chunkBytes));
              parts.push(...sealChunk(key, header, i, i === chunks - 1, piece));
            }
            return parts;
          },
          async (parts) => {
            const at = position;
            position += parts.reduce((n, p) => n + p.length, 0);
            await writeParts(out, parts, at);
          },
        );
        if ((await file.read(Buffer.alloc(1), 0, 1, size)).bytesRead !== 0) throw changedWhileRead(source);
      },
      expected,
    );
    return { bytes: size, chunks };
  } finally {
    await input?.file.close();
    wipe(key, ...ins);
  }
}

/**
 * Reads the header of the sealed body at `path`. Throws JointKeyError FILE_NOT_FOUND, NOT_A_FILE,
 * FILE_UNREADABLE, TAMPERED_BODY (not a sealed body), UNSUPPORTED_VERSION.
 */
export async function readBodyHeader(path: string): Promise<BodyHeader> {
  const { file } = await openForReading(path, `a sealed body (${BODY_FILE_NAME})`);
  try {
    const buf = Buffer.alloc(BODY_HEADER_BYTES);
    const n = await readFull(file, buf, BODY_HEADER_BYTES, 0);
    return decodeBodyHeader(buf.subarray(0, n));
  } finally {
    await file.close();
  }
}

/**
 * Opens the sealed body at `body` into a new file `dest` (mode 0600, never replacing one), with the
 * file key restored from the set `setId`. The plaintext is streamed into a temporary file, which
 * becomes `dest` only when every chunk has passed; otherwise nothing is left. Returns the
 * plaintext's length. Throws JointKeyError TAMPERED_BODY (a chunk changed, moved, cut off or
 * added; not a body), DIFFERENT_SET, WRONG_RESULT, UNSUPPORTED_VERSION, FILE_EXISTS and the read
 * errors of {@link readBodyHeader}; TypeError/RangeError for bad arguments.
 */
export async function openFile(
  body: string,
  dest: string,
  fileKey: Uint8Array,
  setId: Uint8Array,
): Promise<{ bytes: number }> {
  refuseExisting(dest);
  const { file, size } = await openForReading(body, `a sealed body (${BODY_FILE_NAME})`);
  let key: Uint8Array | undefined;
  try {
    const headerBytes = Buffer.alloc(BODY_HEADER_BYTES);
    const got = await readFull(file, headerBytes, BODY_HEADER_BYTES, 0);
    const opened = openBodyHeader(headerBytes.subarray(0, got), fileKey, setId);
    key = opened.key;
    const { header, chunkBytes } = opened;
    const k = chunksPerBlock(chunkBytes);
    const sealed = chunkBytes + TAG_BYTES;
    const payload = size - BODY_HEADER_BYTES;
    const chunks = Math.max(1, Math.ceil(payload / sealed));
    const block = k * sealed;
    const ins = Array.from({ length: DEPTH }, () => Buffer.allocUnsafe(block));
    const aesKey = key;
    let bytes = 0;
    const expected = Math.max(0, payload - chunks * TAG_BYTES);
    await writeNewFileWithAsync(
      dest,
      async (out) => {
        await pipeline(
          Math.ceil(chunks / k),
          ins,
          async (b, into) => {
            const length = Math.min(block, payload - b * block);
            if ((await readFull(file, into, length, BODY_HEADER_BYTES + b * block)) !== length)
              throw changedWhileRead(body);
          },
          (b, from) => {
            const parts: Buffer[] = [];
            try {
              for (let i = b * k; i < Math.min(chunks, (b + 1) * k); i++) {
                const start = (i - b * k) * sealed;
                const chunk = from.subarray(start, Math.min(payload - b * block, start + sealed));
                parts.push(openChunk(aesKey, header, i, i === chunks - 1, chunk, chunkBytes));
              }
            } catch (e) {
              for (const p of parts) p.fill(0);
              throw e;
            }
            return parts;
          },
          async (parts) => {
            const at = bytes;
            bytes += parts.reduce((n, p) => n + p.length, 0);
            try {
              await writeParts(out, parts, at);
            } finally {
              for (const p of parts) p.fill(0);
            }
          },
        );
      },
      expected,
    );
    return { bytes };
  } finally {
    await file.close();
    wipe(key);
  }
}
