/**
 * A child-key file whose name and content disagree — an .age file renamed to another holder's name:
 * the name says "2 Bob", the content is Carol's — is restored (the content is what counts), with a
 * warning naming both: a JSON warning line on stderr and the output's `warnings`. A name JointKey
 * did not give says nothing, and files whose names agree give no warning.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from '../../support/cli.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger', 'violet canyon pebble marsh'];

let dir: string;
let enc: string[];
let plain: string[];
const lines = (list: readonly string[], name: string) => {
  const p = join(dir, name);
  writeFileSync(p, `${list.join('\n')}\n`, { mode: 0o600 });
  return p;
};
const split = (out: string, extra: string[]) => {
  const r = jointkey([
    'split',
    '--scheme',
    'xor',
    '--parties',
    '3',
    '--labels',
    'Alice,Bob,Carol',
    '--wallet-label',
    'Family',
    '--secret-hex',
    KEY,
    '--curve',
    'secp256k1',
    '--out',
    out,
    ...extra,
  ]);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.json.files as string[];
};

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-cli-names-'));
  enc = split(join(dir, 'enc'), ['--passphrase-file', lines(PASSES, 'passes.txt'), '--scrypt-log-n', '14']);
  plain = split(join(dir, 'plain'), ['--plaintext']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function warningLines(stderr: string): { code: string; message: string }[] {
  return stderr
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { warning: { code: string; message: string } }).warning);
}

describe('a file whose name says another holder', () => {
  it('an .age file renamed to Bob’s name, holding Carol’s child key: restored, with a warning naming both', () => {
    const swapped = join(dir, 'swapped');
    mkdirSync(swapped);
    const asBob = join(swapped, 'Family - 2 Bob.jointkey.age');
    copyFileSync(enc[2]!, asBob); // Carol's file under Bob's name
    const alice = join(swapped, 'Family - 1 Alice.jointkey.age');
    copyFileSync(enc[0]!, alice);
    const carol = join(swapped, 'Family - 3 Carol.jointkey.age');
    copyFileSync(enc[1]!, carol); // and Bob's under Carol's
    const r = jointkey([
      'restore',
      '--passphrase-file',
      lines([PASSES[0]!, PASSES[2]!, PASSES[1]!], 'p2.txt'),
      alice,
      asBob,
      carol,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.secretHex).toBe(KEY);
    expect(r.json.warnings).toHaveLength(2);
    expect(r.json.warnings[0]).toContain(asBob);
    expect(r.json.warnings[0]).toContain('its name says "2 Bob", but it holds the child key of 3 Carol');
    expect(r.json.warnings[1]).toContain('its name says "3 Carol", but it holds the child key of 2 Bob');
    const warned = warningLines(r.stderr);
    expect(warned.map((w) => w.code)).toEqual(['NAME_MISMATCH', 'NAME_MISMATCH']);
    expect(warned.map((w) => w.message)).toEqual(r.json.warnings);
  });

  it('a plain file renamed the same way, and verify warns too', () => {
    const d = join(dir, 'plain-swapped');
    mkdirSync(d);
    const asAlice = join(d, '1-alice.jointkey.json');
    copyFileSync(plain[1]!, asAlice);
    const v = jointkey(['verify', asAlice]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.json.warnings?.[0]).toContain('its name says "1 alice", but it holds the child key of 2 Bob');
    expect(warningLines(v.stderr)).toHaveLength(1);
  });

  it('names that agree, or that JointKey did not give, say nothing', () => {
    const r = jointkey(['restore', '--passphrase-file', lines(PASSES, 'p3.txt'), ...enc]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.warnings).toBeUndefined();
    expect(r.stderr).toBe('');
    const d = join(dir, 'own-names');
    mkdirSync(d);
    const mine = plain.map((p, i) => {
      const q = join(d, `holder ${i}.txt`);
      copyFileSync(p, q);
      return q;
    });
    const own = jointkey(['restore', ...mine]);
    expect(own.json.secretHex).toBe(KEY);
    expect(own.json.warnings).toBeUndefined();
  });
});
