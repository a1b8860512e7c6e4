/**
 * One benchmark case in a fresh process, so that its peak memory is its own: `node out/bench/case.js
 * SPEC-JSON` runs one implementation on one case and prints one JSON line {values, median, unit,
 * maxRssMiB}. bench/run.ts starts it for each (case, implementation) and caps its time.
 *
 * - ops: split then combine (restore) a 32-byte secret, t-of-n; ops/s over timed runs of ~runMs.
 * - bytes: split then combine a `bytes`-long random secret at t-of-n; MB/s of each round trip.
 * - session: a signing session: 5 child keys entered one by one, each checked, then a signature.
 * - file: split and restore a file of `bytes` bytes, streamed (sealed body) from disk to disk; with
 *   impl "age", the `age` command encrypting and decrypting the same kind of file (the peer).
 * - aes: the limit — Node's AES-256-GCM alone on the same bytes, encrypt and decrypt.
 */
import { spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ChildKey } from '../main/core/formats/child-key.js';
import { restore } from '../main/core/wallet/restore.js';
import { BODY_FILE_NAME } from '../main/core/formats/sealed-body.js';
import { gf256Combine, gf256Split } from '../main/core/sharing/shamir-gf256.js';
import { splitSecret } from '../main/core/wallet/split.js';
import { openBytes, openFile, sealBytes, sealFile } from '../main/files/sealed-body.js';

export interface CaseSpec {
  kind: 'ops' | 'bytes' | 'session' | 'file' | 'aes';
  impl: string;
  threshold?: number;
  parties?: number;
  bytes?: number;
  /** Timed runs wanted (after one warm-up run). */
  runs: number;
  /** For ops/s: how long one timed run lasts. */
  runMs?: number;
  /** Stop starting new runs after this long (the parent kills the process later still). */
  budgetMs: number;
  /** A folder for the file case's files. */
  dir?: string;
}

type Op = () => Promise<void> | void;

const t = (s: CaseSpec) => s.threshold ?? 2;
const n = (s: CaseSpec) => s.parties ?? 2;

async function peerShamir(): Promise<{
  split: (s: Uint8Array, n: number, t: number) => Promise<Uint8Array[]>;
  combine: (s: Uint8Array[]) => Promise<Uint8Array>;
}> {
  return await import('shamir-secret-sharing');
}

/**
 * Checks a round trip's result. A short one (a key) byte by byte: taking `.buffer` of a typed array
 * of at most 64 bytes makes V8 move it off its heap (about a microsecond, more than JointKey's whole
 * split of a key), which would be the harness's time, not the implementation's. A long one with
 * memcmp (Buffer.equals): it is off the heap already, and a loop in JS would cost more than the
 * round trip.
 */
function same(a: Uint8Array, b: Uint8Array): void {
  let diff = a.length ^ b.length;
  if (a.length > 64) diff |= Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b) ? 0 : 1;
  else for (let i = 0; i < b.length; i++) diff |= a[i]! ^ b[i]!;
  if (diff !== 0) throw new Error('round trip gave another secret');
}

/** Split then combine `secret` with `impl`: returns one operation (it checks its own result). */
async function roundTrip(impl: string, secret: Uint8Array, spec: CaseSpec): Promise<Op> {
  const T = t(spec);
  const N = n(spec);
  switch (impl) {
    case 'jointkey': // the project's byte-wise Shamir, like for like with the peers' (no checks)
      return () => {
        const shares = gf256Split(secret, T, N);
        same(gf256Combine(shares.slice(0, T)), secret);
      };
    case 'jointkey (child keys)': // the whole split and restore: set id, salted hashes, fingerprint check
      return () => {
        const r = splitSecret(secret, { scheme: 'gf256', parties: N, threshold: T });
        same(restore(r.childKeys.slice(N - T), { set: r.set }).secret, secret);
      };
    case 'jointkey (sealed)': // large secrets: AES-256-GCM body, only the 32-byte file key split
      return () => {
        const fileKey = randomBytes(32);
        const r = splitSecret(fileKey, { scheme: 'gf256', parties: N, threshold: T });
        const body = sealBytes(secret, fileKey, r.setId);
        const back = restore(r.childKeys.slice(N - T), { set: r.set });
        same(openBytes(body, back.secret, back.setId), secret);
      };
    case 'shamir-secret-sharing': {
      const { split, combine } = await peerShamir();
      return async () => {
        const shares = await split(secret, N, T);
        same(await combine(shares.slice(0, T)), secret);
      };
    }
    case 'secrets.js-grempe': {
      const secrets = (await import('secrets.js-grempe')).default;
      return () => {
        const hex = Buffer.from(secret).toString('hex');
        const shares = secrets.share(hex, N, T);
        if (secrets.combine(shares.slice(0, T)) !== hex) throw new Error('round trip gave another secret');
      };
    }
    case 'jointkey slip39': {
      const { slip39Split, slip39Combine } = await import('../main/core/sharing/slip39/index.js');
      const { nativePbkdf2 } = await import('../main/native/pbkdf2.js');
      return () => {
        const [mnemonics] = slip39Split({
          masterSecret: secret,
          groupThreshold: 1,
          groups: [{ threshold: T, count: N }],
          iterationExponent: 0,
          pbkdf2: nativePbkdf2,
        });
        same(slip39Combine((mnemonics ?? []).slice(0, T), { pbkdf2: nativePbkdf2 }), secret);
      };
    }
    case 'slip39': {
      const slip39 = (await import('slip39')).default;
      return () => {
        const slip = slip39.fromArray(Array.from(secret), {
          threshold: 1,
          groups: [[T, N]],
          iterationExponent: 0,
        });
        const mnemonics = slip.fromPath('r/0').mnemonics.slice(0, T);
        same(Uint8Array.from(slip39.recoverSecret(mnemonics, '')), secret);
      };
    }
  }
  throw new Error(`no implementation ${impl}`);
}

