/**
 * The end-to-end harness for the renderer, where no Electron binary can be had: Debian's Chromium
 * (headless, through playwright-core) loads the built renderer (out/renderer) from a tiny static
 * server on 127.0.0.1, and a test bridge stands in for the preload — `window.jointkey` with one
 * function per contract channel, each forwarding through Playwright's exposeBinding to the real
 * dispatcher in this Node process, with the calling frame's real URL as the sender. So the renderer,
 * the contract, validation, handlers, core and files are all real; only Electron's IPC pipe is not.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHANNELS, apiPath } from '../../main/ipc/contract.js';
import type { Dispatch } from '../../main/ipc/dispatch.js';
import type { ConfirmPrompt } from '../../main/dialogs/confirm.js';
import { PersonAtDialog } from '../support/ipc.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Chromium's flags for a quiet, offline, headless run (the sandbox needs a user namespace CI lacks). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why Debian's Chromium cannot run the specs here, or undefined when it is installed. */
export const chromiumMissing: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM}: apt-get install chromium (CI does), or set CHROMIUM_PATH`;

/**
 * Why a spec (or a step of it) cannot run here: the first of `reasons` that is set, also printed as
 * `<what> skipped: <reason>` so the run's output names it; undefined when everything it needs is here.
 */
export function skipReason(what: string, ...reasons: (string | undefined)[]): string | undefined {
  const reason = reasons.find((r) => r !== undefined);
  if (reason !== undefined) console.warn(`${what} skipped: ${reason}`);
  return reason;
}

/** A test's or suite's title, saying why when it is skipped: `title (skipped: reason)`. */
export function skipTitle(title: string, reason: string | undefined): string {
  return reason === undefined ? title : `${title} (skipped: ${reason})`;
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('The renderer is not built: run "npm run build" (npm test does) before the end-to-end tests.');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Serves `dir` on 127.0.0.1 (a free port): GET only, files under `dir` only. */
export async function serveStatic(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (req.method !== 'GET' || !file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Not found</title>');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (CI does), or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A browser context whose pages get the test bridge: `window.jointkey` built from the contract's
 * channels, each call going to `dispatch(channel, <the calling frame's URL>, payload)`.
 */
export async function contextWithBridge(browser: Browser, dispatch: Dispatch): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, reducedMotion: 'reduce' });
  await context.exposeBinding('__jointkeyInvoke', ({ frame }, channel: unknown, payload: unknown) =>
    dispatch(String(channel), frame.url(), payload),
  );
  const paths = CHANNELS.map((c) => [c, ...apiPath(c)]);
  await context.addInitScript((list: string[][]) => {
    const w = globalThis as unknown as Record<string, unknown> & {
      __jointkeyInvoke: (channel: string, payload: unknown) => Promise<unknown>;
    };
    const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
    for (const [channel, domain, name] of list) {
      const group = (api[domain!] ??= {});
      group[name!] = (request: unknown) => w.__jointkeyInvoke(channel!, request);
    }
    w['jointkey'] = api;
  }, paths);
  return context;
}

/** The built renderer served on 127.0.0.1 and a headless Chromium, shared by one spec file's tests. */
export interface ChromiumApp {
  readonly browser: Browser;
  /** The static server's origin, e.g. http://127.0.0.1:PORT. */
  readonly origin: string;
  /** The app's page: the one URL the dispatcher accepts as the sender. */
  readonly appPage: string;
}

/**
 * Starts the server and Chromium before the calling file's tests and closes them after (registers
 * vitest's beforeAll/afterAll); the fields are set once beforeAll has run. `check` runs first
 * (e.g. that the command line is built). Without Chromium it starts nothing: the specs skip, saying
 * so ({@link chromiumMissing}).
 */
export function useChromiumApp(check?: () => void): ChromiumApp {
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  const app = {} as { browser: Browser; origin: string; appPage: string };
  beforeAll(async () => {
    if (chromiumMissing !== undefined) return;
    assertRendererBuilt();
    check?.();
    server = await serveStatic(RENDERER_DIR);
    app.origin = server.origin;
    app.appPage = `${server.origin}/index.html`;
    app.browser = await launchChromium();
  });
  afterAll(async () => {
    await app.browser?.close();
    await server?.close();
  });
  return app;
}

