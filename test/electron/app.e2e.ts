/**
 * The same keyboard walk as test/e2e/renderer.e2e.ts, in the real app: the Electron binary runs the
 * built main process, the real preload and the sandboxed renderer (Playwright's _electron.launch).
 * Wherever no Electron binary exists (the development machines of this project cannot download it)
 * the test reports itself skipped, with the reason in its name.
 *
 * The binary is found the way node_modules/electron/index.js finds it, but without requiring that
 * module: requiring it starts a download when the binary is missing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { saveWallet, tempDir } from '../support/ipc.js';
import { ROOT, Screens, assertRendererBuilt } from '../e2e/harness.js';
import { walk } from '../e2e/walk.js';

/** The Electron executable, or why there is none. */
export function findElectron(): { path: string } | { reason: string } {
  const pkg = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const p = join(override, name || 'electron');
    return existsSync(p) ? { path: p } : { reason: `ELECTRON_OVERRIDE_DIST_PATH names ${p}, which does not exist` };
  }
  if (!name)
    return {
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing, so its download never happened (it cannot on this machine)',
    };
  const p = join(pkg, 'dist', name);
  return existsSync(p) ? { path: p } : { reason: `no Electron binary at ${p}` };
}

const found = findElectron();
const reason = 'reason' in found ? found.reason : undefined;
if (reason) console.warn(`test/electron/app.e2e.ts skipped: ${reason}`);

describe('the real Electron app', () => {
  let app: ElectronApplication | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(reason !== undefined)(
    reason
      ? `walks every screen (skipped: ${reason})`
      : 'walks every screen by keyboard, with the real preload and window',
    async () => {
      if (!('path' in found)) return;
      assertRendererBuilt();
      const dataDir = tempDir('jointkey-electron-');
      const keys = tempDir('jointkey-keys-');
      const asRoot = process.getuid?.() === 0;
      app = await _electron.launch({
        executablePath: found.path,
        args: [...(asRoot ? ['--no-sandbox'] : []), ROOT],
        cwd: ROOT,
        env: { ...process.env, JOINTKEY_DATA_DIR: dataDir },
      });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');

      // One window, on the built page, and nothing of Node in it (its settings: test/window.test.ts).
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      expect(page.url()).toBe('app://jointkey/index.html');
      expect(
        await page.evaluate(() => ({
          require: typeof (globalThis as Record<string, unknown>)['require'],
          process: typeof (globalThis as Record<string, unknown>)['process'],
          ipcRenderer: typeof (globalThis as Record<string, unknown>)['ipcRenderer'],
          api: Object.keys((globalThis as unknown as { jointkey: object }).jointkey).sort(),
        })),
      ).toEqual({
        require: 'undefined',
        process: 'undefined',
        ipcRenderer: 'undefined',
        api: ['ceremony', 'childkey', 'dialog', 'health', 'keychain', 'session', 'settings', 'wallets'],
      });

      const screens = new Screens(join(ROOT, 'test-results', 'screens-electron'));
      await walk(page, screens, () => {
        saveWallet(dataDir, keys, 'shamir', 'e2e', 'Family savings');
        saveWallet(dataDir, keys, 'xor', 'e2e-xor', 'Partnership');
        mkdirSync(join(dataDir, 'wallets'), { recursive: true });
        writeFileSync(join(dataDir, 'wallets', '00000000000000000000000000000000.wallet.json'), '{"format": "x"');
      });
    },
  );
});
