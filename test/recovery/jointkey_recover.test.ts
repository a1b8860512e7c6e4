/**
 * The independent recovery tool (recovery/jointkey_recover.py, Python 3, standard library only),
 * written from docs/FORMAT.md: it restores the committed format vectors and fresh output of the
 * built command line for every scheme, opens sealed bodies with each AES-GCM it can use, and refuses
 * what JointKey refuses (a typo, a mixed set, too few, a duplicate, a forged share) with one line
 * naming the same error code. Drives only the built CLI and the Python tool: nothing from main/.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from '../support/cli.js';

const TOOL = fileURLToPath(new URL('../../recovery/jointkey_recover.py', import.meta.url));
const RECOVERY_DIR = fileURLToPath(new URL('../../recovery/', import.meta.url));
const VECTORS = fileURLToPath(new URL('../vectors/format/', import.meta.url));
/** The same vectors in format version 1, written by the version before (its source says which). */
const VECTORS_V1 = fileURLToPath(new URL('../vectors/v1/format/', import.meta.url));
/** A 2-byte secret split by each scheme in format version 1 (test/vectors/v1/README.md). */
const SHORT_V1 = fileURLToPath(new URL('../vectors/v1/', import.meta.url));

const PYTHON = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0 ? 'python3' : undefined;
if (!PYTHON) console.warn('test/recovery: skipped — python3 is not installed (CI installs it: .ci/run).');

/** Which AES-256-GCM the tool finds with JOINTKEY_RECOVER_AES=name ('' when it finds none). */
function aesBackend(name: string): string {
  if (!PYTHON) return '';
  const r = spawnSync(
    PYTHON,
    [
      '-B', // no __pycache__ in the repository
      '-c',
      `import sys; sys.path.insert(0, ${JSON.stringify(RECOVERY_DIR)}); import jointkey_recover as r; print(r.gcm_backend()[0] or '')`,
    ],
    { encoding: 'utf8', env: { ...process.env, JOINTKEY_RECOVER_AES: name } },
  );
  return r.stdout.trim();
}
const BACKENDS = ['cryptography', 'openssl'].map((name) => ({ name, available: aesBackend(name) === name }));
for (const b of BACKENDS)
  if (PYTHON && !b.available)
    console.warn(
      `test/recovery: the sealed-body cases with ${b.name} are skipped — ${b.name === 'cryptography' ? 'the Python package cryptography is not importable' : 'the openssl command is missing or fails the AES-GCM known answer'}.`,
    );