/**
 * The page's uncaught exceptions and console errors, in order, as they happen (with
 * JOINTKEY_E2E_DEBUG set, its console is echoed too).
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (process.env['JOINTKEY_E2E_DEBUG']) console.log('page:', m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** The app open in a fresh context with the test bridge over `dispatch`: its page, and every error the page reported. */
export interface OpenApp {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors in the page, in order. */
  errors: string[];
}

/**
 * Opens the app's page in a new context whose bridge goes to `dispatch`, collecting the page's
 * errors (and, with JOINTKEY_E2E_DEBUG set, echoing its console); returns once the Wallets screen shows.
 */
export async function openApp(chromiumApp: ChromiumApp, dispatch: Dispatch): Promise<OpenApp> {
  const context = await contextWithBridge(chromiumApp.browser, dispatch);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(chromiumApp.appPage);
  await page.getByRole('heading', { level: 1, name: 'Wallets' }).waitFor();
  return { context, page, errors };
}

/**
 * Screenshots numbered in the order taken: `<dir>/NN-name.png`, from `first` to `last`, replacing an
 * earlier run's shots in that range only (each walk has its own range: the shell's walk 1–19, the
 * Create walk 20–39), so walks run in any order keep each other's images.
 */
export class Screens {
  #n: number;
  readonly taken: string[] = [];
  constructor(
    readonly dir: string,
    readonly first = 1,
    readonly last = 19,
  ) {
    this.#n = first - 1;
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      const n = /^(\d{2,3})-[\w-]+\.png$/.exec(name)?.[1];
      if (n !== undefined && Number(n) >= first && Number(n) <= last) rmSync(join(dir, name));
    }
  }
  async shot(page: Page, name: string): Promise<string> {
    if (this.#n >= this.last) throw new Error(`more screenshots than this walk's range ${this.first}–${this.last}`);
    const path = join(this.dir, `${String(++this.#n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    this.taken.push(path);
    return path;
  }
}

/** Runs axe on the page; throws listing every serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0)
    throw new Error(
      `axe found ${bad.length} serious or critical violation(s) on ${screen}:\n` +
        bad
          .map((v) => `  ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`)
          .join('\n'),
    );
}

/**
 * The holder at main's confirmation dialog (main/dialogs/confirm.ts) in Chromium, where no native
 * dialog exists: gets every prompt main shows, and presses its confirming button (Sign, Use …’s child
 * key) only when it says what the page shows — the dialog's lines equal the lines under "What is
 * signed" on the screen, or, where the screen shows none (a health check), it names a health check of
 * the wallet the screen names. Anything else is refused and kept in `mismatches` (a walk asserts it
 * is empty). Give `person` to makeDispatch and set `page` once the app is open.
 */
export class HolderAtMainDialog {
  readonly person = new PersonAtDialog((prompt) => this.#reads(prompt));
  readonly mismatches: string[] = [];
  page: Page | undefined;

  get prompts(): ConfirmPrompt[] {
    return this.person.prompts;
  }

  async #reads(prompt: ConfirmPrompt): Promise<boolean> {
    const page = this.page;
    if (!page) return this.#mismatch(prompt, 'no page is open');
    const what = page.getByRole('region', { name: 'What is signed' });
    if ((await what.count()) > 0) {
      const shown = (await what.locator('li').allTextContents()).map((l) => l.trim());
      if (JSON.stringify(shown) === JSON.stringify(prompt.detail)) return true;
      return this.#mismatch(prompt, `the screen shows ${JSON.stringify(shown)}`);
    }
    const heading = await page.getByRole('heading', { name: /Each holder enters their child key for / }).textContent();
    const wallet = heading?.replace(/^.*Each holder enters their child key for /, '').trim();
    if (wallet && prompt.message.endsWith(` of ${wallet} for a health check?`)) return true;
    return this.#mismatch(prompt, `the screen shows "${heading ?? 'no step'}"`);
  }

  #mismatch(prompt: ConfirmPrompt, why: string): false {
    this.mismatches.push(`main asked "${prompt.message}" ${JSON.stringify(prompt.detail)}, but ${why}`);
    return false;
  }
}
