/**
 * main/ceremony/ceremonies.ts: an idle ceremony is abandoned — its key and child keys wiped, its
 * journal marked — by a timer of its own, with no further call (vitest's fake timers stand in for
 * the clock); and the startup sweep removes the temporary files a crash left in the data folder and
 * in the folders the journals name, and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CEREMONY_IDLE_MS, Ceremonies, foldersWritten, sweepAfterCrash } from '../../main/ceremony/ceremonies.js';
import { journalDir, readJournals } from '../../main/ceremony/journal.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jointkey-ceremony-idle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const start = (c: Ceremonies, walletLabel = 'Family') =>
  c.start({
    source: { kind: 'hex', hex: KEY, curve: 'secp256k1' },
    walletLabel,
    holders: ['Alice', 'Bob', 'Carol'],
    scheme: 'shamir',
    threshold: 2,
  });

describe('the idle timer', () => {
  it('abandons an idle ceremony on time, with no call: its buffers are wiped and its journal says abandoned', async () => {
    vi.useFakeTimers();
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const c = new Ceremonies({ dataDir, scryptLogN: 14, idleMs: 60_000 });
    const s = await start(c);
    const buffers = c.secretBuffers(s.ceremonyId);
    expect(buffers.length).toBeGreaterThan(0);
    expect(buffers.some((b) => b.some((x) => x !== 0))).toBe(true);
    vi.advanceTimersByTime(59_000);
    expect(c.size).toBe(1);
    vi.advanceTimersByTime(2_000);
    expect(c.size).toBe(0); // no call to the registry was made
    for (const b of buffers) expect(b.every((x) => x === 0)).toBe(true);
    expect(readJournals(dataDir)[0]?.status).toBe('abandoned');
  });

  it('each use re-arms it; a finished or cancelled ceremony’s timer is cleared', async () => {
    vi.useFakeTimers();
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const c = new Ceremonies({ dataDir, scryptLogN: 14, idleMs: 60_000 });
    const s = await start(c);
    vi.advanceTimersByTime(50_000);
    c.checkPassphrase(s.ceremonyId, 1, 'lantern orbit mossy tulip'); // a use
    vi.advanceTimersByTime(50_000);
    expect(c.size).toBe(1); // 100 s since the start, 50 s since the last use
    c.abandon(s.ceremonyId);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the default is 30 minutes, and the timer never keeps the process alive (unref’d)', async () => {
    expect(CEREMONY_IDLE_MS).toBe(30 * 60 * 1000);
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const unref = vi.spyOn(globalThis, 'setTimeout');
    const c = new Ceremonies({ dataDir, scryptLogN: 14 });
    const s = await start(c);
    const armed = unref.mock.results.find((r, i) => unref.mock.calls[i]?.[1] === CEREMONY_IDLE_MS + 1);
    unref.mockRestore();
    expect(armed).toBeDefined();
    expect((armed!.value as NodeJS.Timeout).hasRef()).toBe(false);
    c.abandon(s.ceremonyId);
  });
});

describe('the startup sweep', () => {
  it('removes the temporary files a crash left in the data folder, its folders and the folders the journals name', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const handedTo = mkdtempSync(join(dir, 'usb-'));
    const c = new Ceremonies({ dataDir, scryptLogN: 14 });
    const s = await start(c);
    await c.handOffFile(s.ceremonyId, 1, 'lantern orbit mossy tulip', handedTo);
    c.abandonAll();
    expect(foldersWritten(dataDir)).toEqual(expect.arrayContaining([dataDir, journalDir(dataDir), handedTo]));
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
    );
    const crashed = (d: string, name: string) => {
      const p = join(d, `.${name}.jointkey-${dead}-0123456789ab.tmp`);
      writeFileSync(p, 'part of a child key');
      return p;
    };
    mkdirSync(join(dataDir, 'wallets'), { recursive: true });
    const left = [
      crashed(handedTo, 'Family - 2 Bob.jointkey.age'),
      crashed(handedTo, 'Family - 3 Carol - paper backup.pdf'),
      crashed(join(dataDir, 'wallets'), 'ab.wallet.json'),
      crashed(dataDir, 'settings.json'),
    ];
    writeFileSync(join(handedTo, 'holiday.jpg'), 'not ours');
    expect(sweepAfterCrash(dataDir).sort()).toEqual([...left].sort());
    expect(readdirSync(handedTo).sort()).toEqual(['Family - 1 Alice.jointkey.age', 'holiday.jpg']);
    expect(readFileSync(join(handedTo, 'holiday.jpg'), 'utf8')).toBe('not ours');
    // A data folder that does not exist yet: nothing to do, no error.
    expect(sweepAfterCrash(join(dir, 'never-made'))).toEqual([]);
  });
});
