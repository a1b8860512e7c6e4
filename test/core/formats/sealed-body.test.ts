/**
 * Large secrets, sealed in chunks (main/core/sealed-body.ts, main/files/sealed-body.ts): a file
 * encrypted once with a random file key, only that key split. Round trips at the sizes where chunk
 * boundaries matter, in memory and streamed; every way a body can be damaged (a changed chunk, a
 * cut-off, reordered or extended body, an edited header), a body of another split and a wrong key,
 * each refused by name — and, streamed, refused without leaving a file.
 */
import { createCipheriv, createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restore } from '../../../main/core/wallet/restore.js';
import {
  BODY_HEADER_BYTES,
  BODY_MAGIC,
  DEFAULT_CHUNK_BYTES,
  TAG_BYTES,
  chunkNonce,
  decodeBodyHeader,
  deriveBodyKey,
  encodeBodyHeader,
  newBodyHeader,
  openBodyHeader,
  sealedBodyLength,
} from '../../../main/core/formats/sealed-body.js';
import { splitSecret } from '../../../main/core/wallet/split.js';
import { openBytes, openFile, readBodyHeader, sealBytes, sealFile } from '../../../main/files/sealed-body.js';
import { isJointKeyError } from '../../../main/core/errors.js';
import { refusal } from '../../support/refusal.js';
import { seededRng } from '../../support/sets.js';

/** The JointKeyError an async call rejects with, as {code, message}; fails on anything else. */
async function refusalAsync(f: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await f();
  } catch (e) {
    if (isJointKeyError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal (a JointKeyError), got a result');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jointkey-sealed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name = 'f') => join(dir, `${n++}-${name}`);

/** A real split of a random file key: the key, its set id, and the child keys that restore it. */
function fileKeySet(seed: string) {
  const rng = seededRng(seed);
  const fileKey = rng(32);
  const r = splitSecret(fileKey, { scheme: 'gf256', parties: 3, threshold: 2, rng });
  return { fileKey, setId: r.setId, childKeys: r.childKeys };
}
const A = fileKeySet('sealed/a');
const B = fileKeySet('sealed/b');
const SMALL = 4096; // a small chunk size, so that many chunks stay fast

/** `length` deterministic bytes from a seed: AES-256-CTR keyed by its hash (fast, unlike seededRng). */
const data = (length: number, seed = 'data'): Uint8Array =>
  new Uint8Array(
    createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16)).update(
      Buffer.alloc(length),
    ),
  );

/** The sealed chunks of a body, split apart (each its ciphertext and tag). */
function chunksOf(body: Uint8Array, chunkBytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = BODY_HEADER_BYTES; at < body.length; at += chunkBytes + TAG_BYTES)
    out.push(Uint8Array.from(body.subarray(at, Math.min(body.length, at + chunkBytes + TAG_BYTES))));
  return out;
}
const join_ = (header: Uint8Array, chunks: Uint8Array[]) => Buffer.concat([header, ...chunks]);

