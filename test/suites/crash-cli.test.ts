/**
 * Crash safety of the command line: `jointkey split` (encrypting three files, re-opening each for
 * its receipt, saving the wallet record) and `jointkey sign` are killed with SIGKILL at delays
 * spread over their whole run — so each step is hit, from reading the key to printing the result —
 * and after every kill:
 *   - every child-key file in the folder is whole: it opens with its holder's passphrase and
 *     verifies (a partial write can only be a hidden temporary file, never a child-key file);
 *   - a wallet record exists only if every file it names exists and every receipt was taken;
 *   - the imported key's source file is unchanged;
 *   - the run can be repeated into a fresh folder and completes.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletRecordFromJson } from '../../main/core/wallet/kinds/jointkey.js';
import { BIN, assertBuilt, jointkey } from '../support/cli.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger', 'violet canyon pebble marsh'];

let dir: string;
let source: string;
let sourceHash: string;
let passes: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-crash-'));
  source = join(dir, 'imported.key');
  writeFileSync(source, Buffer.from(KEY, 'hex'), { mode: 0o600 });
  sourceHash = createHash('sha256').update(readFileSync(source)).digest('hex');
  passes = join(dir, 'passes.txt');
  writeFileSync(passes, `${PASSES.join('\n')}\n`, { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const splitArgs = (out: string, data: string) => [
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
  'Family',
  '--secret-file',
  source,
  '--curve',
  'secp256k1',
  '--out',
  out,
  '--data-dir',
  data,
  '--passphrase-file',
  passes,
  '--scrypt-log-n',
  '14',
];

/**
 * Runs the CLI and kills it with SIGKILL as soon as `when()` holds (polled every millisecond), or
 * after `ms`; resolves with how it ended.
 */
function runAndKillWhen(
  args: string[],
  when: () => boolean,
  ms = 60_000,
): Promise<{ killed: boolean; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    let killed = false;
    const kill = () => {
      if (!killed) killed = child.kill('SIGKILL');
    };
    const poll = setInterval(() => {
      if (when()) kill();
    }, 1);
    const timer = setTimeout(kill, ms);
    child.on('exit', (status) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ killed: killed && status === null, status });
    });
  });
}

const listing = (d: string) => (existsSync(d) ? readdirSync(d) : []);

/** Runs the CLI and kills it with SIGKILL after `ms` (if still running); resolves with how it ended. */
function runAndKill(args: string[], ms: number): Promise<{ killed: boolean; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, ms);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ killed: killed && status === null, status });
    });
  });
}

/** Checks the invariants on a folder of child-key files and a data folder after a crash. */
function checkAfterCrash(out: string, data: string): { files: number; record: boolean } {
  const names = existsSync(out) ? readdirSync(out) : [];
  const files = names.filter((n) => n.endsWith('.jointkey.age'));
  for (const f of files) {
    const i = ['Alice', 'Bob', 'Carol'].findIndex((h) => f.includes(h));
    const passFile = join(dir, `pass-${i}.txt`);
    writeFileSync(passFile, `${PASSES[i]}\n`);
    const v = jointkey(['verify', '--passphrase-file', passFile, join(out, f)]);
    expect(v.status, `${f} after a crash: ${v.stderr}`).toBe(0);
  }
  // Anything else is a hidden temporary file of an unfinished write, never a child-key file.
  for (const n of names.filter((x) => !x.endsWith('.jointkey.age'))) expect(n).toMatch(/^\..*\.tmp$/);
  const wallets = join(data, 'wallets');
  const records = existsSync(wallets) ? readdirSync(wallets).filter((n) => n.endsWith('.wallet.json')) : [];
  expect(records.length).toBeLessThanOrEqual(1);
  if (records.length === 1) {
    const { record } = walletRecordFromJson(JSON.parse(readFileSync(join(wallets, records[0]!), 'utf8')));
    expect(record.receipts).toHaveLength(3);
    expect(files).toHaveLength(3);
  }
  expect(createHash('sha256').update(readFileSync(source)).digest('hex')).toBe(sourceHash);
  return { files: files.length, record: records.length === 1 };
}

