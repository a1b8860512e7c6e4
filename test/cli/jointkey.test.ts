import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childKeyFromFile } from '../../main/core/formats/file-form.js';
import { childKeyToText } from '../../main/core/formats/text-form.js';
import { assertBuilt, jointkey } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = () => join(dir, `run-${n++}`);
const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';

describe('jointkey split / restore / verify', () => {
  it.each(['xor', 'additive', 'shamir', 'gf256'])('%s: splits a key into files and restores it', (scheme) => {
    const out = fresh();
    const r = jointkey([
      'split',
      '--scheme',
      scheme,
      '--parties',
      '3',
      '--secret-hex',
      KEY,
      '--curve',
      'secp256k1',
      '--labels',
      'Alice,Bob,Carol',
      '--out',
      out,
      '--plaintext',
    ]);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.json.files).toHaveLength(3);
    expect(r.json.publicKey).toBe(Buffer.from(secp256k1.getPublicKey(Buffer.from(KEY, 'hex'), true)).toString('hex'));
    expect(r.stdout).not.toContain(KEY);
    for (const f of r.json.files) expect(statSync(f).mode & 0o777).toBe(0o600);
    const back = jointkey(['restore', ...r.json.files]);
    expect(back.json).toEqual({ secretHex: KEY });
    expect(jointkey(['verify', r.json.files[1]]).json).toMatchObject({
      ok: true,
      holder: 'Bob',
      index: 2,
      checked: ['checksum', 'set', 'share'],
    });
  });

  it('t-of-n: any t files restore; fewer are refused naming who else could help', () => {
    const out = fresh();
    const r = jointkey([
      'split',
      '--scheme',
      'shamir',
      '--parties',
      '5',
      '--threshold',
      '3',
      '--secret-hex',
      'deadbeef',
      '--out',
      out,
      '--plaintext',
    ]);
    expect(r.status).toBe(0);
    expect(r.json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const files: string[] = r.json.files;
    expect(jointkey(['restore', files[4]!, files[0]!, files[2]!]).json).toEqual({ secretHex: 'deadbeef' });
    expect(jointkey(['restore', ...files]).json).toEqual({ secretHex: 'deadbeef' });
    const few = jointkey(['restore', files[0]!, files[1]!]);
    expect(few.status).toBe(1);
    expect(few.error).toEqual({
      code: 'TOO_FEW_CHILD_KEYS',
      message: '2 of 3 child keys — 1 more needed, from any of: Holder 3, Holder 4, Holder 5.',
    });
    expect(few.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('generates a key that is never printed, and splits a secret file', () => {
    for (const curve of ['secp256k1', 'ed25519']) {
      const out = fresh();
      const r = jointkey([
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--generate',
        curve,
        '--out',
        out,
        '--plaintext',
      ]);
      expect(r.status).toBe(0);
      const secret = jointkey(['restore', ...r.json.files]).json.secretHex as string;
      expect(r.stdout).not.toContain(secret);
      const pub =
        curve === 'secp256k1'
          ? secp256k1.getPublicKey(Buffer.from(secret, 'hex'), true)
          : ed25519.getPublicKey(Buffer.from(secret, 'hex'));
      expect(r.json.publicKey).toBe(Buffer.from(pub).toString('hex'));
    }
    const out = fresh();
    const doc = join(dir, 'document.bin');
    writeFileSync(doc, Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251)));
    const r = jointkey([
      'split',
      '--scheme',
      'gf256',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--secret-file',
      doc,
      '--out',
      out,
      '--plaintext',
    ]);
    expect(r.status).toBe(0);
    expect(jointkey(['restore', r.json.files[0], r.json.files[2]]).json.secretHex).toBe(
      readFileSync(doc).toString('hex'),
    );
  });

  it('restores from text-form files, and verify says only the checksum was checked', () => {
    const out = fresh();
    const r = jointkey([
      'split',
      '--scheme',
      'additive',
      '--parties',
      '2',
      '--secret-hex',
      KEY,
      '--curve',
      'secp256k1',
      '--out',
      out,
      '--plaintext',
    ]);
    const texts = (r.json.files as string[]).map((f, i) => {
      const p = join(out, `text-${i}.txt`);
      writeFileSync(p, `${childKeyToText(childKeyFromFile(readFileSync(f, 'utf8')).childKey)}\n`);
      return p;
    });
    expect(jointkey(['restore', ...texts]).json).toEqual({ secretHex: KEY });
    expect(jointkey(['restore', texts[0]!, r.json.files[1]]).json).toEqual({ secretHex: KEY });
    expect(jointkey(['verify', texts[0]!]).json).toMatchObject({ ok: true, checked: ['checksum'] });
  });

  it('never replaces an existing file, and writes nothing when it refuses', () => {
    const out = fresh();
    const args = ['split', '--scheme', 'xor', '--parties', '2', '--secret-hex', 'ab', '--out', out, '--plaintext'];
    const first = jointkey(args);
    const before = first.json.files.map((f: string) => readFileSync(f, 'utf8'));
    const again = jointkey(args);
    expect(again.status).toBe(1);
    expect(again.error?.code).toBe('FILE_EXISTS');
    expect(first.json.files.map((f: string) => readFileSync(f, 'utf8'))).toEqual(before);
    expect(readdirSync(out).sort()).toEqual(['1-holder-1.jointkey.json', '2-holder-2.jointkey.json']);
  });

  it('names the wrong file: another wallet, a duplicate, a typo', () => {
    const a = jointkey([
      'split',
      '--scheme',
      'shamir',
      '--parties',
      '3',
      '--generate',
      'secp256k1',
      '--labels',
      'Alice,Bob,Carol',
      '--out',
      fresh(),
      '--plaintext',
    ]);
    const b = jointkey([
      'split',
      '--scheme',
      'shamir',
      '--parties',
      '3',
      '--generate',
      'secp256k1',
      '--labels',
      'Alice,Bob,Carol',
      '--out',
      fresh(),
      '--plaintext',
    ]);
    const [a1, a2, a3] = a.json.files as string[];
    const other = jointkey(['restore', a1!, a2!, b.json.files[2]]);
    expect(other.error?.code).toBe('DIFFERENT_WALLET');
    expect(other.error?.message).toMatch(
      /^\/.*3-carol\.jointkey\.json: Child key 3 \(Carol\) belongs to another wallet/,
    );
    expect(jointkey(['restore', a1!, a2!, a2!]).error?.code).toBe('DUPLICATE_CHILD_KEY');
    const typo = join(dir, 'typo.json');
    const j = JSON.parse(readFileSync(a3!, 'utf8'));
    const i = 20;
    j.childKey = j.childKey.slice(0, i) + (j.childKey[i] === 'q' ? 'p' : 'q') + j.childKey.slice(i + 1);
    writeFileSync(typo, JSON.stringify(j));
    const t = jointkey(['restore', a1!, a2!, typo]);
    expect(t.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(t.error?.message).toMatch(/typo\.json: This child key has a typo/);
  });

  it('prints help for every command', () => {
    for (const c of ['split', 'restore', 'verify']) {
      const r = jointkey([c, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: jointkey ${c}`));
    }
    const top = jointkey(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/^Usage: jointkey COMMAND/);
    expect(jointkey([]).status).toBe(2);
  });
});
