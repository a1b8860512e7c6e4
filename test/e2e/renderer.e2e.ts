/**
 * The renderer end to end in Debian's Chromium (see harness.ts): the keyboard walk through every
 * screen with screenshots (test-results/screens/NN-name.png) and an axe scan of each; the bridge
 * refusing a page that is not the app's; and the app's calm failure when it has no bridge.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import {
  RENDERER_DIR,
  ROOT,
  Screens,
  assertRendererBuilt,
  contextWithBridge,
  expectAccessible,
  launchChromium,
  serveStatic,
} from './harness.js';
import { walk } from './walk.js';

/** Calls the bridge from the page (a string: the tests' types have no DOM). */
const LIST_WALLETS = 'window.jointkey.wallets.list({})';

describe('the renderer in Chromium, over the real main-process handlers', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let appPage: string;
  const screens = new Screens(join(ROOT, 'test-results', 'screens'));

  beforeAll(async () => {
    assertRendererBuilt();
    server = await serveStatic(RENDERER_DIR);
    appPage = `${server.origin}/index.html`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks every screen by keyboard: screenshots, no serious or critical axe violations', async () => {
    const dataDir = tempDir();
    const keys = tempDir('jointkey-keys-');
    const { dispatch } = makeDispatch(dataDir, {}, appPage);
    const context = await contextWithBridge(browser, dispatch);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(appPage);
    await walk(page, screens, () => {
      saveWallet(dataDir, keys, 'shamir', 'e2e', 'Family savings');
      saveWallet(dataDir, keys, 'xor', 'e2e-xor', 'Partnership');
      mkdirSync(join(dataDir, 'wallets'), { recursive: true });
      writeFileSync(join(dataDir, 'wallets', '00000000000000000000000000000000.wallet.json'), '{"format": "x"');
    });
    expect(screens.taken.map((p) => p.split('/').at(-1))).toEqual([
      '01-wallets-empty.png',
      '02-import.png',
      '03-create.png',
      '04-joint-signing.png',
      '05-health-check.png',
      '06-wallets-list.png',
    ]);
    expect(errors).toEqual([]);
    // Nothing of Node or Electron in the page: the bridge's named functions only (the real preload is
    // checked the same way in test/electron/app.e2e.ts and, built, in test/ipc.test.ts).
    expect(
      await page.evaluate(`({
        require: typeof require, process: typeof process, ipcRenderer: typeof ipcRenderer,
        electron: typeof electron, bridgeKinds: [...new Set(Object.values(window.jointkey).flatMap((g) => Object.values(g).map((f) => typeof f)))],
      })`),
    ).toEqual({
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: 'undefined',
      electron: 'undefined',
      bridgeKinds: ['function'],
    });
    await context.close();
  });

  it('the bridge refuses a page that is not the app’s own (its frame URL is the sender)', async () => {
    const { dispatch } = makeDispatch(tempDir(), {}, appPage);
    const context = await contextWithBridge(browser, dispatch);
    const page = await context.newPage();
    await page.goto(`${server.origin}/not-the-app.html`);
    const r = await page.evaluate(LIST_WALLETS);
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    await page.goto(appPage);
    expect(await page.evaluate(LIST_WALLETS)).toMatchObject({ ok: true });
    await context.close();
  });

  it('without a bridge, the Wallets screen says what to do next, in an accessible error banner', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    await page.goto(appPage);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /The wallets could not be listed.*This window is not connected to JointKey\. Close it and start the JointKey app again\./,
    );
    await screens.shot(page, 'wallets-no-bridge');
    await expectAccessible(page, 'wallets-no-bridge');
    await context.close();
  });
});
