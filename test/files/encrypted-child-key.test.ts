/**
 * Encrypted child-key files (age, scrypt): round trip, wrong passphrase, damage, what is readable
 * without the passphrase — and interop with Debian's `age` command-line tool both ways, driven
 * through a pseudo-terminal with `expect` because age reads passphrases from a terminal only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import { childKeyToText } from '../../main/core/formats/text-form.js';
import { openChildKeyFile, readChildKeyFile } from '../../main/files/child-key-files.js';
import {
  AGE_ARMOR_BEGIN,
  INSECURE_SCRYPT_ENV,
  MIN_SCRYPT_LOG_N,
  decryptChildKeyFile,
  encryptChildKeyFile,
  encryptedChildKeyFileName,
  isAgeFile,
  minScryptLogN,
} from '../../main/files/encrypted-child-key.js';
import { keySet } from '../support/sets.js';
import { jointKeyIn } from '../support/records.js';

const PASS = 'lantern orbit mossy tulip';
const FAST = 14; // scrypt 2^14 where the work factor is not what is tested

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jointkey-age-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const set = keySet('shamir', 'encrypted files', 2);
const ck = set.childKeys[1]!;
const form = childKeyToFile(ck, set.set);

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a refusal');
}

describe('the scrypt floor', () => {
  it('2^14 to 2^17 are refused without the insecure test switch, and taken under it; files made lower still open', async () => {
    const was = process.env[INSECURE_SCRYPT_ENV];
    expect(was).toBe('1'); // the vitest configs set it for the test runs
    try {
      delete process.env[INSECURE_SCRYPT_ENV];
      expect(minScryptLogN()).toBe(MIN_SCRYPT_LOG_N);
      expect(MIN_SCRYPT_LOG_N).toBe(18);
      for (const n of [14, 17]) {
        const r = await rejection(encryptChildKeyFile(form, PASS, n));
        expect(r.code).toBe('INVALID_ARGUMENT');
        expect(r.message).toContain(`2^${n} is refused`);
        expect(r.message).toContain('2^18');
      }
    } finally {
      process.env[INSECURE_SCRYPT_ENV] = was;
    }
    const low = await encryptChildKeyFile(form, PASS, FAST);
    await expect(encryptChildKeyFile(form, PASS, 13)).rejects.toThrow(RangeError);
    delete process.env[INSECURE_SCRYPT_ENV];
    try {
      // An existing file of a lower factor (made by an earlier version) still opens.
      const plain = await decryptChildKeyFile(new TextEncoder().encode(low), PASS, 'f');
      expect(new TextDecoder().decode(plain)).toBe(form);
    } finally {
      process.env[INSECURE_SCRYPT_ENV] = was;
    }
  });
});

describe('encrypted child-key files', () => {
  it('round-trips, and holds nothing readable but the age armor', async () => {
    const armored = await encryptChildKeyFile(form, PASS, FAST);
    expect(armored.startsWith(`${AGE_ARMOR_BEGIN}\n`)).toBe(true);
    expect(isAgeFile(new TextEncoder().encode(armored))).toBe(true);
    expect(isAgeFile(new TextEncoder().encode(form))).toBe(false);
    for (const secret of [bytesToHex(ck.share), childKeyToText(ck), Buffer.from(ck.share).toString('base64')])
      expect(armored).not.toContain(secret);
    const plain = await decryptChildKeyFile(new TextEncoder().encode(armored), PASS, 'f');
    expect(new TextDecoder().decode(plain)).toBe(form);
  });

  it('names the file by wallet and holder, so the right person picks the right file', () => {
    expect(encryptedChildKeyFileName('Family savings', { index: 2, label: 'Bob' })).toBe(
      'Family savings - 2 Bob.jointkey.age',
    );
    expect(encryptedChildKeyFileName('Müller / Zoë: "home"', { index: 3, label: '李雷' })).toBe(
      'Müller - Zoë- -home- - 3 李雷.jointkey.age',
    );
    expect(encryptedChildKeyFileName('', { index: 1, label: '../..' })).toBe('1 holder.jointkey.age');
  });

  it('reads the file from disk with its passphrase; refuses without one, with a wrong one, or damaged', async () => {
    const path = join(dir, encryptedChildKeyFileName('Family', ck));
    const armored = await encryptChildKeyFile(form, PASS, FAST);
    writeFileSync(path, armored);
    const read = await openChildKeyFile(path, PASS);
    expect(read).toMatchObject({ encrypted: true, path });
    expect(bytesToHex(jointKeyIn(read).childKey.share)).toBe(bytesToHex(ck.share));
    expect(jointKeyIn(read).set).toBeDefined();

    expect(await rejection(openChildKeyFile(path))).toMatchObject({
      code: 'PASSPHRASE_NEEDED',
      message: expect.stringContaining(path),
    });
    expect(() => readChildKeyFile(path)).toThrow(/is encrypted: give its holder's passphrase/);
    expect(await rejection(openChildKeyFile(path, 'lantern orbit mossy tulips'))).toMatchObject({
      code: 'WRONG_PASSPHRASE',
      message: `${path}: the passphrase does not open this file. Check it with its holder (capitals, spaces) and try again.`,
    });
    const lines = armored.split('\n');
    const damaged = [
      lines.slice(0, 3).join('\n'), // cut off
      armored.replace(lines[2]!, lines[2]!.slice(0, 10) + (lines[2]![10] === 'A' ? 'B' : 'A') + lines[2]!.slice(11)),
      `${armored}trailing text\n`,
    ];
    for (const [i, text] of damaged.entries()) {
      const p = join(dir, `damaged-${i}.jointkey.age`);
      writeFileSync(p, text);
      const r = await rejection(openChildKeyFile(p, PASS));
      expect(['TAMPERED_FILE', 'WRONG_PASSPHRASE']).toContain(r.code);
      expect(r.message.startsWith(p)).toBe(true);
    }
  });

  it('refuses work factors out of range, and an empty passphrase', async () => {
    await expect(encryptChildKeyFile(form, PASS, 13)).rejects.toThrow(RangeError);
    await expect(encryptChildKeyFile(form, PASS, 21)).rejects.toThrow(RangeError);
    await expect(encryptChildKeyFile(form, '')).rejects.toThrow(RangeError);
  });
});

const haveAge = spawnSync('age', ['--version']).status === 0 && spawnSync('expect', ['-v']).status === 0;

/** Runs an expect script that answers age's passphrase prompt(s) with $PASS; returns its exit status. */
function expectRun(script: string, pass: string): { status: number | null; output: string } {
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.exp`);
  writeFileSync(file, script);
  const r = spawnSync('expect', [file], {
    cwd: dir,
    env: { ...process.env, PASS: pass },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe.skipIf(!haveAge)('interop with the age command-line tool', () => {
  it('a file JointKey wrote (scrypt 2^18, the default) decrypts with `age -d` to exactly the child key', async () => {
    const path = join(dir, 'Family - 2 Bob.jointkey.age');
    writeFileSync(path, await encryptChildKeyFile(form, PASS));
    const out = join(dir, 'age-output.json');
    const r = expectRun(
      `set timeout 60
spawn age --decrypt --output {${out}} {${path}}
expect "passphrase"
send -- "$env(PASS)\\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
      PASS,
    );
    expect(r.status, r.output).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(form);
  }, 60_000);

  it('`age -d` with a wrong passphrase fails and writes nothing', async () => {
    const path = join(dir, 'wrong.jointkey.age');
    writeFileSync(path, await encryptChildKeyFile(form, PASS, FAST));
    const out = join(dir, 'never.json');
    const r = expectRun(
      `set timeout 60
spawn age --decrypt --output {${out}} {${path}}
expect "passphrase"
send -- "$env(PASS)\\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
      'not the passphrase at all',
    );
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/incorrect passphrase|no identity matched/);
  }, 60_000);

  it('a child-key file encrypted by `age -p -a` opens in JointKey', async () => {
    const plain = join(dir, 'plain.jointkey.json');
    writeFileSync(plain, form);
    const sealed = join(dir, 'by-age.jointkey.age');
    const r = expectRun(
      `set timeout 60
spawn age --passphrase --armor --output {${sealed}} {${plain}}
expect "passphrase"
send -- "$env(PASS)\\r"
expect "passphrase"
send -- "$env(PASS)\\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
      PASS,
    );
    expect(r.status, r.output).toBe(0);
    const read = await openChildKeyFile(sealed, PASS);
    expect(bytesToHex(jointKeyIn(read).childKey.share)).toBe(bytesToHex(ck.share));
  }, 60_000);
});

if (!haveAge)
  it.skip('interop with the age command-line tool: `age` or `expect` is not installed (apt-get install age expect)', () => {});
