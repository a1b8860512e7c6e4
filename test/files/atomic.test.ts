/**
 * main/files/atomic.ts: a failed write leaves nothing (the temporary file, with whatever plaintext
 * reached it, is removed on every error path, and the OS's error is said as a person reads it); a
 * killed writer's temporary file is removed by the sweep, and only JointKey's own, of a writer no
 * longer running; the special file systems are refused up front; errors name the option.
 * The full-disk cases on a real tmpfs are in test/suites/disk-full.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diskFullError,
  isTemporaryName,
  readLimited,
  refuseSpecialPath,
  replaceFile,
  sweepTemporaries,
  temporaryPath,
  writeNewFile,
  writeNewFileWith,
  writeNewFileWithAsync,
} from '../../main/files/atomic.js';
import { BIN, assertBuilt, jointkey } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jointkey-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fresh = () => mkdtempSync(join(dir, 'case-'));
const oserr = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** The pid of a process that has exited (so no writer of that id is running). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('a failed write leaves nothing', () => {
  const SECRET = randomBytes(64);

  it.each([
    ['EIO', 'FILE_UNREADABLE', 'the disk reported an error'],
    ['EACCES', 'FILE_UNREADABLE', 'you may not write'],
    ['ENOSPC', 'DISK_FULL', 'The disk is full: free 1 MiB in'],
    ['EDQUOT', 'DISK_FULL', 'The disk is full: free 1 MiB in'],
  ])('a write that fails with %s after plaintext reached the disk: %s, and no file at all', (code, want, says) => {
    const d = fresh();
    const target = join(d, 'restored.bin');
    let sawTemp = false;
    const err = (() => {
      try {
        writeNewFileWith(
          target,
          (fd) => {
            writeSync(fd, SECRET);
            sawTemp = readdirSync(d).some((n) => isTemporaryName(n) && readFileSync(join(d, n)).equals(SECRET));
            throw oserr(code);
          },
          1000,
        );
      } catch (e) {
        return e as { code: string; message: string };
      }
      return undefined;
    })();
    expect(sawTemp).toBe(true); // the plaintext was in a temporary file…
    expect(err).toMatchObject({ code: want });
    expect(err!.message).toContain(says);
    expect(err!.message).toContain(d);
    expect(readdirSync(d)).toEqual([]); // …and it is gone
  });

  it('the same for the asynchronous writer (the sealed bodies), and an error not the OS’s passes as it is', async () => {
    const d = fresh();
    await expect(
      writeNewFileWithAsync(join(d, 'body'), async (f) => {
        await f.write(SECRET);
        throw oserr('ENOSPC');
      }),
    ).rejects.toMatchObject({ code: 'DISK_FULL' });
    const mine = new Error('my own');
    await expect(
      writeNewFileWithAsync(join(d, 'body'), async (f) => {
        await f.write(SECRET);
        throw mine;
      }),
    ).rejects.toBe(mine);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a file that exists is never replaced, and the temporary file is gone', () => {
    const d = fresh();
    writeFileSync(join(d, 'a'), 'mine');
    expect(() => writeNewFile(join(d, 'a'), SECRET)).toThrow(expect.objectContaining({ code: 'FILE_EXISTS' }));
    expect(readdirSync(d)).toEqual(['a']);
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('mine');
  });

  it('into a folder that does not exist: FILE_UNREADABLE saying so, not a raw error', () => {
    expect(() => writeNewFile(join(dir, 'no-such', 'a'), 'x')).toThrow(/the folder .*no-such does not exist/);
  });

  it('replaceFile replaces whole, and leaves no temporary file', () => {
    const d = fresh();
    replaceFile(join(d, 'settings.json'), 'one');
    replaceFile(join(d, 'settings.json'), 'two');
    expect(readdirSync(d)).toEqual(['settings.json']);
    expect(readFileSync(join(d, 'settings.json'), 'utf8')).toBe('two');
  });

  it('DISK_FULL counts each file in whole blocks and asks for at least 1 MiB', () => {
    const e = diskFullError(dir, [10, 10, 10]);
    expect(e.code).toBe('DISK_FULL');
    expect(e.message).toMatch(/^The disk is full: free 1 MiB in .* and try again \(this needs about 12 KiB; /);
  });
});

describe('the sweep of what a killed writer left', () => {
  it('removes JointKey’s temporary files of writers no longer running, and nothing else', () => {
    const d = fresh();
    const dead = deadPid();
    const names = {
      dead: `.Family - 2 Bob.jointkey.age.jointkey-${dead}-0123456789ab.tmp`,
      old: '.1-alice.jointkey.json.0123456789ab.tmp', // before the process id was in the name
      oldSettings: 'settings.json.0123456789ab.tmp',
      live: `.restored.bin.jointkey-${process.pid}-0123456789ab.tmp`, // this process: still writing
      someoneElses: '.config.tmp',
      notOurs: 'notes.jointkey-1-0123456789ab.tmp', // not hidden: not our name
    };
    for (const n of Object.values(names)) writeFileSync(join(d, n), 'x');
    mkdirSync(join(d, `.folder.jointkey-${dead}-aaaaaaaaaaaa.tmp`)); // a folder: never removed
    writeFileSync(join(dir, 'outside'), 'keep');
    symlinkSync(join(dir, 'outside'), join(d, `.link.jointkey-${dead}-bbbbbbbbbbbb.tmp`)); // a link: never followed
    const removed = sweepTemporaries([d, d, join(d, 'missing'), undefined]);
    expect(removed.sort()).toEqual([join(d, names.dead), join(d, names.old), join(d, names.oldSettings)].sort());
    expect(readdirSync(d).sort()).toEqual(
      [
        names.live,
        names.someoneElses,
        names.notOurs,
        `.folder.jointkey-${dead}-aaaaaaaaaaaa.tmp`,
        `.link.jointkey-${dead}-bbbbbbbbbbbb.tmp`,
      ].sort(),
    );
    expect(readFileSync(join(dir, 'outside'), 'utf8')).toBe('keep');
  });

  it('temporary names carry the writer’s process id and are recognised', () => {
    const t = temporaryPath(join(dir, 'Family - 1 Alice.jointkey.age'));
    expect(t).toMatch(
      new RegExp(`/\\.Family - 1 Alice\\.jointkey\\.age\\.jointkey-${process.pid}-[0-9a-f]{12}\\.tmp$`),
    );
    expect(isTemporaryName(t.slice(dir.length + 1))).toBe(true);
  });

  it('a restore --out killed midway leaves plaintext in a temporary file; the next command that writes there removes it', async () => {
    assertBuilt();
    const d = fresh();
    const secret = randomBytes(48 * 1024 * 1024);
    writeFileSync(join(d, 'big.bin'), secret);
    const split = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--secret-file',
      join(d, 'big.bin'),
      '--out',
      join(d, 'set'),
      '--plaintext',
    ]);
    expect(split.status, split.stderr).toBe(0);
    const outDir = join(d, 'out');
    mkdirSync(outDir);
    // Killed as soon as its temporary file holds a first block of the secret.
    const child = spawn(process.execPath, [BIN, 'restore', '--out', join(outDir, 'back.bin'), ...split.json.files], {
      stdio: 'ignore',
    });
    const leftover = await new Promise<string | undefined>((resolve) => {
      const poll = setInterval(() => {
        const t = readdirSync(outDir).find(isTemporaryName);
        if (t && readFileSync(join(outDir, t)).subarray(0, 64).equals(secret.subarray(0, 64))) {
          child.kill('SIGKILL');
          clearInterval(poll);
          resolve(t);
        }
      }, 2);
      child.on('exit', () => {
        clearInterval(poll);
        resolve(undefined);
      });
    });
    await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.on('exit', r) : r(null)));
    if (leftover === undefined) return expect.fail('the restore finished before it could be killed mid-write');
    expect(existsSync(join(outDir, leftover))).toBe(true);
    expect(existsSync(join(outDir, 'back.bin'))).toBe(false);
    // The next run into that folder sweeps it first (and then writes the whole file).
    const again = jointkey(['restore', '--out', join(outDir, 'back2.bin'), ...split.json.files]);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(outDir)).toEqual(['back2.bin']);
  }, 120_000);
});

describe('special file systems are refused up front, naming the option', () => {
  it.each(['/proc/x', '/proc/self/environ', '/sys/kernel/x', '/dev/x', '/dev/null'])('%s', (p) => {
    expect(() => refuseSpecialPath(p, { option: '--out', noun: 'a folder' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`--out ${p} is on /`) }),
    );
  });
  it('an ordinary folder passes, existing or not, and so does /dev/shm (a tmpfs of ordinary files)', () => {
    expect(() => refuseSpecialPath(join(dir, 'not', 'yet'))).not.toThrow();
    expect(() => refuseSpecialPath('/dev/shm/jointkey-secret')).not.toThrow();
  });
  it('a link into /proc is refused too', () => {
    symlinkSync('/proc/self', join(dir, 'into-proc'));
    expect(() => refuseSpecialPath(join(dir, 'into-proc', 'x'))).toThrow(/is on \/proc/);
  });
});

describe('read errors name the option and what the file should be', () => {
  it('NOT_A_FILE, FILE_NOT_FOUND and FILE_TOO_LARGE say --passphrase-file, not "a child-key file"', () => {
    const role = { option: '--passphrase-file', noun: 'a small text file' };
    expect(() => readLimited(dir, 10, role)).toThrow(
      expect.objectContaining({
        code: 'NOT_A_FILE',
        message: `--passphrase-file ${dir} is not a file (a folder or a device?). Give the path of a small text file.`,
      }),
    );
    expect(() => readLimited(join(dir, 'none'), 10, role)).toThrow(/^--passphrase-file .*none does not exist/);
    writeFileSync(join(dir, 'eleven'), 'x'.repeat(11));
    expect(() => readLimited(join(dir, 'eleven'), 10, role)).toThrow(/more than a small text file can be/);
    // Without a role, a child-key file, as before.
    expect(() => readLimited(dir, 10)).toThrow(/Give the path of a child-key file/);
  });
});