describe('round trip', () => {
  const sizes = [0, 1, SMALL - 1, SMALL, SMALL + 1, 2 * SMALL, 3 * SMALL + 17];
  it.each(sizes)('%i bytes, in memory, with 4 KiB chunks', (size) => {
    const plain = data(size);
    const body = sealBytes(plain, A.fileKey, A.setId, { chunkBytes: SMALL });
    expect(body.length).toBe(sealedBodyLength(size, SMALL));
    expect(body.length).toBe(BODY_HEADER_BYTES + size + Math.max(1, Math.ceil(size / SMALL)) * TAG_BYTES);
    expect(Buffer.from(body.subarray(0, 16)).toString()).toBe('jointkey sealed\n');
    expect(openBytes(body, A.fileKey, A.setId)).toEqual(Buffer.from(plain));
  });

  // Streaming reads and writes 1 MiB blocks, two buffers each way: 5 MiB + 7 bytes is 6 blocks.
  it.each([0, 1, DEFAULT_CHUNK_BYTES, DEFAULT_CHUNK_BYTES + 1, 20 * DEFAULT_CHUNK_BYTES + 3, 5 * (1 << 20) + 7])(
    '%i bytes, streamed file to file with 64 KiB chunks, through the child keys',
    async (size) => {
      const plain = data(size, `file-${size}`);
      const source = fresh('plain');
      writeFileSync(source, plain);
      const body = fresh('body');
      const sealed = await sealFile(source, body, A.fileKey, A.setId);
      expect(sealed).toEqual({ bytes: size, chunks: Math.max(1, Math.ceil(size / DEFAULT_CHUNK_BYTES)) });
      expect(statSync(body).size).toBe(sealedBodyLength(size));
      expect(statSync(body).mode & 0o777).toBe(0o600);
      // The file key comes back from any two child keys; the set id names the body.
      const restored = restore(A.childKeys.slice(1));
      const out = fresh('out');
      expect(await openFile(body, out, restored.secret, restored.setId)).toEqual({ bytes: size });
      expect(readFileSync(out).equals(plain)).toBe(true); // toEqual is slow on a megabyte
      expect(statSync(out).mode & 0o777).toBe(0o600);
    },
  );

  it('streamed and in-memory sealing write the same format: each opens the other', async () => {
    const plain = data(5 * SMALL + 9, 'cross');
    const rngSeed = 'cross-salt';
    const inMemory = sealBytes(plain, A.fileKey, A.setId, { chunkBytes: SMALL, rng: seededRng(rngSeed) });
    const source = fresh('plain');
    writeFileSync(source, plain);
    const body = fresh('body');
    await sealFile(source, body, A.fileKey, A.setId, { chunkBytes: SMALL, rng: seededRng(rngSeed) });
    expect(readFileSync(body)).toEqual(inMemory);
    const out = fresh('out');
    await openFile(body, out, A.fileKey, A.setId);
    expect(readFileSync(out)).toEqual(Buffer.from(plain));
  });

  it('chunks of 2 KiB are refused, 16 MiB accepted; the file length is nowhere in the header', () => {
    expect(() => sealBytes(data(3), A.fileKey, A.setId, { chunkBytes: 2048 })).toThrow(RangeError);
    expect(() => sealBytes(data(3), A.fileKey, A.setId, { chunkBytes: 5000 })).toThrow(RangeError);
    const body = sealBytes(data(3), A.fileKey, A.setId, { chunkBytes: 1 << 24 });
    expect(decodeBodyHeader(body).chunkBytes).toBe(1 << 24);
    expect(openBytes(body, A.fileKey, A.setId)).toEqual(Buffer.from(data(3)));
    const h1 = sealBytes(data(10), A.fileKey, A.setId, { rng: seededRng('s') }).subarray(0, BODY_HEADER_BYTES);
    const h2 = sealBytes(data(100_000), A.fileKey, A.setId, { rng: seededRng('s') }).subarray(0, BODY_HEADER_BYTES);
    expect(h1).toEqual(h2);
  });
});

describe('the format', () => {
  it('nonce = chunk index (11 bytes, big-endian) ‖ last-chunk flag', () => {
    expect(Buffer.from(chunkNonce(0, false)).toString('hex')).toBe('000000000000000000000000');
    expect(Buffer.from(chunkNonce(1, true)).toString('hex')).toBe('000000000000000000000101');
    expect(Buffer.from(chunkNonce(0x0102, false)).toString('hex')).toBe('000000000000000000010200');
    expect(Buffer.from(chunkNonce(Number.MAX_SAFE_INTEGER, true)).toString('hex')).toBe('000000001fffffffffffff01');
    expect(() => chunkNonce(-1, false)).toThrow(RangeError);
  });

  it('the header encodes and decodes; a fresh salt gives each body its own key, even for one file key', () => {
    const a = newBodyHeader(A.fileKey, A.setId);
    const b = newBodyHeader(A.fileKey, A.setId);
    expect(a.header.length).toBe(BODY_HEADER_BYTES);
    const h = decodeBodyHeader(a.header);
    expect(h).toMatchObject({ version: 1, chunkBytes: DEFAULT_CHUNK_BYTES });
    expect(h.setId).toEqual(A.setId);
    expect(encodeBodyHeader(h)).toEqual(a.header);
    expect(a.key).not.toEqual(b.key);
    expect(deriveBodyKey(A.fileKey, h.salt, A.setId).key).toEqual(a.key);
    expect(openBodyHeader(a.header, A.fileKey, A.setId).key).toEqual(a.key);
    // The same plaintext sealed twice under one file key shares no ciphertext.
    const p = data(3 * SMALL, 'twice');
    const x = chunksOf(sealBytes(p, A.fileKey, A.setId, { chunkBytes: SMALL }), SMALL);
    const y = chunksOf(sealBytes(p, A.fileKey, A.setId, { chunkBytes: SMALL }), SMALL);
    for (let i = 0; i < x.length; i++) expect(x[i]).not.toEqual(y[i]);
  });

  it('what is not a sealed body, or a newer version, is named', () => {
    expect(refusal(() => decodeBodyHeader(new Uint8Array(200))).code).toBe('TAMPERED_BODY');
    expect(refusal(() => decodeBodyHeader(BODY_MAGIC)).code).toBe('TAMPERED_BODY');
    const v2 = Uint8Array.from(newBodyHeader(A.fileKey, A.setId).header);
    v2[16] = 2;
    expect(refusal(() => decodeBodyHeader(v2))).toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    const odd = Uint8Array.from(newBodyHeader(A.fileKey, A.setId).header);
    odd[17] = 40;
    expect(refusal(() => decodeBodyHeader(odd)).code).toBe('TAMPERED_BODY');
  });
});

