/**
 * A full disk never leaves plaintext (issue 14): every write JointKey makes is run against a real
 * 4 MiB tmpfs that fills up — the command line as a person runs it (restore --out of a sealed file,
 * a sealed split, a small split, a split whose wallet record does not fit, a paper backup) and the
 * app's writers in the main process (a holder's encrypted file and paper backup, the ceremony
 * journal, the wallet record, the settings, the record of use). Each must fail with DISK_FULL saying how much to free
 * and where, and leave in the full folder nothing but what was there before: no temporary file, no
 * half-written file, no byte of the secret.
 *
 * Mounting a tmpfs needs root: elsewhere the suite is skipped, and says why.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { journalDir, writeJournal, type Journal } from '../../main/ceremony/journal.js';
import { readSettings, writeSettings } from '../../main/settings/store.js';
import { appendLog, logDir, readLog, recordUse } from '../../main/wallets/log.js';
import { saveWalletRecord } from '../../main/wallets/store.js';
import { assertBuilt, jointkey } from '../support/cli.js';
import { APP_PAGE, makeDispatch } from '../support/ipc.js';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs.js';

const MiB = 1024 * 1024;
const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger', 'violet canyon pebble marsh'];

const mounted = mountTmpfs(4);
const skip = mounted.skip;
let full: Tmpfs;
let work: string;
/** A 6 MB secret file: larger than the whole tmpfs, so it is sealed and cannot fit. */
let big: string;
let bigSecret: Buffer;
let sealedSet: string[];

beforeAll(() => {
  if (skip) return;
  assertBuilt();
  full = mounted.tmpfs!;
  work = mkdtempSync(join(tmpdir(), 'jointkey-diskfull-'));
  bigSecret = randomBytes(6_000_000);
  big = join(work, 'big.bin');
  writeFileSync(big, bigSecret, { mode: 0o600 });
  const r = jointkey([
    'split',
    '--scheme',
    'xor',
    '--parties',
    '2',
    '--secret-file',
    big,
    '--out',
    join(work, 'sealed-set'),
    '--plaintext',
  ]);
  if (r.status !== 0) throw new Error(r.stderr);
  sealedSet = r.json.files;
});
afterAll(() => {
  if (skip) return;
  full.unmount();
  rmSync(work, { recursive: true, force: true });
});

/** The DISK_FULL message's "free N MiB in DIR": N and DIR. */
function freeSaid(message: string): { mib: number; dir: string } {
  const m = /^The disk is full: free (\d+) MiB in (.+?) and try again/.exec(message);
  if (!m) throw new Error(`not a DISK_FULL message: ${message}`);
  return { mib: Number(m[1]), dir: m[2] as string };
}

/** After a refused write: nothing in the tmpfs but what was there, and no byte run of the secret. */
function leftClean(before: string[], secrets: Uint8Array[]): void {
  expect(full.files()).toEqual(before);
  for (const s of secrets) expect(full.holding(s)).toEqual([]);
}