/** A signing session: 5 child keys of a 5-of-5 secp256k1 wallet entered, checked, a message signed. */
async function sessionOp(): Promise<Op> {
  const { generatePrivateKey } = await import('../main/core/chains/key-sources.js');
  const { splitKey } = await import('../main/core/wallet/split.js');
  const { SigningSession } = await import('../main/core/wallet/kinds/jointkey.js');
  const key = generatePrivateKey('secp256k1');
  const { set, childKeys } = splitKey('secp256k1', key, { scheme: 'shamir', parties: 5, threshold: 5 });
  const message = randomBytes(32);
  return () => {
    const session = new SigningSession(set);
    for (const ck of childKeys) session.add({ ...ck, share: ck.share.slice() } as ChildKey);
    const r = session.sign({ kind: 'message', algo: 'ecdsa-sha256', message });
    if (r.kind !== 'message' || r.signatureHex.length !== 128) throw new Error('no signature');
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Ops/s: after a warm-up run, `runs` timed runs, each as many operations as fit in runMs. */
async function measureOps(op: Op, spec: CaseSpec): Promise<number[]> {
  const start = performance.now();
  const runMs = spec.runMs ?? 300;
  const once = async (): Promise<number> => {
    let count = 0;
    const t0 = performance.now();
    let now: number;
    do {
      await op();
      count++;
      now = performance.now();
    } while (now - t0 < runMs);
    return (count * 1000) / (now - t0);
  };
  await once(); // warm-up
  const values: number[] = [];
  while (values.length < spec.runs && (values.length < 1 || performance.now() - start < spec.budgetMs))
    values.push(await once());
  return values;
}

/** MB/s (10^6 bytes per second) of whole operations on `bytes`: one warm-up, then up to `runs`. */
async function measureBytes(op: Op, bytes: number, spec: CaseSpec, warmUp = true): Promise<number[]> {
  const start = performance.now();
  if (warmUp) await op();
  const values: number[] = [];
  while (values.length < spec.runs && (values.length < 1 || performance.now() - start < spec.budgetMs)) {
    const t0 = performance.now();
    await op();
    values.push(bytes / 1e6 / ((performance.now() - t0) / 1000));
  }
  return values;
}

/**
 * A file of `bytes` random bytes, written in 1 MiB pieces (never held whole) and flushed to disk, as
 * a file a person splits has long been: otherwise the first fsync after it (JointKey's; age does
 * none) would also wait for this file's own data to reach the disk.
 */
function randomFile(path: string, bytes: number): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    const piece = Buffer.allocUnsafe(1 << 20);
    for (let done = 0; done < bytes;) {
      const k = Math.min(piece.length, bytes - done);
      writeSync(fd, randomBytes(k), 0, k);
      done += k;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether two files hold the same bytes, compared in 1 MiB pieces. */
function sameFiles(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const x = Buffer.allocUnsafe(1 << 20);
    const y = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const k = readSync(fa, x, 0, x.length, null);
      const l = readSync(fb, y, 0, y.length, null);
      if (k !== l || !x.subarray(0, k).equals(y.subarray(0, l))) return false;
      if (k === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/** Runs the `age` command; throws with its message when it fails. */
function age(args: string[]): void {
  const r = spawnSync('age', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`age ${args[0]}: ${r.error?.message ?? r.stderr.trim()}`);
}

/** The time (ms) to fsync a file already written: what the `age` command leaves out and JointKey does. */
function fsyncFile(path: string): number {
  const t0 = performance.now();
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return performance.now() - t0;
}

/**
 * The file case: split (seal + split the key) and restore (restore the key + open) a file, streamed;
 * or, for impl "age", `age -r` and `age -d` of the same kind of file (one X25519 recipient: the
 * cheapest key wrapping age has, so the time is its streaming), each a process started here and
 * timed from start to exit. age writes without fsync; the time an fsync of its output then takes is
 * reported beside (`ageFsyncMs`), as JointKey's times include one fsync per file written.
 */
async function fileCase(spec: CaseSpec): Promise<Record<string, unknown>> {
  const bytes = spec.bytes ?? 0;
  const dir = mkdtempSync(join(spec.dir ?? '/tmp', 'jointkey-bench-'));
  const isAge = spec.impl === 'age';
  const identity = join(dir, 'age-identity.txt');
  let recipient = '';
  if (isAge) {
    const r = spawnSync('age-keygen', ['-o', identity], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`age-keygen: ${r.error?.message ?? r.stderr.trim()}`);
    recipient = /age1[0-9a-z]+/.exec(readFileSync(identity, 'utf8'))?.[0] ?? '';
  }
  const fsyncs: number[] = [];
  /** One split + restore (or age encrypt + decrypt) of `source` (`size` bytes): the two times in ms. */
  const once = async (source: string, size: number, tag: string): Promise<[number, number]> => {
    const out = join(dir, `out-${tag}`);
    const body = join(dir, `${tag}-${BODY_FILE_NAME}`);
    let times: [number, number];
    if (isAge) {
      const t0 = performance.now();
      age(['-r', recipient, '-o', body, source]);
      const t1 = performance.now();
      const synced = fsyncFile(body);
      const t2 = performance.now();
      age(['-d', '-i', identity, '-o', out, body]);
      const t3 = performance.now();
      fsyncs.push(synced + fsyncFile(out));
      times = [t1 - t0, t3 - t2];
    } else {
      const t0 = performance.now();
      const fileKey = randomBytes(32);
      const r = splitSecret(fileKey, { scheme: 'gf256', parties: 5, threshold: 3 });
      await sealFile(source, body, fileKey, r.setId);
      const t1 = performance.now();
      const back = restore(r.childKeys.slice(2), { set: r.set });
      await openFile(body, out, back.secret, back.setId);
      times = [t1 - t0, performance.now() - t1];
    }
    if (statSync(out).size !== size || !sameFiles(source, out)) throw new Error('the restored file differs');
    rmSync(out);
    rmSync(body);
    return times;
  };
  try {
    // A warm-up on 8 MiB, so that the timed runs are not the first calls of the code.
    const small = join(dir, 'warm-up.bin');
    randomFile(small, Math.min(bytes, 8 << 20));
    await once(small, Math.min(bytes, 8 << 20), 'warm-up');
    rmSync(small);
    const source = join(dir, 'secret.bin');
    randomFile(source, bytes);
    const split: number[] = [];
    const restored: number[] = [];
    const both: number[] = [];
    const bothSynced: number[] = [];
    for (let i = 0; i < spec.runs; i++) {
      const [s, r] = await once(source, bytes, String(i));
      split.push(bytes / 1e6 / (s / 1000));
      restored.push(bytes / 1e6 / (r / 1000));
      both.push(bytes / 1e6 / ((s + r) / 1000));
      if (isAge) bothSynced.push(bytes / 1e6 / ((s + r + fsyncs[fsyncs.length - 1]!) / 1000));
    }
    return {
      values: both,
      median: median(both),
      splitMBps: median(split),
      restoreMBps: median(restored),
      ...(isAge ? { fsyncMs: median(fsyncs.slice(1)), withFsyncMBps: median(bothSynced) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The limit: Node's AES-256-GCM alone on `bytes` random bytes in memory, no I/O, two ways; encrypt
 * and decrypt MB/s (medians over `runs`, after a warm-up) and the round trip (encrypt then decrypt)
 * they allow:
 * - chunked (the limit the file case is held to): the format's own unit of work, each 64 KiB chunk
 *   its own AES-256-GCM message (a cipher per chunk, a 12-byte nonce, the 82-byte header as
 *   additional data, a 16-byte tag), as any format that authenticates each chunk must do;
 * - one message, fed in update calls of 16 KiB, 64 KiB or 1 MiB, the fastest of them (what the
 *   format could not do: one tag at the end authenticates nothing until the end).
 * The outputs are dropped, not copied anywhere, so that neither way pays for a copy.
 */
function aesCase(spec: CaseSpec): Record<string, unknown> {
  const bytes = spec.bytes ?? 64 << 20;
  const data = randomBytes(bytes);
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const aad = randomBytes(82);
  const chunk = 65536;
  const chunks = Math.ceil(bytes / chunk);
  const nonce = (i: number): Buffer => {
    const b = Buffer.alloc(12);
    b.writeUIntBE(i, 5, 6);
    return b;
  };
  // The ciphertext and tags the decryptions start from, made once.
  const sealed = Buffer.allocUnsafe(bytes);
  const tags: Buffer[] = [];
  for (let i = 0; i < chunks; i++) {
    const c = createCipheriv('aes-256-gcm', key, nonce(i));
    c.setAAD(aad);
    c.update(data.subarray(i * chunk, (i + 1) * chunk)).copy(sealed, i * chunk);
    c.final();
    tags.push(c.getAuthTag());
  }
  const timed = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return bytes / 1e6 / ((performance.now() - t0) / 1000);
  };
  const measure = (enc: () => void, dec: () => void) => {
    const e: number[] = [];
    const d: number[] = [];
    for (let i = 0; i <= spec.runs; i++) {
      const x = timed(enc);
      const y = timed(dec);
      if (i === 0) continue; // warm-up
      e.push(x);
      d.push(y);
    }
    return { enc: median(e), dec: median(d) };
  };
  const chunked = measure(
    () => {
      for (let i = 0; i < chunks; i++) {
        const c = createCipheriv('aes-256-gcm', key, nonce(i));
        c.setAAD(aad);
        c.update(data.subarray(i * chunk, (i + 1) * chunk));
        c.final();
        c.getAuthTag();
      }
    },
    () => {
      for (let i = 0; i < chunks; i++) {
        const d = createDecipheriv('aes-256-gcm', key, nonce(i));
        d.setAAD(aad);
        d.setAuthTag(tags[i]!);
        d.update(sealed.subarray(i * chunk, (i + 1) * chunk));
        d.final();
      }
    },
  );
  let whole = { piece: 0, enc: 0, dec: 0 };
  for (const piece of [16 << 10, 64 << 10, 1 << 20]) {
    let tag = Buffer.alloc(16);
    const m = measure(
      () => {
        const c = createCipheriv('aes-256-gcm', key, iv);
        for (let at = 0; at < bytes; at += piece) c.update(data.subarray(at, at + piece));
        c.final();
        tag = c.getAuthTag();
      },
      () => {
        // Decrypts the data as if it were ciphertext: the tag cannot match, so final() is left out.
        const d = createDecipheriv('aes-256-gcm', key, iv);
        d.setAuthTag(tag);
        for (let at = 0; at < bytes; at += piece) d.update(data.subarray(at, at + piece));
      },
    );
    if (1 / m.enc + 1 / m.dec < 1 / (whole.enc || 1e-9) + 1 / (whole.dec || 1e-9)) whole = { piece, ...m };
  }
  const roundTrip = (m: { enc: number; dec: number }) => 1 / (1 / m.enc + 1 / m.dec);
  return {
    values: [roundTrip(chunked)],
    median: roundTrip(chunked),
    encryptMBps: chunked.enc,
    decryptMBps: chunked.dec,
    chunkBytes: chunk,
    oneMessage: {
      pieceBytes: whole.piece,
      encryptMBps: whole.enc,
      decryptMBps: whole.dec,
      encryptThenDecryptMBps: roundTrip(whole),
    },
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as CaseSpec;
  let result: Record<string, unknown>;
  if (spec.kind === 'aes') result = aesCase(spec);
  else if (spec.kind === 'file') result = await fileCase(spec);
  else if (spec.kind === 'session') {
    const values = await measureOps(await sessionOp(), spec);
    result = { values, median: median(values) };
  } else {
    // A plain Uint8Array: shamir-secret-sharing refuses a Buffer.
    const secret = new Uint8Array(randomBytes(spec.kind === 'ops' ? 32 : (spec.bytes ?? 32)));
    const op = await roundTrip(spec.impl, secret, spec);
    const values =
      spec.kind === 'ops' ? await measureOps(op, spec) : await measureBytes(op, secret.length, spec, spec.runs > 1);
    result = { values, median: median(values) };
  }
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB })}\n`);
}

await main();