describe('refusals: damaged, foreign, wrong key', () => {
  const plain = data(4 * SMALL + 100, 'victim');
  const body = sealBytes(plain, A.fileKey, A.setId, { chunkBytes: SMALL });
  const header = body.subarray(0, BODY_HEADER_BYTES);
  const chunks = chunksOf(body, SMALL); // 5 chunks, the last partial
  const open = (b: Uint8Array) => refusal(() => openBytes(b, A.fileKey, A.setId));

  it('the intact body opens (the cases below differ from it only as they say)', () => {
    expect(chunks).toHaveLength(5);
    expect(openBytes(join_(header, chunks), A.fileKey, A.setId)).toEqual(Buffer.from(plain));
  });

  it('a tampered chunk: one bit of chunk 2 flipped', () => {
    const bad = chunks.map((c) => Uint8Array.from(c));
    bad[1]![100]! ^= 1;
    const r = open(join_(header, bad));
    expect(r.code).toBe('TAMPERED_BODY');
    expect(r.message).toContain('chunk 2');
  });

  it('a tampered tag', () => {
    const bad = chunks.map((c) => Uint8Array.from(c));
    bad[4]![bad[4]!.length - 1]! ^= 0x80;
    expect(open(join_(header, bad)).code).toBe('TAMPERED_BODY');
  });

  it('a truncated body: cut at a chunk boundary, inside a chunk, inside a tag, or down to the header', () => {
    const atBoundary = open(join_(header, chunks.slice(0, 3)));
    expect(atBoundary.code).toBe('TAMPERED_BODY');
    expect(atBoundary.message).toContain('cut off after chunk 3');
    expect(open(body.subarray(0, body.length - 50)).code).toBe('TAMPERED_BODY');
    expect(open(Buffer.concat([header, ...chunks.slice(0, 4), chunks[4]!.subarray(0, 10)])).code).toBe('TAMPERED_BODY');
    expect(open(header).message).toContain('cut off');
  });

  it('a reordered body: two chunks swapped, or one repeated in place of another', () => {
    const swapped = [chunks[0]!, chunks[2]!, chunks[1]!, chunks[3]!, chunks[4]!];
    const r = open(join_(header, swapped));
    expect(r.code).toBe('TAMPERED_BODY');
    expect(r.message).toContain('chunk 2');
    expect(open(join_(header, [chunks[0]!, chunks[0]!, ...chunks.slice(2)])).code).toBe('TAMPERED_BODY');
    // The last chunk moved before a full one
    expect(open(join_(header, [chunks[0]!, chunks[1]!, chunks[2]!, chunks[4]!, chunks[3]!])).code).toBe(
      'TAMPERED_BODY',
    );
  });

  it('an extended body: a chunk, an empty chunk or a few bytes appended', () => {
    const full = sealBytes(data(2 * SMALL, 'full'), A.fileKey, A.setId, { chunkBytes: SMALL });
    const fc = chunksOf(full, SMALL);
    const fh = full.subarray(0, BODY_HEADER_BYTES);
    const r = refusal(() => openBytes(join_(fh, [...fc, fc[0]!]), A.fileKey, A.setId));
    expect(r.code).toBe('TAMPERED_BODY');
    expect(r.message).toContain('added after its end');
    expect(open(Buffer.concat([body, new Uint8Array(TAG_BYTES)])).code).toBe('TAMPERED_BODY');
    expect(open(Buffer.concat([body, Uint8Array.of(1, 2, 3)])).code).toBe('TAMPERED_BODY');
  });

  it('chunks of another body under the same file key do not mix in', () => {
    const other = chunksOf(sealBytes(plain, A.fileKey, A.setId, { chunkBytes: SMALL }), SMALL);
    expect(open(join_(header, [chunks[0]!, other[1]!, ...chunks.slice(2)])).code).toBe('TAMPERED_BODY');
  });

  it('an edited header: its salt, its chunk size, its key check', () => {
    for (const at of [60, 17, BODY_HEADER_BYTES - 1]) {
      const bad = Buffer.from(body);
      bad[at]! ^= 1;
      const r = open(bad);
      expect(['WRONG_RESULT', 'TAMPERED_BODY']).toContain(r.code);
    }
  });

  it('a body of another split is named, not decrypted', () => {
    const restored = restore(B.childKeys.slice(0, 2));
    const r = refusal(() => openBytes(body, restored.secret, restored.setId));
    expect(r.code).toBe('DIFFERENT_SET');
    expect(r.message).toContain('another split');
  });

  it('the wrong key for this set is named', () => {
    const wrong = Uint8Array.from(A.fileKey);
    wrong[0]! ^= 1;
    expect(refusal(() => openBytes(body, wrong, A.setId)).code).toBe('WRONG_RESULT');
  });

  it('streamed, many blocks: a chunk changed in the fourth block is refused and leaves no file', async () => {
    const source = fresh('plain');
    writeFileSync(source, data(4 * (1 << 20) + 5000, 'blocks')); // 65 chunks in 5 blocks
    const bodyPath = fresh('body');
    await sealFile(source, bodyPath, A.fileKey, A.setId);
    const bad = readFileSync(bodyPath);
    const chunk = 50; // in the fourth 1 MiB block
    bad[BODY_HEADER_BYTES + chunk * (DEFAULT_CHUNK_BYTES + TAG_BYTES) + 10]! ^= 1;
    writeFileSync(bodyPath, bad);
    const out = fresh('out');
    const r = await refusalAsync(() => openFile(bodyPath, out, A.fileKey, A.setId));
    expect(r.code).toBe('TAMPERED_BODY');
    expect(r.message).toContain(`chunk ${chunk + 1}`);
    expect(existsSync(out)).toBe(false);
  });

  it('streamed: each refusal leaves no file (not even a temporary one), and an existing file is never replaced', async () => {
    const sub = fresh('dir');
    mkdirSync(sub);
    const bad = chunks.map((c) => Uint8Array.from(c));
    bad[3]![5]! ^= 1;
    const cases: [string, Uint8Array, Uint8Array, string][] = [
      ['tampered', join_(header, bad), A.fileKey, 'TAMPERED_BODY'],
      ['truncated', join_(header, chunks.slice(0, 4)), A.fileKey, 'TAMPERED_BODY'],
      ['reordered', join_(header, [chunks[1]!, chunks[0]!, ...chunks.slice(2)]), A.fileKey, 'TAMPERED_BODY'],
      ['extended', join_(header, [...chunks, chunks[0]!]), A.fileKey, 'TAMPERED_BODY'],
    ];
    for (const [name, b, key, code] of cases) {
      const bodyPath = join(sub, `${name}.sealed`);
      writeFileSync(bodyPath, b);
      expect((await refusalAsync(() => openFile(bodyPath, join(sub, `${name}.out`), key, A.setId))).code).toBe(code);
    }
    expect(readdirSync(sub).sort()).toEqual(cases.map(([name]) => `${name}.sealed`).sort());
    const intact = join(sub, 'intact.sealed');
    writeFileSync(intact, body);
    const existing = join(sub, 'existing');
    writeFileSync(existing, 'keep me');
    expect((await refusalAsync(() => openFile(intact, existing, A.fileKey, A.setId))).code).toBe('FILE_EXISTS');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const source = join(sub, 'source');
    writeFileSync(source, plain);
    expect((await refusalAsync(() => sealFile(source, existing, A.fileKey, A.setId))).code).toBe('FILE_EXISTS');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect((await refusalAsync(() => sealFile(join(sub, 'missing'), join(sub, 'x'), A.fileKey, A.setId))).code).toBe(
      'FILE_NOT_FOUND',
    );
    expect((await refusalAsync(() => openFile(sub, join(sub, 'y'), A.fileKey, A.setId))).code).toBe('NOT_A_FILE');
    expect((await readBodyHeader(intact)).setId).toEqual(A.setId);
    expect(readdirSync(sub).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
