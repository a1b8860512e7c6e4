/**
 * How the command line takes its inputs (issue 14, item 4): the scrypt floor of 2^18, lowered only
 * under an environment switch that says it is insecure; the special file systems refused up front
 * (split --out /proc/x used to spin forever); negative numbers refused as any bad number is; a secret
 * piped in with --secret-file -; file errors that name their option.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey, testEnv } from '../../support/cli.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger'];

let dir: string;
let passes: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-cli-inputs-'));
  passes = join(dir, 'passes.txt');
  writeFileSync(passes, `${PASSES.join('\n')}\n`, { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fresh = () => join(dir, `run-${n++}`);
const base = (out: string) => ['split', '--scheme', 'xor', '--parties', '2', '--out', out];
/** The environment without the test switch: as a person runs it. */
const secure = () => {
  const env = testEnv();
  delete env['JOINTKEY_INSECURE_SCRYPT_FOR_TESTS'];
  return env;
};

describe('the scrypt floor', () => {
  it('without the switch, --scrypt-log-n 14 is refused, saying why and what to give; nothing is written', () => {
    const out = fresh();
    const r = jointkey([...base(out), '--secret-hex', KEY, '--passphrase-file', passes, '--scrypt-log-n', '14'], {
      env: secure(),
    });
    expect(r.error?.code, r.stderr).toBe('USAGE');
    expect(r.error?.message).toContain('--scrypt-log-n 14 is refused');
    expect(r.error?.message).toContain('16 times less');
    expect(r.error?.message).toContain('2^18');
    expect(r.error?.message).toContain('JOINTKEY_INSECURE_SCRYPT_FOR_TESTS');
    expect(
      jointkey([...base(fresh()), '--secret-hex', KEY, '--passphrase-file', passes, '--scrypt-log-n', '17'], {
        env: secure(),
      }).error?.code,
    ).toBe('USAGE');
    expect(readdirSync(dir)).not.toContain(out.slice(dir.length + 1));
  });

  it('with the switch (the test runs), 14 is taken; below 14 never', () => {
    const r = jointkey([...base(fresh()), '--secret-hex', KEY, '--passphrase-file', passes, '--scrypt-log-n', '14']);
    expect(r.status, r.stderr).toBe(0);
    const low = jointkey([...base(fresh()), '--secret-hex', KEY, '--passphrase-file', passes, '--scrypt-log-n', '13']);
    expect(low.error?.code).toBe('USAGE');
    expect(low.error?.message).toContain('from 14 to 20');
  });

  it('without the switch, the default (2^18) is written', () => {
    const r = jointkey([...base(fresh()), '--secret-hex', KEY, '--passphrase-file', passes], { env: secure() });
    expect(r.status, r.stderr).toBe(0);
    const head = Buffer.from(
      readFileSync(r.json.files[0], 'utf8').split('\n').slice(1, -2).join(''),
      'base64',
    ).toString('latin1');
    expect(head).toMatch(/-> scrypt \S+ 18\n/);
  }, 60_000);
});

describe('special file systems, refused up front', () => {
  it.each([
    ['split --out /proc/x', () => [...base('/proc/x'), '--secret-hex', KEY, '--plaintext'], '--out /proc/x'],
    ['split --out /sys/x', () => [...base('/sys/x'), '--secret-hex', KEY, '--plaintext'], '--out /sys/x'],
    [
      'split --secret-file /proc/self/environ',
      (o: string) => [...base(o), '--secret-file', '/proc/self/environ', '--plaintext'],
      '--secret-file /proc/self/environ',
    ],
    [
      'split --passphrase-file /proc/self/status',
      (o: string) => [...base(o), '--secret-hex', KEY, '--passphrase-file', '/proc/self/status'],
      '--passphrase-file /proc/self/status',
    ],
    ['restore --out /proc/x', () => ['restore', '--out', '/proc/x', join(dir, 'a.json')], '--out /proc/x'],
    ['restore /sys/kernel/notes', () => ['restore', '/sys/kernel/notes'], '/sys/kernel/notes'],
    [
      'backup-pdf --out /dev/x.pdf',
      () => ['backup-pdf', join(dir, 'a.json'), '--out', '/dev/x.pdf'],
      '--out /dev/x.pdf',
    ],
  ])('%s: INVALID_ARGUMENT naming it, in seconds', (_name, args, names) => {
    const t0 = performance.now();
    const r = jointkey(args(fresh()));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.error?.code, r.stderr).toBe('INVALID_ARGUMENT');
    expect(r.error?.message).toContain(`${names} is on /`);
    expect(r.error?.message).toContain('special file system');
  });
});

describe('negative numbers', () => {
  it.each([
    [['--parties', '-1'], '--parties'],
    [['--parties', '2', '--threshold', '-2'], '--threshold'],
    [['--parties=-3'], '--parties'],
  ])('%j: USAGE "must be a whole number", like any bad number', (nums, name) => {
    const r = jointkey(['split', '--scheme', 'shamir', ...nums, '--secret-hex', KEY, '--out', fresh(), '--plaintext']);
    expect(r.error?.code, r.stderr).toBe('USAGE');
    expect(r.error?.message).toContain(`${name} must be a whole number`);
    expect(r.error?.message).not.toMatch(/Unknown option|argument missing/i);
  });
  it('sign-eth-tx --nonce -1 too', () => {
    const r = jointkey([
      'sign-eth-tx',
      '--to',
      '0x' + '11'.repeat(20),
      '--value-wei',
      '1',
      '--nonce',
      '-1',
      join(dir, 'a.json'),
    ]);
    expect(r.error?.code).toBe('USAGE');
    expect(r.error?.message).toContain('--nonce must be a whole number');
  });
});

describe('--secret-file - reads the secret from standard input', () => {
  it('splits what was piped in, and restore gives it back', () => {
    const out = fresh();
    const r = jointkey([...base(out), '--secret-file', '-', '--curve', 'secp256k1', '--plaintext'], {
      input: Buffer.from(KEY, 'hex'),
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(KEY);
    const back = jointkey(['restore', ...r.json.files]);
    expect(back.json.secretHex).toBe(KEY);
  });
  it('nothing piped in: INVALID_ARGUMENT naming --secret-file -', () => {
    const r = jointkey([...base(fresh()), '--secret-file', '-', '--plaintext'], { input: '' });
    expect(r.error?.code).toBe('INVALID_ARGUMENT');
    expect(r.error?.message).toContain('--secret-file -');
  });
  it('--help says --secret-hex shows in the process list, and how to pipe instead', () => {
    const help = jointkey(['split', '--help']).stdout;
    expect(help).toContain('process list');
    expect(help).toContain('--secret-file -');
  });
});

describe('file errors name their option', () => {
  it.each([
    ['--passphrase-file', (d: string) => [...base(fresh()), '--secret-hex', KEY, '--passphrase-file', d]],
    ['--secret-file', (d: string) => [...base(fresh()), '--secret-file', d, '--plaintext']],
    ['--keystore', (d: string) => [...base(fresh()), '--keystore', d, '--plaintext']],
  ])('%s given a folder: NOT_A_FILE naming the option, not "a child-key file"', (option, args) => {
    const d = join(dir, 'a-folder');
    mkdirSync(d, { recursive: true });
    const r = jointkey(args(d));
    expect(r.error?.code, r.stderr).toBe('NOT_A_FILE');
    expect(r.error?.message).toContain(`${option} ${d} is not a file`);
    expect(r.error?.message).not.toContain('child-key file');
  });
});
