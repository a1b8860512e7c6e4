/**
 * A child key copied to the clipboard is cleared after 30 seconds — against a real X11 clipboard:
 * Xvfb (a headless X server) started for these tests, read and written with xclip, and stopped by
 * its pid at the end (the xclip processes that serve the selection end with it). Skipped, saying
 * so, where Xvfb or xclip is missing (`.ci/run` installs both).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIPBOARD_CLEAR_MS, ClipboardGuard, type TextClipboard } from '../../main/ceremony/clipboard-guard.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { childKeyFromText } from '../../main/core/formats/text-form.js';
import type { Result } from '../../main/ipc/contract.js';
import { APP_PAGE, makeDispatch, tempDir } from '../support/ipc.js';

const tools = ['Xvfb', 'xclip'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const missing = tools.length ? `${tools.join(' and ')} not installed (apt-get install xvfb xclip)` : undefined;

let xvfb: ChildProcess | undefined;
let display = '';

/** The X11 clipboard through xclip. */
const x11 = {
  readText: (): string => {
    const r = spawnSync('xclip', ['-selection', 'clipboard', '-o'], { env: { ...process.env, DISPLAY: display } });
    return r.status === 0 ? r.stdout.toString('utf8') : '';
  },
  writeText: (text) => {
    // xclip stays in the background to serve the selection: its output is not waited for.
    const r = spawnSync('xclip', ['-selection', 'clipboard', '-i'], {
      input: text,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, DISPLAY: display },
    });
    if (r.status !== 0) throw new Error('xclip could not write the clipboard');
  },
} satisfies TextClipboard;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(missing !== undefined)(`the clipboard${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    for (let n = 90 + (process.pid % 50); !display; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`)) display = `:${n}`;
    xvfb = spawn('Xvfb', [display, '-nolisten', 'tcp', '-screen', '0', '640x480x24'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync('xclip', ['-selection', 'clipboard', '-o'], { env: { ...process.env, DISPLAY: display } }).status !==
        null
      )
        if (existsSync(`/tmp/.X11-unix/X${display.slice(1)}`)) break;
      await sleep(100);
    }
  });
  afterAll(() => {
    xvfb?.kill('SIGTERM');
  });

  it('clears a copied secret after its time, and not a moment before', async () => {
    const guard = new ClipboardGuard(x11, 800);
    await guard.copySecret('jk1-secret-words');
    expect(x11.readText()).toBe('jk1-secret-words');
    await sleep(300);
    expect(x11.readText()).toBe('jk1-secret-words');
    await sleep(900);
    expect(x11.readText()).toBe('');
  });

  it('leaves the clipboard alone when the person copied something else since', async () => {
    const guard = new ClipboardGuard(x11, 500);
    await guard.copySecret('jk1-secret-words');
    x11.writeText('a shopping list');
    await sleep(800);
    expect(x11.readText()).toBe('a shopping list');
  });

  it('clears at once on quit (clearNow)', async () => {
    const guard = new ClipboardGuard(x11, 60_000);
    await guard.copySecret('jk1-secret-words');
    await guard.clearNow();
    expect(x11.readText()).toBe('');
  });

  it('the app copies a holder’s child key from main — never in a reply — and clears it after 30 s', async () => {
    expect(CLIPBOARD_CLEAR_MS).toBe(30_000);
    const dataDir = tempDir();
    const guard = new ClipboardGuard(x11);
    const { dispatch } = makeDispatch(dataDir, {
      ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }),
      documentsDir: tempDir('jointkey-docs-'),
      clipboard: guard,
    });
    const call = async (channel: string, payload: unknown) => {
      const r = (await dispatch(channel as never, APP_PAGE, payload)) as Result<any>;
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      return r.value;
    };
    const { ceremonyId } = await call('ceremony/start', {
      source: { kind: 'generate', curve: 'secp256k1' },
      walletLabel: 'Family savings',
      holders: ['Alice', 'Bob'],
      scheme: 'xor',
    });
    const reply = await call('ceremony/copy-words', { ceremonyId, index: 2 });
    expect(reply).toEqual({ copied: true, clearedAfterSeconds: 30 });
    const copied = x11.readText();
    const ck = childKeyFromText(copied);
    expect(ck).toMatchObject({ index: 2, label: 'Bob' });
    expect(JSON.stringify(reply)).not.toContain(copied.slice(4, 24));
    await call('ceremony/abandon', { ceremonyId });
    await guard.clearNow();
    expect(x11.readText()).toBe('');
    // Without a clipboard (the tests' default context), copying is refused, saying what to do instead.
    const plain = makeDispatch(tempDir()).dispatch;
    const started = (await plain('ceremony/start' as never, APP_PAGE, {
      source: { kind: 'generate', curve: 'secp256k1' },
      walletLabel: 'W',
      holders: ['A', 'B'],
      scheme: 'xor',
    })) as Result<any>;
    if (!started.ok) throw new Error(started.message);
    expect(
      await plain('ceremony/copy-words' as never, APP_PAGE, { ceremonyId: started.value.ceremonyId, index: 1 }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Show the words/) });
  }, 60_000);
});
