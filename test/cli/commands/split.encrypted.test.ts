/**
 * The command line with encrypted child-key files: `split --passphrase-file` (one passphrase per
 * holder, each checked before any key is made), the receipts it takes before wiping the key, and
 * `restore`, `verify` and `sign` with `--passphrase-file` (one per file, in file order).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletRecordFromJson } from '../../../main/core/wallet/kinds/jointkey.js';
import { assertBuilt, jointkey } from '../../support/cli.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger', 'violet canyon pebble marsh'];
const FAST = ['--scrypt-log-n', '14'];

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-cli-age-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = () => join(dir, `run-${n++}`);
function lines(list: readonly string[]): string {
  const p = join(dir, `pass-${n++}.txt`);
  writeFileSync(p, `${list.join('\n')}\n`, { mode: 0o600 });
  return p;
}
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function split(out: string, extra: string[], passphrases: readonly string[] = PASSES) {
  return jointkey([
    'split',
    '--scheme',
    'shamir',
    '--parties',
    '3',
    '--threshold',
    '2',
    '--labels',
    'Alice,Bob,Carol',
    '--wallet-label',
    'Family savings',
    '--out',
    out,
    '--passphrase-file',
    lines(passphrases),
    ...FAST,
    ...extra,
  ]);
}

describe('jointkey split --passphrase-file', () => {
  let out: string;
  let keyFile: string;
  let data: string;
  let r: ReturnType<typeof jointkey>;
  beforeAll(() => {
    out = fresh();
    data = fresh();
    keyFile = join(dir, 'imported.key');
    writeFileSync(keyFile, Buffer.from(KEY, 'hex'));
    r = split(out, ['--secret-file', keyFile, '--curve', 'secp256k1', '--data-dir', data]);
  });

  it('writes one age file per holder, named by wallet and holder, with nothing readable inside', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'Family savings - 1 Alice.jointkey.age',
      'Family savings - 2 Bob.jointkey.age',
      'Family savings - 3 Carol.jointkey.age',
    ]);
    for (const f of r.json.files as string[]) {
      const text = readFileSync(f, 'utf8');
      expect(text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----\n')).toBe(true);
      // The armored body is base64 (where three letters can occur by chance): look in what it decodes to.
      const body = Buffer.from(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, ''), 'base64').toString('latin1');
      expect(body.startsWith('age-encryption.org/v1')).toBe(true);
      for (const visible of ['Alice', 'Bob', 'Family', 'jk1-', KEY]) expect(body).not.toContain(visible);
    }
    expect(r.stdout).not.toContain(KEY);
  });

  it('takes every holder’s receipt before the key is wiped, and records them with the wallet', () => {
    expect(r.json.receipts.map((x: any) => [x.index, x.holder, x.method])).toEqual([
      [1, 'Alice', 'file'],
      [2, 'Bob', 'file'],
      [3, 'Carol', 'file'],
    ]);
    const record = walletRecordFromJson(JSON.parse(readFileSync(r.json.walletRecord, 'utf8'))).record;
    expect(record.receipts).toEqual(r.json.receipts);
    expect(r.json.addresses.ethereum).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it('leaves an imported key’s source untouched', () => {
    expect(readFileSync(keyFile).toString('hex')).toBe(KEY);
  });

  it('restore, verify and sign take one passphrase per file, in file order', () => {
    const [a, b, c] = r.json.files as string[];
    const restored = jointkey(['restore', '--passphrase-file', lines([PASSES[2]!, PASSES[0]!]), c!, a!]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.json.secretHex).toBe(KEY);
    const v = jointkey(['verify', '--passphrase-file', lines([PASSES[1]!]), b!]);
    expect(v.json).toMatchObject({ ok: true, encrypted: true, holder: 'Bob', checked: ['checksum', 'set', 'share'] });
    const s = jointkey([
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00ff',
      '--passphrase-file',
      lines([PASSES[0]!, PASSES[1]!]),
      a!,
      b!,
    ]);
    expect(s.status, s.stderr).toBe(0);
    expect(s.json.signatureHex).toMatch(/^[0-9a-f]{128}$/);
  });

  it('names the file whose passphrase is wrong or missing, and a passphrase file of the wrong length', () => {
    const [a, b] = r.json.files as string[];
    const wrong = jointkey(['restore', '--passphrase-file', lines([PASSES[0]!, PASSES[0]!]), a!, b!]);
    expect(wrong.error).toEqual({
      code: 'WRONG_PASSPHRASE',
      message: `${b}: the passphrase does not open this file. Check it with its holder (capitals, spaces) and try again.`,
    });
    expect(jointkey(['restore', a!, b!]).error?.code).toBe('PASSPHRASE_NEEDED');
    const short = jointkey(['restore', '--passphrase-file', lines([PASSES[0]!]), a!, b!]);
    expect(short.error?.code).toBe('INVALID_ARGUMENT');
    expect(short.error?.message).toMatch(/holds 1 line, but 2 files were given: write one passphrase per line/);
  });
});

describe('jointkey split refuses before making or reading any key', () => {
  it.each([
    [
      ['password123', PASSES[1]!, PASSES[2]!],
      'WEAK_PASSPHRASE',
      /The passphrase for Alice \(line 1 of .*\) is too weak/,
    ],
    [[PASSES[0]!, 'Family savings Bob', PASSES[2]!], 'WEAK_PASSPHRASE', /The passphrase for Bob \(line 2/],
    [[PASSES[0]!, PASSES[1]!, PASSES[0]!], 'WEAK_PASSPHRASE', /Alice and Carol have the same passphrase/],
    [[PASSES[0]!, PASSES[1]!], 'INVALID_ARGUMENT', /holds 2 lines, but 3 holders were given/],
    [[PASSES[0]!, '', PASSES[2]!], 'INVALID_ARGUMENT', /Line 2 of .* is empty/],
  ])('%j → %s', (passes, code, message) => {
    const out = fresh();
    const res = split(out, ['--generate', 'secp256k1'], passes);
    expect(res.error?.code).toBe(code);
    expect(res.error?.message).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('asks for --passphrase-file or --plaintext, not both, not neither', () => {
    const base = ['split', '--scheme', 'xor', '--parties', '2', '--generate', 'secp256k1', '--out', fresh()];
    expect(jointkey(base).error?.message).toMatch(/Give --passphrase-file F to encrypt each holder's file/);
    expect(jointkey([...base, '--plaintext', '--passphrase-file', lines(PASSES.slice(0, 2))]).error?.code).toBe(
      'USAGE',
    );
    expect(jointkey([...base, '--plaintext', '--scrypt-log-n', '15']).error?.code).toBe('USAGE');
    expect(
      jointkey([...base, '--passphrase-file', lines(PASSES.slice(0, 2)), '--scrypt-log-n', '12']).error?.code,
    ).toBe('USAGE');
  });

  it('a generated key is split into encrypted files, and SLIP-39 files can be encrypted too', () => {
    const out = fresh();
    const g = split(out, ['--generate', 'ed25519']);
    expect(g.status, g.stderr).toBe(0);
    expect(g.json.receipts).toHaveLength(3);
    const slip = fresh();
    const s = jointkey([
      'split',
      '--scheme',
      'slip39',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--labels',
      'Alice,Bob,Carol',
      '--secret-hex',
      KEY,
      '--out',
      slip,
      '--passphrase-file',
      lines(PASSES),
      ...FAST,
    ]);
    expect(s.status, s.stderr).toBe(0);
    expect(s.json.receipts.map((x: any) => x.holder)).toEqual(['Alice', 'Bob', 'Carol']);
    const [a, , c] = s.json.files as string[];
    expect(a).toMatch(/1 Alice\.jointkey\.age$/);
    const restored = jointkey(['restore', '--passphrase-file', lines([PASSES[0]!, PASSES[2]!]), a!, c!]);
    expect(restored.json?.secretHex, restored.stderr).toBe(KEY);
    expect(sha(a!)).not.toBe(sha(c!));
  });
});
