/**
 * The renderer end to end in Debian's Chromium (see harness.ts): the keyboard walk through every
 * screen with screenshots (test-results/screens/NN-name.png) and an axe scan of each; that walk
 * failing on a control the Tab key cannot reach; the bridge refusing a page that is not the app's;
 * and the app's calm failure when it has no bridge.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import {
  ROOT,
  Screens,
  chromiumMissing,
  contextWithBridge,
  expectAccessible,
  openApp,
  skipReason,
  skipTitle,
  useChromiumApp,
} from './harness.js';
import { tabTo, walk } from './walk.js';

/** Calls the bridge from the page (a string: the tests' types have no DOM). */
const LIST_WALLETS = 'window.jointkey.wallets.list({})';

const skip = skipReason('test/e2e/renderer.e2e.ts', chromiumMissing);
const title = skipTitle('the renderer in Chromium, over the real main-process handlers', skip);

describe.skipIf(skip !== undefined)(title, () => {
  const chromium = useChromiumApp();
  const screens = new Screens(join(ROOT, 'test-results', 'screens'));

  it('walks every screen by keyboard: screenshots, no serious or critical axe violations', async () => {
    const dataDir = tempDir();
    const keys = tempDir('jointkey-keys-');
    const { dispatch } = makeDispatch(dataDir, {}, chromium.appPage);
    const { context, page, errors } = await openApp(chromium, dispatch);
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

  it('the keyboard walk fails on a control Tab cannot reach, naming where focus went', async () => {
    const { dispatch } = makeDispatch(tempDir(), {}, chromium.appPage);
    const { context, page } = await openApp(chromium, dispatch);
    await tabTo(page, 'Health check', { role: 'button' }); // reachable as built
    // Taken out of the Tab order (as a div with a click handler would be): now the walk cannot get there.
    await page.evaluate(`document.querySelectorAll('nav button').forEach((b) => b.setAttribute('tabindex', '-1'))`);
    await expect(tabTo(page, 'Health check', { role: 'button' })).rejects.toThrow(
      /^button "Health check" cannot be reached with the Tab key; focus went through: .*link "Skip to the screen"/,
    );
    await context.close();
  });

  it('the bridge refuses a page that is not the app’s own (its frame URL is the sender)', async () => {
    const { dispatch } = makeDispatch(tempDir(), {}, chromium.appPage);
    const context = await contextWithBridge(chromium.browser, dispatch);
    const page = await context.newPage();
    await page.goto(`${chromium.origin}/not-the-app.html`);
    const r = await page.evaluate(LIST_WALLETS);
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    await page.goto(chromium.appPage);
    expect(await page.evaluate(LIST_WALLETS)).toMatchObject({ ok: true });
    await context.close();
  });

  it('without a bridge, the Wallets screen says what to do next, in an accessible error banner', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    await page.goto(chromium.appPage);
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
