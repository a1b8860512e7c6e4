/**
 * Crash safety of the app's split ceremony (main/ceremony/ceremonies.ts): the ceremony runs in a
 * process of its own (test/support/ceremony-runner.ts, built with Vite as the app is) and is killed
 * with SIGKILL right after each step — started, each holder's file handed off, each receipt — and
 * once more mid-way through writing a file. After each kill, a fresh Ceremonies on the same data
 * folder (the app, restarted) says where the ceremony stopped, in words, and lists the files it
 * left; every file it left opens whole; no wallet record exists before the last receipt; and the
 * imported key's file is byte for byte as it was. A rekey (test/support/rekey-runner.ts) killed at
 * each step leaves the old record whole and in force, no new record, and a journal that says so.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { openChildKeyFile } from '../../main/files/child-key-files.js';
import { bytesToHex } from '../../main/core/bytes.js';
import { type Built, buildNodeEntry } from '../support/build-node-entry.js';
import { saveWallet, tempDir } from '../support/ipc.js';
import { supersessionOf } from '../../main/wallets/superseded.js';

const KEY = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const PASS = ['velvet harbor quietly orbit', 'copper lantern drift meadow', 'tundra pixel saffron canoe'];

let runner: Built | undefined;
let sessionRunner: Built | undefined;
let rekeyRunner: Built | undefined;
beforeAll(async () => {
  runner = await buildNodeEntry('test/support/ceremony-runner.ts');
  sessionRunner = await buildNodeEntry('test/support/session-runner.ts');
  rekeyRunner = await buildNodeEntry('test/support/rekey-runner.ts');
}, 180_000);
afterAll(() => [runner, sessionRunner, rekeyRunner].forEach((b) => b?.remove()));

/** Runs the ceremony and kills it with SIGKILL once its output has `after` lines (or `when()` holds). */
function runAndKill(
  dataDir: string,
  keyFile: string,
  folder: string,
  after: number,
  when?: () => boolean,
): Promise<{ lines: string[]; killed: boolean }> {
  return killAfter([runner!.path, dataDir, keyFile, folder], after, when);
}

/** Runs a built runner with `args` and kills it with SIGKILL once its output has `after` lines (or `when()` holds). */
function killAfter(args: string[], after: number, when?: () => boolean): Promise<{ lines: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let killed = false;
    let err = '';
    const kill = () => {
      if (!killed) killed = child.kill('SIGKILL');
    };
    const poll = when ? setInterval(() => when() && kill(), 1) : undefined;
    child.stdout.on('data', (d: Buffer) => {
      lines.push(...d.toString().split('\n').filter(Boolean));
      if (lines.length >= after) kill();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (status) => {
      if (poll) clearInterval(poll);
      if (!killed && status !== 0) reject(new Error(`the ceremony failed: ${err}`));
      else resolve({ lines, killed: killed && status === null });
    });
  });
}