interface Recovered {
  status: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

/** Runs the Python tool with --json; `input` goes to its standard input (for "-"). */
function recover(args: string[], opts: { input?: string; aes?: string } = {}): Recovered {
  const r = spawnSync(PYTHON as string, [TOOL, '--json', ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...(opts.aes ? { JOINTKEY_RECOVER_AES: opts.aes } : {}) },
  });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** A refusal: non-zero exit, nothing on stdout, one line on stderr naming the code. */
function expectRefused(r: Recovered, code: string): string {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const line = r.stderr.trimEnd();
  expect(line).not.toContain('\n');
  expect(line).toMatch(new RegExp(`^jointkey_recover: ${code}: `));
  expect(line).not.toMatch(/Traceback/);
  return line;
}

interface VectorChildKey {
  index: number;
  holder: string;
  fileName: string;
  text: string;
  binaryHex: string;
  shareHex: string;
  /** Format version 2: the blinding share, after the share. */
  blindingHex?: string;
  file: string;
}
interface VectorCase {
  name: string;
  input: { scheme: string; curve: string | null; secretHex?: string };
  setId: string;
  publicKey?: string;
  fingerprint?: string;
  childKeys: VectorChildKey[];
  restores: { indices: number[]; secretHex?: string; plaintextSha256?: string }[];
  body?: { fileName: string; base64: string };
}
const load = (name: string, dir = VECTORS): { formatVersion: number; source: { generator: string }; cases: any[] } =>
  JSON.parse(readFileSync(join(dir, name), 'utf8'));

// ---- The text form per docs/FORMAT.md, to forge well-checksummed child keys the tool must still refuse.
const ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const M = 1_048_573;
const checkValue = (words: number[]) => words.reduce((acc, w) => (acc * 32 + w) % M, 0);

function bytesToText(bytes: Uint8Array): string {
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const c = (((1 - checkValue([...words, 0, 0, 0, 0])) % M) + M) % M;
  words.push((c >> 15) & 31, (c >> 10) & 31, (c >> 5) & 31, c & 31);
  const groups = [];
  for (let i = 0; i < words.length; i += 5)
    groups.push(
      words
        .slice(i, i + 5)
        .map((w) => ALPHABET[w] ?? '')
        .join(''),
    );
  return `jk1-${groups.join('-')}`;
}

/** The child key with one bit of its share changed (mid-share: still a canonical element), re-checksummed. */
function forgedText(ck: VectorChildKey): string {
  const bin = Buffer.from(ck.binaryHex, 'hex');
  const share = ck.shareHex.length / 2;
  const end = ck.blindingHex === undefined ? bin.length : bin.length - 1 - ck.blindingHex.length / 2;
  const at = end - share + Math.floor(share / 2);
  bin[at] = (bin[at] as number) ^ 0x01;
  return bytesToText(bin);
}

let dir: string;
let runs = 0;
const fresh = (name: string) => join(dir, `${runs++}-${name}`);

/** Writes files (name → content) into a new folder; returns their paths. */
function writeAll(files: Record<string, string | Buffer>): Record<string, string> {
  const at = fresh('set');
  const out: Record<string, string> = {};
  mkdirSync(at);
  for (const [name, content] of Object.entries(files)) {
    out[name] = join(at, name);
    writeFileSync(out[name], content);
  }
  return out;
}

function split(args: string[]): { files: string[]; json: any } {
  const out = fresh('keys');
  const r = jointkey(['split', ...args, '--out', out, '--plaintext']);
  expect(r.error, r.stderr).toBeUndefined();
  return { files: r.json.files as string[], json: r.json };
}

const restoredByJointKey = (files: string[]) => jointkey(['restore', ...files]);

describe.skipIf(!PYTHON)('recovery/jointkey_recover.py (python3, standard library)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jointkey-recover-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('the committed vectors (test/vectors/format, and version 1 in test/vectors/v1/format)', () => {
    const docs = ['xor.json', 'additive.json', 'shamir.json', 'gf256.json', 'curve-keys.json'].flatMap((name) => [
      { name, version: 2, dir: VECTORS },
      { name, version: 1, dir: VECTORS_V1 },
    ]);
    it.each(docs)(
      '$name, format version $version: restores every listed subset from the file forms and from typed text forms',
      ({ name, version, dir }) => {
        const doc = load(name, dir);
        expect(doc.formatVersion).toBe(version);
        expect(doc.source.generator).toBe('scripts/format-vectors.mjs');
        for (const c of doc.cases as VectorCase[]) {
          const paths = writeAll(Object.fromEntries(c.childKeys.map((ck) => [ck.fileName, ck.file])));
          for (const r of c.restores) {
            const picked = r.indices.map((i) => c.childKeys.find((ck) => ck.index === i) as VectorChildKey);
            const fromFiles = recover(picked.map((ck) => paths[ck.fileName] as string));
            expect(fromFiles.stderr, `${c.name} ${r.indices}`).toBe('');
            expect(fromFiles.json).toMatchObject({ secretHex: r.secretHex, setId: c.setId, scheme: c.input.scheme });
            if (c.input.curve) expect(fromFiles.json).toMatchObject({ curve: c.input.curve, publicKey: c.publicKey });
            else expect(fromFiles.json.fingerprint).toBe(c.fingerprint);
            // Typed: one on the command line, the rest on standard input, upper-cased (as a QR code carries them).
            const [first, ...rest] = picked;
            const typed = recover([(first as VectorChildKey).text, '-'], {
              input: `${rest.map((ck) => ck.text.toUpperCase()).join('\n')}\n\n`,
            });
            expect(typed.json?.secretHex, `${c.name} ${r.indices} typed: ${typed.stderr}`).toBe(r.secretHex);
          }
        }
      },
    );

    it.each([VECTORS, VECTORS_V1])(
      'refusals.json (%s): refuses each with the code JointKey gave, in one line',
      (dir) => {
        for (const c of load('refusals.json', dir).cases as { name: string; code: string; inputs: any[] }[]) {
          const paths = writeAll(
            Object.fromEntries(
              c.inputs.map((inp, i) => [`${i}.txt`, (inp.file as string) ?? `${inp.text as string}\n`]),
            ),
          );
          expectRefused(recover(Object.values(paths)), c.code);
        }
      },
    );

    it('a typo is located: the group named is the group changed', () => {
      const c = (load('shamir.json').cases as VectorCase[])[0] as VectorCase;
      const text = (c.childKeys[0] as VectorChildKey).text;
      const groups = text.split('-');
      for (const g of [1, 4, 9, groups.length - 2]) {
        const parts = [...groups];
        const old = parts[g] as string;
        parts[g] = `${old.slice(0, 2)}${ALPHABET[(ALPHABET.indexOf(old[2] as string) + 7) % 32] ?? ''}${old.slice(3)}`;
        const line = expectRefused(
          recover([parts.join('-'), (c.childKeys[1] as VectorChildKey).text]),
          'CHECKSUM_MISMATCH',
        );
        const m = /group (\d+)(?: to (\d+))?/.exec(line);
        expect(m, line).not.toBeNull();
        const [lo, hi] = [Number(m?.[1]), Number(m?.[2] ?? m?.[1])];
        expect(g >= lo && g <= hi, `${line} (changed group ${g})`).toBe(true);
      }
    });

    it('a forged share with a valid checksum is refused against the set: blinded hashes, Feldman commitments, public points', () => {
      const curve = load('curve-keys.json').cases as VectorCase[];
      const shamir = (load('shamir.json').cases as VectorCase[])[0] as VectorCase;
      for (const c of [shamir, curve[0], curve[1], curve[3]] as VectorCase[]) {
        const [a, b] = c.childKeys as [VectorChildKey, VectorChildKey];
        const forged = a.file.replace(a.text, forgedText(a));
        const paths = writeAll({ [a.fileName]: forged, [b.fileName]: b.file });
        const line = expectRefused(recover(Object.values(paths)), 'CHILD_KEY_MISMATCH');
        expect(line).toContain(`child key 1 (${a.holder})`);
        expect(jointkey(['restore', ...Object.values(paths)]).error?.code).toBe('CHILD_KEY_MISMATCH');
      }
    });

    it('a 2-byte secret split in format version 1 by each scheme restores (test/vectors/v1)', () => {
      const manifest = JSON.parse(readFileSync(join(SHORT_V1, 'manifest.json'), 'utf8')) as {
        secretHex: string;
        sets: { dir: string; files: string[]; threshold: number }[];
      };
      for (const s of manifest.sets) {
        const files = s.files.slice(0, s.threshold).map((f) => join(SHORT_V1, s.dir, f));
        const got = recover(files);
        expect(got.stderr, s.dir).toBe('');
        expect(got.json.secretHex).toBe(manifest.secretHex);
      }
    });

    it('a forged blinding share (format version 2) is refused against the set, and without it', () => {
      const c = (load('xor.json').cases as VectorCase[])[0] as VectorCase;
      const [a, ...rest] = c.childKeys as [VectorChildKey, ...VectorChildKey[]];
      const bin = Buffer.from(a.binaryHex, 'hex');
      bin[bin.length - 1]! ^= 1; // the last byte of the blinding share
      const forged = bytesToText(bin);
      const paths = writeAll({
        [a.fileName]: a.file.replace(a.text, forged),
        ...Object.fromEntries(rest.map((ck) => [ck.fileName, ck.file])),
      });
      expectRefused(recover(Object.values(paths)), 'CHILD_KEY_MISMATCH');
      expectRefused(recover([forged, ...rest.map((ck) => ck.text)]), 'WRONG_RESULT');
    });

    describe('sealed-body.json', () => {
      const c = load('sealed-body.json').cases[0] as VectorCase;
      it.for(BACKENDS)('opens the body with $name, from any two child keys', ({ name, available }, ctx) => {
        ctx.skip(!available, `${name} AES-GCM is not available here`);
        const paths = writeAll({
          ...Object.fromEntries(c.childKeys.map((ck) => [ck.fileName, ck.file])),
          'body.jointkey.sealed': Buffer.from(c.body?.base64 ?? '', 'base64'),
        });
        for (const r of c.restores) {
          const out = fresh('opened.bin');
          const files = r.indices.map((i) => paths[(c.childKeys[i - 1] as VectorChildKey).fileName] as string);
          const got = recover([...files, '--out', out], { aes: name });
          expect(got.stderr).toBe('');
          expect(got.json).toMatchObject({ out, bytes: 65_537, setId: c.setId, aesGcm: name });
          expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(r.plaintextSha256);
          // Never over an existing file.
          expectRefused(recover([...files, '--out', out], { aes: name }), 'FILE_EXISTS');
        }
      });

      it.for(BACKENDS)(
        'with $name, refuses a body changed, cut off or of another set, writing nothing',
        ({ name, available }, ctx) => {
          ctx.skip(!available, `${name} AES-GCM is not available here`);
          const body = Buffer.from(c.body?.base64 ?? '', 'base64');
          const files = writeAll(Object.fromEntries(c.childKeys.map((ck) => [ck.fileName, ck.file])));
          const keys = Object.values(files).slice(0, 2);
          const changed = Buffer.from(body);
          changed[body.length - 5] = (changed[body.length - 5] as number) ^ 1; // in the last chunk
          const cutAfterFirst = body.subarray(0, 82 + 65_536 + 16); // the first chunk alone is not marked last
          const swapped = Buffer.from(body);
          swapped[20] = (swapped[20] as number) ^ 1; // the header's set id
          for (const [bad, code] of [
            [changed, 'TAMPERED_BODY'],
            [cutAfterFirst, 'TAMPERED_BODY'],
            [swapped, 'DIFFERENT_SET'],
          ] as const) {
            const sealed = fresh('body.jointkey.sealed');
            writeFileSync(sealed, bad);
            const out = fresh('opened.bin');
            expectRefused(recover([...keys, '--sealed', sealed, '--out', out], { aes: name }), code);
            expect(existsSync(out)).toBe(false);
          }
        },
      );

      it('without any AES-GCM, refuses to open the body with a one-line reason (and still restores the key)', () => {
        const paths = writeAll({
          ...Object.fromEntries(c.childKeys.map((ck) => [ck.fileName, ck.file])),
          'body.jointkey.sealed': Buffer.from(c.body?.base64 ?? '', 'base64'),
        });
        const files = Object.values(paths).slice(0, 2);
        const line = expectRefused(recover([...files, '--out', fresh('x')], { aes: 'none' }), 'NO_AES_GCM');
        expect(line).toMatch(/cryptography.*openssl/);
        expect(recover(files, { aes: 'none' }).json.secretHex).toMatch(/^[0-9a-f]{64}$/);
      });
    });
  });

  describe('fresh output of the built command line', () => {
    beforeAll(() => assertBuilt());

    const cases: { name: string; args: string[]; pick: number[] }[] = [
      { name: 'xor 3-of-3', args: ['--scheme', 'xor', '--parties', '3'], pick: [3, 1, 2] },
      { name: 'additive 4-of-4', args: ['--scheme', 'additive', '--parties', '4'], pick: [1, 2, 3, 4] },
      { name: 'shamir 2-of-3', args: ['--scheme', 'shamir', '--parties', '3', '--threshold', '2'], pick: [3, 1] },
      { name: 'shamir 3-of-5', args: ['--scheme', 'shamir', '--parties', '5', '--threshold', '3'], pick: [5, 2, 4, 1] },
      { name: 'gf256 3-of-5', args: ['--scheme', 'gf256', '--parties', '5', '--threshold', '3'], pick: [2, 4, 5] },
    ];
    it.each(cases)('$name: a random secret, restored as JointKey restores it', ({ args, pick }) => {
      for (const length of [1, 200]) {
        const secret = randomBytes(length).toString('hex');
        const { files } = split([...args, '--secret-hex', secret]);
        const chosen = pick.map((i) => files[i - 1] as string);
        expect(recover(chosen).json?.secretHex).toBe(secret);
        expect(restoredByJointKey(chosen).json.secretHex).toBe(secret);
      }
    });

    it.each([
      ['secp256k1', 'shamir', ['--threshold', '2']],
      ['secp256k1', 'additive', []],
      ['ed25519', 'shamir', ['--threshold', '2']],
      ['ed25519', 'additive', []],
      ['ed25519', 'xor', []],
    ] as const)('a generated %s key, %s: the same key and public key as JointKey', (curve, scheme, extra) => {
      const { files, json } = split(['--scheme', scheme, '--parties', '3', ...extra, '--generate', curve]);
      const chosen = extra.length ? [files[2] as string, files[0] as string] : files;
      expect(recover(chosen).json).toMatchObject({
        curve,
        publicKey: json.publicKey,
        secretHex: restoredByJointKey(chosen).json.secretHex,
      });
    });

    it.for(BACKENDS)(
      'a sealed file (split --secret-file of 70 000 bytes), opened with $name',
      ({ name, available }, ctx) => {
        ctx.skip(!available, `${name} AES-GCM is not available here`);
        const plain = randomBytes(70_000);
        const source = fresh('document.pdf');
        writeFileSync(source, plain);
        const { files } = split(['--scheme', 'gf256', '--parties', '3', '--threshold', '2', '--secret-file', source]);
        const out = fresh('restored.pdf');
        const got = recover([files[1] as string, files[2] as string, '--out', out], { aes: name });
        expect(got.json).toMatchObject({ bytes: 70_000, aesGcm: name });
        expect(readFileSync(out).equals(plain)).toBe(true);
      },
    );

    it('refuses what JointKey refuses, with the same code: a typo, a mixed set, too few, a duplicate', () => {
      const KEY = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'; // Hardhat's first, public
      const secret = randomBytes(32).toString('hex');
      const a = split(['--scheme', 'shamir', '--parties', '3', '--threshold', '2', '--secret-hex', secret]).files;
      // Version 2: another split of the same secret has its own fingerprint, so another wallet id; two
      // splits of the same key share its public key, so they are two sets of one wallet.
      const b = split(['--scheme', 'shamir', '--parties', '3', '--threshold', '2', '--secret-hex', secret]).files;
      const keySplit = () =>
        split(['--scheme', 'shamir', '--parties', '3', '--threshold', '2', '--curve', 'secp256k1', '--secret-hex', KEY])
          .files;
      const [k1, k2] = [keySplit(), keySplit()];
      const other = split(['--scheme', 'shamir', '--parties', '3', '--threshold', '2', '--secret-hex', '00ff']).files;
      const x = split(['--scheme', 'xor', '--parties', '3', '--secret-hex', secret]).files;
      const text = (path: string) => JSON.parse(readFileSync(path, 'utf8')).childKey as string;
      const typoFile = fresh('typo.jointkey.json');
      const t = text(a[0] as string);
      let at = t.length - 9;
      while (t[at] === '-') at--;
      const typo = `${t.slice(0, at)}${t[at] === 'q' ? 'p' : 'q'}${t.slice(at + 1)}`;
      writeFileSync(typoFile, readFileSync(a[0] as string, 'utf8').replace(t, typo));
      const bad: [string, string[]][] = [
        ['CHECKSUM_MISMATCH', [typoFile, a[1] as string]],
        ['DIFFERENT_WALLET', [a[0] as string, b[1] as string]],
        ['DIFFERENT_SET', [k1[0] as string, k2[1] as string]],
        ['DIFFERENT_WALLET', [a[0] as string, other[1] as string]],
        ['TOO_FEW_CHILD_KEYS', [a[2] as string]],
        ['TOO_FEW_CHILD_KEYS', [x[0] as string, x[1] as string]],
        ['DUPLICATE_CHILD_KEY', [a[1] as string, a[1] as string]],
        ['DUPLICATE_CHILD_KEY', [x[0] as string, x[1] as string, x[1] as string]],
        ['TOO_MANY_CHILD_KEYS', [a[0] as string, a[1] as string, a[2] as string, a[2] as string]],
      ];
      for (const [code, files] of bad) {
        expectRefused(recover(files), code);
        expect(jointkey(['restore', ...files]).error?.code, code).toBe(code);
      }
      // Typed text forms without any set data: still a typo, a mixed set, too few, a duplicate.
      expectRefused(recover([typo, text(a[1] as string)]), 'CHECKSUM_MISMATCH');
      expectRefused(recover([text(a[0] as string), text(b[1] as string)]), 'DIFFERENT_WALLET');
      expectRefused(recover([text(k1[0] as string), text(k2[1] as string)]), 'DIFFERENT_SET');
      expectRefused(recover([text(a[0] as string)]), 'TOO_FEW_CHILD_KEYS');
      expectRefused(recover([text(a[0] as string), text(a[0] as string)]), 'DUPLICATE_CHILD_KEY');
    });

    it('refuses an encrypted file, a SLIP-39 child key and a stranger, each with one line saying what to do', () => {
      const pass = fresh('passphrases.txt');
      writeFileSync(pass, 'lantern orbit mossy tulip\ncopper whale autumn ledger\n', { mode: 0o600 });
      const out = fresh('enc');
      const r = jointkey([
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-hex',
        '0011',
        '--out',
        out,
        '--passphrase-file',
        pass,
        '--scrypt-log-n',
        '14',
      ]);
      expect(r.error, r.stderr).toBeUndefined();
      expect(expectRefused(recover(r.json.files), 'PASSPHRASE_NEEDED')).toContain('age -d');
      const slip = split([
        '--scheme',
        'slip39',
        '--parties',
        '2',
        '--secret-hex',
        randomBytes(16).toString('hex'),
      ]).files;
      expect(expectRefused(recover(slip), 'DIFFERENT_SCHEME')).toContain('SLIP-39');
      expectRefused(recover([fresh('missing.json')]), 'FILE_NOT_FOUND');
      const junk = fresh('junk.txt');
      writeFileSync(junk, 'hello\n');
      expectRefused(recover([junk]), 'MALFORMED_CHILD_KEY');
    });
  });
});