describe.skipIf(skip !== undefined)(
  `a full disk leaves no plaintext and says what to free${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('restore --out of a sealed file too large for the disk: DISK_FULL, and no part of the secret left', () => {
      full.empty();
      const out = join(full.dir, 'restored.bin');
      const r = jointkey(['restore', '--out', out, ...sealedSet]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.error?.code, r.stderr).toBe('DISK_FULL');
      expect(r.stderr).not.toContain('    at '); // no stack trace
      const said = freeSaid(r.error!.message);
      expect(said.dir).toBe(full.dir);
      // It needs 6 000 000 bytes and about 4 MiB are free: about 2 MiB more, honestly rounded up.
      const short = Math.ceil((bigSecret.length - full.free()) / MiB);
      expect(said.mib).toBeGreaterThanOrEqual(short);
      expect(said.mib).toBeLessThanOrEqual(short + 1);
      leftClean([], [bigSecret.subarray(0, 64), bigSecret.subarray(3 * MiB, 3 * MiB + 64)]);
    });

    it('a split of a large file onto a full disk: DISK_FULL, no sealed body, no child-key file, no folder', () => {
      full.empty();
      const r = jointkey([
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-file',
        big,
        '--out',
        join(full.dir, 'set'),
        '--plaintext',
      ]);
      expect(r.error?.code, r.stderr).toBe('DISK_FULL');
      expect(r.stderr).not.toContain('    at ');
      expect(freeSaid(r.error!.message).mib).toBeGreaterThanOrEqual(1);
      leftClean([], []);
    });

    it('a small split when one file fits and the next does not: DISK_FULL, and the file that fit is removed too', () => {
      full.empty();
      full.fill(4096); // one page: the first holder's file fits, the second does not
      const r = jointkey([
        'split',
        '--scheme',
        'shamir',
        '--threshold',
        '2',
        '--parties',
        '3',
        '--secret-hex',
        KEY,
        '--curve',
        'secp256k1',
        '--out',
        join(full.dir, 'set'),
        '--plaintext',
      ]);
      expect(r.error?.code, r.stderr).toBe('DISK_FULL');
      expect(r.error?.message).not.toContain('Check the folder exists');
      expect(freeSaid(r.error!.message).dir).toBe(join(full.dir, 'set'));
      leftClean([], [Buffer.from(KEY, 'hex'), Buffer.from(KEY)]);
    });

    it('a split whose wallet record does not fit: DISK_FULL, and no child-key file of that unrecorded wallet is left', () => {
      full.empty();
      full.fill(0);
      const out = join(work, 'unrecorded');
      const r = jointkey([
        'split',
        '--scheme',
        'xor',
        '--parties',
        '3',
        '--labels',
        'Alice,Bob,Carol',
        '--secret-hex',
        KEY,
        '--curve',
        'secp256k1',
        '--out',
        out,
        '--data-dir',
        join(full.dir, 'data'),
        '--passphrase-file',
        passFile(),
        '--scrypt-log-n',
        '14',
      ]);
      expect(r.error?.code, r.stderr).toBe('DISK_FULL');
      expect(readdirSync(work)).not.toContain('unrecorded');
      // The empty data folders may stay; no file does.
      leftClean(['data/', 'data/wallets/'], [Buffer.from(KEY, 'hex')]);
    });

    it('a paper backup that does not fit: DISK_FULL, and no part of the PDF left', () => {
      full.empty();
      full.fill(4096);
      const r = jointkey(['backup-pdf', sealedSet[0]!, '--out', join(full.dir, 'backup.pdf')]);
      expect(r.error?.code, r.stderr).toBe('DISK_FULL');
      leftClean([], []);
    });

    it('the app: a holder’s encrypted file and paper backup into a full folder, DISK_FULL, nothing left', async () => {
      full.empty();
      const dataDir = join(work, 'app-data');
      const c = new Ceremonies({ dataDir, scryptLogN: 14 });
      const s = await c.start({
        source: { kind: 'hex', hex: KEY, curve: 'secp256k1' },
        walletLabel: 'Family',
        holders: ['Alice', 'Bob', 'Carol'],
        scheme: 'shamir',
        threshold: 2,
      });
      try {
        const words = c.wordsText(s.ceremonyId, 1);
        full.fill(0);
        await expect(c.handOffFile(s.ceremonyId, 1, PASSES[0]!, full.dir)).rejects.toMatchObject({ code: 'DISK_FULL' });
        await expect(c.paperBackup(s.ceremonyId, 2, full.dir)).rejects.toMatchObject({ code: 'DISK_FULL' });
        leftClean([], [Buffer.from(words), Buffer.from(KEY, 'hex')]);
        // The journal lists no file that was not written.
        const [journal] = readdirSync(journalDir(dataDir));
        const j = JSON.parse(readFileSync(join(journalDir(dataDir), journal!), 'utf8')) as Journal;
        expect(j.files).toEqual([]);
        // Room again: the same hand-off now works.
        full.empty();
        await expect(c.handOffFile(s.ceremonyId, 1, PASSES[0]!, full.dir)).resolves.toMatchObject({
          name: 'Family - 1 Alice.jointkey.age',
        });
      } finally {
        c.abandonAll();
      }
    });

    it('the app over IPC: a paper backup into a full folder and the settings on a full data folder reply DISK_FULL', async () => {
      full.empty();
      const dataDir = join(full.dir, 'ipc-data');
      mkdirSync(dataDir);
      const { dispatch, ctx } = makeDispatch(dataDir, {
        ceremonies: new Ceremonies({ dataDir: join(work, 'ipc-ceremonies'), scryptLogN: 14 }),
      });
      const started = (await dispatch('ceremony/start', APP_PAGE, {
        source: { kind: 'hex', hex: KEY, curve: 'secp256k1' },
        walletLabel: 'Family',
        holders: ['Alice', 'Bob'],
        scheme: 'xor',
      })) as { ok: boolean; value: { ceremonyId: string } };
      expect(started.ok).toBe(true);
      try {
        full.fill(0);
        const before = full.files();
        const pdf = (await dispatch('ceremony/paper-backup', APP_PAGE, {
          ceremonyId: started.value.ceremonyId,
          index: 1,
          folder: full.dir,
        })) as { ok: boolean; code?: string; message?: string };
        expect(pdf).toMatchObject({ ok: false, code: 'DISK_FULL' });
        expect(pdf.message).toContain(`in ${full.dir} and try again`);
        const set = await dispatch('settings/set-eth-endpoint', APP_PAGE, { endpoint: 'https://rpc.example.org' });
        expect(set).toMatchObject({ ok: false, code: 'DISK_FULL' });
        leftClean(before, [Buffer.from(KEY, 'hex')]);
      } finally {
        ctx.ceremonies.abandonAll();
      }
    });

    it('the app’s data folder full: the journal, the wallet record and the settings fail with DISK_FULL and leave nothing', async () => {
      full.empty();
      const dataDir = join(full.dir, 'data');
      writeSettings(dataDir, { ethEndpoint: 'https://rpc.example.org', checkEveryMonths: 6 });
      mkdirSync(join(dataDir, 'wallets'));
      mkdirSync(journalDir(dataDir));
      full.fill(0);
      const before = full.files();
      // A ceremony cannot start: its first journal does not fit.
      const c = new Ceremonies({ dataDir, scryptLogN: 14 });
      await expect(
        c.start({
          source: { kind: 'hex', hex: KEY, curve: 'secp256k1' },
          walletLabel: 'Family',
          holders: ['Alice', 'Bob'],
          scheme: 'xor',
        }),
      ).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(c.size).toBe(0);
      const journal = { ceremonyId: '00000000-0000-4000-8000-000000000000', holders: ['A'.repeat(8000)] } as Journal;
      expect(() => writeJournal(dataDir, journal, 0)).toThrow(expect.objectContaining({ code: 'DISK_FULL' }));
      expect(() => saveWalletRecord(dataDir, { id: 'ab'.repeat(16), pad: 'x'.repeat(8000) } as never)).toThrow(
        expect.objectContaining({ code: 'DISK_FULL' }),
      );
      // The settings are replaced atomically: on a full disk the old ones stay, whole.
      expect(() =>
        writeSettings(dataDir, { ethEndpoint: `https://rpc.example.org/${'x'.repeat(1900)}`, checkEveryMonths: 6 }),
      ).toThrow(expect.objectContaining({ code: 'DISK_FULL' }));
      expect(readSettings(dataDir)).toEqual({ ethEndpoint: 'https://rpc.example.org', checkEveryMonths: 6 });
      leftClean(before, [Buffer.from(KEY, 'hex')]);
    });

    it('the record of use on a full disk: DISK_FULL, the entries before stay a whole chain, no temporary file', () => {
      full.empty();
      const dataDir = join(full.dir, 'data');
      const walletId = 'cd'.repeat(16);
      const signed = (n: number) => ({
        holders: [{ index: 1, label: 'Alice', from: 'typed' as const }],
        description: [`Signed ${'x'.repeat(n)}`],
        signature: null,
        txHash: null,
      });
      appendLog(dataDir, walletId, 'signed', signed(10));
      appendLog(dataDir, walletId, 'signed', signed(10));
      full.fill(0);
      const before = full.files();
      expect(() => appendLog(dataDir, walletId, 'signed', signed(900))).toThrow(
        expect.objectContaining({ code: 'DISK_FULL' }),
      );
      // The step it records has happened: recordUse returns the error instead of throwing it.
      expect(recordUse(dataDir, walletId, 'signed', signed(900))).toMatchObject({
        logged: false,
        error: { code: 'DISK_FULL' },
      });
      expect(full.files()).toEqual(before);
      const log = readLog(dataDir, walletId);
      expect(log.ok).toBe(true);
      expect(log.entries.map((e) => e.seq)).toEqual([1, 2]);
      expect(readdirSync(logDir(dataDir, walletId))).toEqual(['000001.json', '000002.json']);
    });
  },
);

function passFile(): string {
  const p = join(work, `passes-${randomBytes(4).toString('hex')}.txt`);
  writeFileSync(p, `${PASSES.join('\n')}\n`, { mode: 0o600 });
  return p;
}