describe('SIGKILL at every step', () => {
  it('split: whatever the moment, no child-key file is half-written, no record without its files, the source intact', async () => {
    // How long a whole run takes here, to spread the kills over it.
    const t0 = performance.now();
    const whole = await runAndKill(splitArgs(join(dir, 'whole'), join(dir, 'whole-data')), 120_000);
    const total = performance.now() - t0;
    expect(whole.status).toBe(0);
    expect(checkAfterCrash(join(dir, 'whole'), join(dir, 'whole-data'))).toEqual({ files: 3, record: true });

    const seen = new Set<string>();
    const steps = 16;
    for (let k = 0; k < steps; k++) {
      const out = join(dir, `kill-${k}`);
      const data = join(dir, `kill-${k}-data`);
      const r = await runAndKill(splitArgs(out, data), Math.round((total * (k + 0.5)) / steps));
      const state = checkAfterCrash(out, data);
      seen.add(`${r.killed ? 'killed' : 'finished'} with ${state.files} files${state.record ? ' and the record' : ''}`);
      // After the crash, the same split into a fresh folder completes (nothing was left locked or half-done).
      if (k % 5 === 0) {
        const again = jointkey(splitArgs(`${out}-again`, `${data}-again`));
        expect(again.status, again.stderr).toBe(0);
      }
    }
    // And kills aimed at each step as it happens: while a file is being written, once the files are
    // all there (the receipts are being taken), and while the wallet record is being written.
    const aims: [string, (out: string, data: string) => () => boolean][] = [
      ['writing a file', (out) => () => listing(out).some((n) => n.endsWith('.tmp'))],
      ['taking the receipts', (out) => () => listing(out).filter((n) => n.endsWith('.jointkey.age')).length === 3],
      ['writing the record', (_out, data) => () => listing(join(data, 'wallets')).length > 0],
    ];
    for (const [step, when] of aims) {
      let hit = false;
      for (let attempt = 0; attempt < 5 && !hit; attempt++) {
        const out = join(dir, `aim-${step.replace(/ /g, '-')}-${attempt}`);
        const data = `${out}-data`;
        const r = await runAndKillWhen(splitArgs(out, data), when(out, data));
        const state = checkAfterCrash(out, data);
        seen.add(
          `${r.killed ? 'killed' : 'finished'} with ${state.files} files${state.record ? ' and the record' : ''}`,
        );
        hit = r.killed;
      }
      expect(hit, `a kill while ${step}`).toBe(true);
    }
    // The kills left different states behind: nothing yet, the files without the record, and so on.
    expect(seen.size, [...seen].join('; ')).toBeGreaterThanOrEqual(2);
  }, 600_000);

  it('sign: killed at any moment, the child-key files are unchanged and nothing is written', async () => {
    const out = join(dir, 'sign-keys');
    const made = jointkey(splitArgs(out, join(dir, 'sign-data')));
    expect(made.status, made.stderr).toBe(0);
    const files = made.json.files as string[];
    const hashes = files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    const two = join(dir, 'two.txt');
    writeFileSync(two, `${PASSES[0]}\n${PASSES[2]}\n`);
    const args = ['sign', '--algo', 'bip340', '--message-hex', '00ff', '--passphrase-file', two, files[0]!, files[2]!];
    const t0 = performance.now();
    expect((await runAndKill(args, 60_000)).status).toBe(0);
    const total = performance.now() - t0;
    for (let k = 0; k < 6; k++) {
      await runAndKill(args, Math.round((total * (k + 0.5)) / 6));
      expect(files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'))).toEqual(hashes);
      expect(readdirSync(out).sort()).toEqual(files.map((f) => f.slice(out.length + 1)).sort());
    }
  }, 300_000);

  it('rekey: killed at any step, the old record stays in force and whole, and a new record exists only with every receipt', async () => {
    const data = join(dir, 'rekey-data');
    const made = jointkey([
      'split',
      '--scheme',
      'shamir',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--labels',
      'Alice,Bob,Carol',
      '--generate',
      'secp256k1',
      '--out',
      join(dir, 'rekey-old'),
      '--data-dir',
      data,
      '--plaintext',
    ]);
    expect(made.status, made.stderr).toBe(0);
    const old = made.json as { setId: string; files: string[]; publicKey: string };
    let oldRecord = join(data, 'wallets', `${old.setId}.wallet.json`);
    let oldHash = createHash('sha256').update(readFileSync(oldRecord)).digest('hex');
    const four = join(dir, 'rekey-passes.txt');
    writeFileSync(four, `${PASSES.join('\n')}\nmarble quiver saddle fjord\n`);
    const rekeyArgs = (out: string) => [
      'rekey',
      '--threshold',
      '3',
      '--labels',
      'Alice,Bob,Carol,Dave',
      '--out',
      out,
      '--passphrase-file',
      four,
      '--scrypt-log-n',
      '14',
      '--data-dir',
      data,
      old.files[0]!,
      old.files[1]!,
    ];
    /** After a kill: the old record as it was; a new record only whole, with its four files and receipts, and the old one then superseded by it. */
    const checkRekey = (out: string): 'old in force' | 'rekeyed' => {
      expect(createHash('sha256').update(readFileSync(oldRecord)).digest('hex')).toBe(oldHash);
      const wallets = jointkey(['wallet', 'list', '--data-dir', data]).json.wallets as {
        id: string;
        supersededBy: string | null;
        error?: unknown;
      }[];
      for (const w of wallets) expect(w.error).toBeUndefined();
      const mine = wallets.find((w) => w.id === old.setId)!;
      const newer = wallets.filter((w) => w.id !== old.setId && w.supersededBy === null && mine.supersededBy === w.id);
      const names = listing(out);
      for (const n of names.filter((x) => !x.endsWith('.jointkey.age'))) expect(n).toMatch(/^\..*\.tmp$/);
      if (mine.supersededBy === null) {
        // No new record in force: the old child keys still work.
        const c = jointkey(['check', '--data-dir', data, old.files[2]!]);
        expect(c.status, c.stderr).toBe(0);
        return 'old in force';
      }
      expect(newer).toHaveLength(1);
      const { record } = walletRecordFromJson(
        JSON.parse(readFileSync(join(data, 'wallets', `${mine.supersededBy}.wallet.json`), 'utf8')),
      );
      expect(record.receipts).toHaveLength(4);
      expect(record.publicKey).toBe(old.publicKey);
      expect(names.filter((x) => x.endsWith('.jointkey.age'))).toHaveLength(4);
      return 'rekeyed';
    };
    const t0 = performance.now();
    const whole = await runAndKill(rekeyArgs(join(dir, 'rekey-whole-out')), 120_000);
    const total = performance.now() - t0;
    expect(whole.status).toBe(0);
    expect(checkRekey(join(dir, 'rekey-whole-out'))).toBe('rekeyed');
    // The whole run replaced that set, whose files are refused from now on: the kills rekey a second
    // wallet of the same data folder.
    const made2 = jointkey([
      'split',
      '--scheme',
      'shamir',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--labels',
      'Alice,Bob,Carol',
      '--generate',
      'secp256k1',
      '--out',
      join(dir, 'rekey-old2'),
      '--data-dir',
      data,
      '--plaintext',
    ]);
    expect(made2.status, made2.stderr).toBe(0);
    Object.assign(old, made2.json);
    oldRecord = join(data, 'wallets', `${old.setId}.wallet.json`);
    oldHash = createHash('sha256').update(readFileSync(oldRecord)).digest('hex');
    const seen = new Set<string>();
    const aims: ((out: string) => () => boolean)[] = [
      (out) => () => listing(out).some((n) => n.endsWith('.tmp')),
      (out) => () => listing(out).filter((n) => n.endsWith('.jointkey.age')).length === 4,
      () => () => listing(join(data, 'superseded')).some((n) => n.startsWith(old.setId)),
    ];
    for (let k = 0; k < 9; k++) {
      const out = join(dir, `rekey-kill-${k}`);
      const r =
        k < aims.length
          ? await runAndKillWhen(rekeyArgs(out), aims[k]!(out))
          : await runAndKill(rekeyArgs(out), Math.round((total * (k - aims.length + 0.5)) / 6));
      const state = checkRekey(out);
      seen.add(`${r.killed ? 'killed' : 'finished'}: ${state}`);
      if (state === 'rekeyed') break; // the set is replaced: its old files are refused from now on
    }
    expect(seen.has('killed: old in force'), [...seen].join('; ')).toBe(true);
  }, 600_000);

  it('log: a signing killed while it adds to the record of use leaves a whole chain, and the next one continues it', async () => {
    const out = join(dir, 'log-keys');
    const data = join(dir, 'log-data');
    const made = jointkey(splitArgs(out, data));
    expect(made.status, made.stderr).toBe(0);
    const files = made.json.files as string[];
    const setId = made.json.setId as string;
    const logDir = join(data, 'log', setId);
    const two = join(dir, 'log-two.txt');
    writeFileSync(two, `${PASSES[0]}\n${PASSES[2]}\n`);
    const args = [
      'sign',
      '--algo',
      'bip340',
      '--message-hex',
      '00ff',
      '--data-dir',
      data,
      '--passphrase-file',
      two,
      files[0]!,
      files[2]!,
    ];
    const entries = () => listing(logDir).filter((n) => /^\d{6}\.json$/.test(n)).length;
    const t0 = performance.now();
    expect((await runAndKill(args, 60_000)).status).toBe(0);
    const total = performance.now() - t0;
    let killedMidWrite = 0;
    for (let k = 0; k < 8; k++) {
      const before = entries();
      // Aimed at the append: killed as soon as the entry's temporary file appears, or spread over the run.
      const r =
        k % 2 === 0
          ? await runAndKillWhen(args, () => listing(logDir).some((n) => n.endsWith('.tmp')))
          : await runAndKill(args, Math.round((total * (k + 0.5)) / 8));
      if (r.killed && listing(logDir).some((n) => n.endsWith('.tmp'))) killedMidWrite++;
      const log = jointkey(['log', '--data-dir', data, setId]);
      expect(log.status, log.stderr).toBe(0);
      expect(log.json.ok).toBe(true);
      expect(entries() - before).toBeLessThanOrEqual(1);
    }
    expect(killedMidWrite, 'a kill while an entry was being written').toBeGreaterThan(0);
    const last = jointkey(args);
    expect(last.status, last.stderr).toBe(0);
    expect(last.json.logError).toBeUndefined();
    expect(jointkey(['log', '--data-dir', data, setId]).json.entries.at(-1).event).toBe('signed');
  }, 300_000);
});