describe('the app’s split ceremony, killed at every step', () => {
  const steps = ['started', 'handed 1', 'handed 2', 'handed 3', 'confirmed 1', 'confirmed 2', 'confirmed 3'];

  it.each(steps.map((s, i) => [s, i + 1] as const))(
    'killed after “%s”: the app says where it stopped',
    async (_step, after) => {
      const dataDir = tempDir('jointkey-crash-app-');
      const folder = join(dataDir, 'holders');
      const keyFile = join(dataDir, 'imported.key');
      writeFileSync(keyFile, KEY, { mode: 0o600 });
      const r = await runAndKill(dataDir, keyFile, folder, after);
      expect(r.lines.length).toBeGreaterThanOrEqual(after);

      // The app, restarted.
      const restarted = new Ceremonies({ dataDir, scryptLogN: 14 });
      const stopped = restarted.unfinished();
      const handed = r.lines.filter((l) => l.startsWith('handed')).length;
      const confirmed = r.lines.filter((l) => l.startsWith('confirmed')).length;
      if (r.lines.includes('finished')) {
        expect(stopped).toEqual([]);
      } else {
        expect(stopped).toHaveLength(1);
        expect(stopped[0]).toMatchObject({ walletLabel: 'Family savings', origin: 'imported' });
        expect(stopped[0]!.summary).toContain(`${handed} of 3 holders were handed their child key`);
        expect(stopped[0]!.summary).toContain(`${confirmed} confirmed`);
        expect(stopped[0]!.files).toHaveLength(handed);
        expect(existsSync(join(dataDir, 'wallets'))).toBe(false);
      }
      // Every child-key file left is whole; the imported key's file is untouched.
      const left = existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.jointkey.age')) : [];
      expect(left.length).toBeGreaterThanOrEqual(handed);
      for (const name of left) {
        const i = ['Alice', 'Bob', 'Carol'].findIndex((h) => name.includes(h));
        const opened = await openChildKeyFile(join(folder, name), PASS[i]);
        expect(opened.read.kind.id).toBe('jointkey');
      }
      expect(readFileSync(keyFile, 'utf8')).toBe(KEY);
    },
    60_000,
  );

  it('killed mid-way through writing a file: no half-written child-key file, only a hidden temporary one at most', async () => {
    const dataDir = tempDir('jointkey-crash-app-');
    const folder = join(dataDir, 'holders');
    const keyFile = join(dataDir, 'imported.key');
    writeFileSync(keyFile, KEY, { mode: 0o600 });
    const tmp = () => existsSync(folder) && readdirSync(folder).some((n) => n.endsWith('.tmp'));
    let caught = false;
    for (let attempt = 0; attempt < 8 && !caught; attempt++) {
      rmSync(folder, { recursive: true, force: true });
      const r = await runAndKill(dataDir, keyFile, folder, 99, tmp);
      caught = r.killed && tmp();
    }
    for (const name of readdirSync(folder)) {
      if (!name.endsWith('.jointkey.age')) {
        expect(name).toMatch(/^\..*\.tmp$/);
        continue;
      }
      const i = ['Alice', 'Bob', 'Carol'].findIndex((h) => name.includes(h));
      expect((await openChildKeyFile(join(folder, name), PASS[i])).read.kind.id).toBe('jointkey');
    }
    expect(readFileSync(keyFile, 'utf8')).toBe(KEY);
    expect(caught, 'a kill landed while a file was being written').toBe(true);
  }, 300_000);

  const sessionSteps = ['opened', 'described', 'entered', 'entered', 'signed', 'saved', 'closed'];
  it.each(sessionSteps.map((s, i) => [s, i + 1] as const))(
    'a signing session killed after “%s” (step %i): the wallet and the child keys are untouched, a saved result is whole',
    async (_step, after) => {
      const dataDir = tempDir('jointkey-crash-session-');
      const w = saveWallet(dataDir, tempDir('jointkey-crash-session-keys-'), 'shamir', 'crash-session');
      const before = new Map(
        [...w.files, join(dataDir, 'wallets', `${w.walletId}.wallet.json`)].map((f) => [f, readFileSync(f)]),
      );
      const r = await killAfter([sessionRunner!.path, dataDir, w.walletId, w.files[0]!, w.files[2]!], after);
      expect(r.lines.length).toBeGreaterThanOrEqual(after);
      for (const [f, bytes] of before) expect(readFileSync(f).equals(bytes), f).toBe(true);
      const signed = join(dataDir, 'signed');
      for (const name of existsSync(signed) ? readdirSync(signed) : []) {
        if (name.startsWith('.') && name.endsWith('.tmp')) continue;
        const saved = JSON.parse(readFileSync(join(signed, name), 'utf8')) as { rawTransaction: string };
        expect(saved.rawTransaction).toMatch(/^0x02/);
      }
      // Nothing of the key anywhere in the data folder.
      for (const f of readdirSync(dataDir, { recursive: true }) as string[]) {
        const p = join(dataDir, f);
        if (statSync(p).isFile()) expect(readFileSync(p).includes(Buffer.from(bytesToHex(w.key)))).toBe(false);
      }
    },
    60_000,
  );

  const rekeySteps = ['entered', 'started', 'handed 1', 'handed 2', 'handed 3', 'handed 4'];
  rekeySteps.push('confirmed 1', 'confirmed 2', 'confirmed 3', 'confirmed 4');
  it.each(rekeySteps.map((s, i) => [s, i + 1] as const))(
    'a rekey killed after “%s”: the old record stays in force and whole, no new record, the journal says where',
    async (_step, after) => {
      const dataDir = tempDir('jointkey-crash-rekey-');
      const w = saveWallet(dataDir, tempDir('jointkey-crash-rekey-keys-'), 'shamir', 'crash-rekey');
      const oldRecord = join(dataDir, 'wallets', `${w.walletId}.wallet.json`);
      const before = readFileSync(oldRecord);
      const folder = join(dataDir, 'holders');
      const r = await killAfter([rekeyRunner!.path, dataDir, w.walletId, folder, w.files[0]!, w.files[2]!], after);
      expect(r.lines.length).toBeGreaterThanOrEqual(after);
      expect(readFileSync(oldRecord).equals(before)).toBe(true);
      if (r.lines.includes('finished')) {
        expect(supersessionOf(dataDir, w.walletId)).toBeDefined();
        return;
      }
      // The old set is in force: no marker counts, no new record.
      expect(supersessionOf(dataDir, w.walletId)).toBeUndefined();
      expect(readdirSync(join(dataDir, 'wallets')).filter((n) => n.endsWith('.wallet.json'))).toHaveLength(1);
      // The app, restarted, says where the rekey stopped, and that the old child keys still count.
      const stopped = new Ceremonies({ dataDir, scryptLogN: 14 }).unfinished();
      if (!r.lines.includes('started')) return expect(stopped).toEqual([]);
      const handed = r.lines.filter((l) => l.startsWith('handed')).length;
      expect(stopped).toHaveLength(1);
      expect(stopped[0]!.summary).toContain(`${handed} of 4 holders were handed their child key`);
      expect(stopped[0]!.summary).toMatch(/the wallet's old child keys are still the ones that count/);
      expect(stopped[0]!.files).toHaveLength(handed);
      // Nothing of the key anywhere in the data folder.
      for (const f of readdirSync(dataDir, { recursive: true }) as string[]) {
        const p = join(dataDir, f);
        if (statSync(p).isFile()) expect(readFileSync(p).includes(Buffer.from(bytesToHex(w.key)))).toBe(false);
      }
    },
    60_000,
  );
});
