import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMnemonic } from '../main/core/slip39/index.js';
import { assertBuilt, jointkey } from './support/cli.js';
import vectors from './vectors/slip39/vectors.json' with { type: 'json' };

let dir: string;
let trezor: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-slip39-'));
  trezor = join(dir, 'trezor.txt');
  writeFileSync(trezor, 'TREZOR\n'); // one trailing newline is removed
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jointkey slip39 combine: the 45 reference vectors through the command line', () => {
  it.each((vectors as [string, string[], string, string][]).map((v) => [v[0], v] as const))('%s', (_d, v) => {
    const [, mnemonics, secretHex] = v;
    const r = jointkey(['slip39', 'combine', '--passphrase-file', trezor], { input: `${mnemonics.join('\n')}\n` });
    if (secretHex) {
      expect(r.error).toBeUndefined();
      expect(r.json).toEqual({ secretHex });
    } else {
      expect(r.status).toBe(1);
      expect(r.error?.code).toMatch(/^[A-Z_]+$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('jointkey slip39 split', () => {
  const secret = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

  it('splits one group T-of-N and combines from any T, with a passphrase file', () => {
    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, 'correct horse\r\n');
    const r = jointkey([
      'slip39',
      'split',
      '--threshold',
      '3',
      '--shares',
      '5',
      '--passphrase-file',
      pass,
      '--iteration-exponent',
      '0',
      '--secret-hex',
      secret,
    ]);
    expect(r.error).toBeUndefined();
    const [group] = r.json.mnemonics as string[][];
    expect(group).toHaveLength(5);
    expect(group![0]!.split(' ')).toHaveLength(33);
    const share = decodeMnemonic(group![0]!);
    expect([share.extendable, share.iterationExponent, share.memberThreshold]).toEqual([false, 0, 3]);
    const pick = [group![4]!, group![1]!, group![2]!];
    expect(jointkey(['slip39', 'combine', '--passphrase-file', pass], { input: pick.join('\n') }).json).toEqual({
      secretHex: secret,
    });
    // Another passphrase gives another secret, as SLIP-39 specifies; no passphrase file is the empty one.
    expect(jointkey(['slip39', 'combine'], { input: pick.join('\n') }).json.secretHex).not.toBe(secret);
    expect(
      jointkey(['slip39', 'combine', '--passphrase-file', pass], { input: pick.slice(1).join('\n') }).error?.code,
    ).toBe('INSUFFICIENT_SHARES');
  });

  it('splits into groups and combines from the group threshold, extendable', () => {
    const r = jointkey([
      'slip39',
      'split',
      '--threshold',
      '1',
      '--shares',
      '1',
      '--groups',
      '1/1,2/3,3/5',
      '--group-threshold',
      '2',
      '--extendable',
      '--secret-hex',
      secret.slice(0, 32),
    ]);
    expect(r.error).toBeUndefined();
    const groups = r.json.mnemonics as string[][];
    expect(groups.map((g) => g.length)).toEqual([1, 3, 5]);
    expect(decodeMnemonic(groups[0]![0]!).extendable).toBe(true);
    const input = [groups[0]![0]!, groups[2]![0]!, groups[2]![3]!, groups[2]![4]!].join('\n');
    expect(jointkey(['slip39', 'combine'], { input }).json).toEqual({ secretHex: secret.slice(0, 32) });
  });

  it('refuses bad options and input with JSON errors', () => {
    for (const args of [
      ['slip39', 'split', '--threshold', '2', '--shares', '3', '--secret-hex', 'abcd'],
      ['slip39', 'split', '--threshold', '4', '--shares', '3', '--secret-hex', secret],
      ['slip39', 'split', '--groups', '2-3', '--group-threshold', '1', '--secret-hex', secret],
      ['slip39', 'split', '--threshold', '2', '--shares', '3'],
      ['slip39', 'split', '--threshold', '2', '--shares', '3', '--iteration-exponent', '99', '--secret-hex', secret],
      ['slip39', 'frob'],
    ]) {
      const r = jointkey(args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.error?.code).toMatch(/^[A-Z_]+$/);
    }
    const typo = jointkey(['slip39', 'combine'], { input: 'academic acid acne\n' });
    expect(typo.error?.code).toBe('INVALID_MNEMONIC');
  });

  it('reports a wrong word by its position, never correcting it', () => {
    const r = jointkey(['slip39', 'split', '--threshold', '2', '--shares', '2', '--secret-hex', secret.slice(0, 32)]);
    const words = (r.json.mnemonics[0][0] as string).split(' ');
    words[6] = 'acdemic';
    const c = jointkey(['slip39', 'combine'], { input: `${words.join(' ')}\n${r.json.mnemonics[0][1]}` });
    expect(c.error).toEqual({
      code: 'UNKNOWN_WORD',
      message: expect.stringMatching(/^Word 7 of mnemonic 1 is not on the SLIP-39 word list/),
    });
  });
});

describe('jointkey split --scheme slip39 and restore', () => {
  it('writes one SLIP-39 child-key file per holder, restores from any T, checks the passphrase by the public key', () => {
    const out = join(dir, 'wallet');
    const pass = join(dir, 'p.txt');
    writeFileSync(pass, 'family passphrase\n');
    const r = jointkey([
      'split',
      '--scheme',
      'slip39',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--generate',
      'secp256k1',
      '--labels',
      'Alice,Bob,Carol',
      '--wallet-label',
      'Savings',
      '--slip39-passphrase-file',
      pass,
      '--out',
      out,
      '--plaintext',
    ]);
    expect(r.error).toBeUndefined();
    const files = r.json.files as string[];
    expect(JSON.parse(readFileSync(files[1]!, 'utf8'))).toMatchObject({
      format: 'jointkey-slip39-child-key',
      holder: 'Bob',
      index: 2,
      threshold: 2,
      wallet: 'Savings',
    });
    const ok = jointkey(['restore', '--slip39-passphrase-file', pass, files[0]!, files[2]!]);
    expect(ok.json.secretHex).toMatch(/^[0-9a-f]{64}$/);
    // A bare mnemonic in a text file works too.
    const bare = join(dir, 'bob.txt');
    writeFileSync(bare, `${JSON.parse(readFileSync(files[1]!, 'utf8')).mnemonic}\n`);
    expect(jointkey(['restore', '--slip39-passphrase-file', pass, bare, files[2]!]).json).toEqual(ok.json);
    expect(jointkey(['restore', files[0]!, files[2]!]).error?.code).toBe('WRONG_RESULT');
    expect(jointkey(['restore', '--slip39-passphrase-file', pass, files[0]!, files[0]!]).error?.code).toBe(
      'DUPLICATE_CHILD_KEY',
    );
    expect(jointkey(['verify', files[1]!]).json).toMatchObject({ ok: true, scheme: 'slip39', holder: 'Bob', index: 2 });
    // Mixed with a JointKey child key of another scheme: refused.
    const other = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--secret-hex',
      'abcd',
      '--out',
      join(dir, 'x'),
      '--plaintext',
    ]);
    expect(jointkey(['restore', files[0]!, other.json.files[0]]).error?.code).toBe('DIFFERENT_SCHEME');
    // An edited file is refused.
    const j = JSON.parse(readFileSync(files[0]!, 'utf8'));
    j.index = 3;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(j));
    expect(jointkey(['restore', '--slip39-passphrase-file', pass, edited, files[2]!]).error?.code).toBe(
      'TAMPERED_FILE',
    );
  });

  it('refuses secrets SLIP-39 cannot hold, and more than 16 holders', () => {
    for (const [hex, parties] of [
      ['abcd', '2'],
      ['00'.repeat(34), '2'],
      ['00'.repeat(17), '2'],
      ['00'.repeat(16), '17'],
    ]) {
      const r = jointkey([
        'split',
        '--scheme',
        'slip39',
        '--parties',
        parties!,
        '--secret-hex',
        hex!,
        '--out',
        join(dir, 'no'),
        '--plaintext',
      ]);
      expect(r.status).toBe(1);
      expect(r.error?.code).toMatch(/INVALID_ARGUMENT/);
    }
  });
});
