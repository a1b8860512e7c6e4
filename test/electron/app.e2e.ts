/**
 * The keyboard walks of test/e2e/ in the real app: the Electron binary runs the built main process,
 * the real preload and the sandboxed renderer (Playwright's _electron.launch). Two walks: the
 * Wallets walk of renderer.e2e.ts (walk.ts), and the three holders' create → import → sign → health
 * check walk of walk.e2e.ts (holders-walk.ts), with the app's own OS keychain, its words window and
 * its native dialogs — answered by replacing Electron's dialog.showOpenDialog in the main process with
 * the paths this test chose, and dialog.showMessageBox (main's confirmation before signing and before a
 * keychain entry is used) with the holder's click, given only when its lines are what the page shows.
 *
 * Wherever no Electron binary exists (the development machines of this project cannot download it)
 * each test reports itself skipped, with the reason in its name.
 *
 * The binary is found the way node_modules/electron/index.js finds it, but without requiring that
 * module: requiring it starts a download when the binary is missing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OsKeychain } from '../../main/keychain/os-keychain.js';
import { saveWallet, tempDir } from '../support/ipc.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';
import { ROOT, Screens, assertRendererBuilt, collectErrors } from '../e2e/harness.js';
import { HOLDERS, holdersWalk } from '../e2e/holders-walk.js';
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
        'no Electron binary: node_modules/electron/path.txt is missing, so its download never happened (npm ci tries it: scripts/electron.mjs)',
    };
  const p = join(pkg, 'dist', name);
  return existsSync(p) ? { path: p } : { reason: `no Electron binary at ${p}` };
}

/** Electron on Linux draws on an X or Wayland display: without one it cannot start. */
const noDisplay =
  process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']
    ? 'no display (DISPLAY is not set): run it under xvfb-run (apt-get install xvfb)'
    : undefined;
const found = findElectron();
const reason = 'reason' in found ? found.reason : noDisplay;
if (reason) console.warn(`test/electron/app.e2e.ts skipped: ${reason}`);
const missing = secretServiceMissing();
/** Why the holders' walk cannot run here: no binary, or no Secret Service for the app's keychain. */
const holdersReason = reason ?? (missing !== undefined && !REQUIRE_SECRET_SERVICE ? missing : undefined);

/**
 * The app, started on the built main process with its data in `dataDir` and, when `home` is given,
 * that folder as HOME (so its Documents folder, the holders' default, is a temporary one); its window.
 */
async function launchApp(dataDir: string, home?: string): Promise<{ app: ElectronApplication; page: Page }> {
  if (!('path' in found)) throw new Error(found.reason);
  assertRendererBuilt();
  const asRoot = process.getuid?.() === 0;
  const app = await _electron.launch({
    executablePath: found.path,
    args: [...(asRoot ? ['--no-sandbox'] : []), ROOT],
    cwd: ROOT,
    env: { ...process.env, JOINTKEY_DATA_DIR: dataDir, ...(home ? { HOME: home } : {}) },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

/** What the replaced dialogs keep in the main process: their next answers, and each dialog asked for. */
interface DialogAnswers {
  folder: string | null;
  files: string[];
  asked: string[];
  /** Confirmations whose words were not what the app's page showed (each refused). */
  mismatches: string[];
}

/**
 * Replaces dialog.showOpenDialog in the app's main process (main/index.ts calls it, with or without a
 * parent window, for a folder — `openDirectory` — and for a child-key file — `openFile`): a folder
 * dialog answers with the folder last set, a file dialog with the next path queued (cancelled when
 * none is); each records what it was asked. showSaveDialog, which main/index.ts does not use, is
 * recorded and cancelled, so that a change that starts using it shows in `asked`.
 */
async function answerDialogs(app: ElectronApplication): Promise<{
  setFolder: (path: string) => Promise<void>;
  pickFile: (path: string) => Promise<void>;
  asked: () => Promise<string[]>;
  mismatches: () => Promise<string[]>;
}> {
  await app.evaluate(({ BrowserWindow, dialog }) => {
    const answers: DialogAnswers = { folder: null, files: [], asked: [], mismatches: [] };
    (globalThis as unknown as { jointkeyTestDialogs: DialogAnswers }).jointkeyTestDialogs = answers;
    const open = async (...args: unknown[]): Promise<Electron.OpenDialogReturnValue> => {
      const options = args.at(-1) as Electron.OpenDialogOptions;
      const folder = options.properties?.includes('openDirectory') ?? false;
      answers.asked.push(`${folder ? 'folder' : 'file'}: ${options.title ?? ''}`);
      const path = folder ? answers.folder : (answers.files.shift() ?? null);
      return path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [path] };
    };
    const save = async (...args: unknown[]): Promise<Electron.SaveDialogReturnValue> => {
      answers.asked.push(`save: ${(args.at(-1) as Electron.SaveDialogOptions).title ?? ''}`);
      return { canceled: true, filePath: '' };
    };
    // Main's confirmation (main/index.ts, before signing and before a keychain entry is used): the
    // holder presses its confirming button (1) only when its lines are those the app's page shows under
    // "What is signed" — or, where the page shows none, when it names a health check — else Cancel (0).
    const box = async (...args: unknown[]): Promise<Electron.MessageBoxReturnValue> => {
      const options = args.at(-1) as Electron.MessageBoxOptions;
      answers.asked.push(`confirm: ${options.buttons?.[1] ?? ''}`);
      const [win] = BrowserWindow.getAllWindows().filter((w) => w.webContents.getURL() === 'app://jointkey/index.html');
      const shown = (await win?.webContents.executeJavaScript(
        `[...document.querySelectorAll('section')].filter((s) => s.querySelector('h2')?.textContent.trim() === 'What is signed').flatMap((s) => [...s.querySelectorAll('li')].map((li) => li.textContent.trim()))`,
      )) as string[] | undefined;
      const agrees =
        shown && shown.length > 0
          ? JSON.stringify(shown) === JSON.stringify((options.detail ?? '').split('\n'))
          : / for a health check\?$/.test(options.message);
      if (!agrees)
        answers.mismatches.push(`${options.message} ${options.detail ?? ''} — the page shows ${JSON.stringify(shown)}`);
      return { response: agrees ? 1 : 0, checkboxChecked: false };
    };
    dialog.showOpenDialog = open as typeof dialog.showOpenDialog;
    dialog.showSaveDialog = save as typeof dialog.showSaveDialog;
    dialog.showMessageBox = box as typeof dialog.showMessageBox;
  });
  return {
    setFolder: (path) =>
      app.evaluate((_electron, p) => {
        (globalThis as unknown as { jointkeyTestDialogs: DialogAnswers }).jointkeyTestDialogs.folder = p;
      }, path),
    pickFile: (path) =>
      app.evaluate((_electron, p) => {
        (globalThis as unknown as { jointkeyTestDialogs: DialogAnswers }).jointkeyTestDialogs.files.push(p);
      }, path),
    asked: () =>
      app.evaluate(() => (globalThis as unknown as { jointkeyTestDialogs: DialogAnswers }).jointkeyTestDialogs.asked),
    mismatches: () =>
      app.evaluate(
        () => (globalThis as unknown as { jointkeyTestDialogs: DialogAnswers }).jointkeyTestDialogs.mismatches,
      ),
  };
}

/** How many windows the app has open. */
const windowCount = (app: ElectronApplication) =>
  app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);

describe('the real Electron app', () => {
  it.skipIf(reason !== undefined)(
    reason
      ? `walks every screen (skipped: ${reason})`
      : 'walks every screen by keyboard, with the real preload and window',
    async () => {
      const dataDir = tempDir('jointkey-electron-');
      const keys = tempDir('jointkey-keys-');
      const { app, page } = await launchApp(dataDir);
      try {
        // One window, on the built page, and nothing of Node in it (its settings: test/window.test.ts).
        expect(await windowCount(app)).toBe(1);
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
      } finally {
        await app.close();
      }
    },
  );

  it.skipIf(holdersReason !== undefined)(
    holdersReason
      ? `three holders: create → import → sign → health check (skipped: ${holdersReason})`
      : 'three holders: create → import → sign → health check, with the native dialogs and the words window',
    async () => {
      const dataDir = tempDir('jointkey-electron-walk-data-');
      const chosen = join(tempDir('jointkey-electron-walk-keys-'), 'Family keys');
      const savedDir = tempDir('jointkey-electron-walk-signed-');
      const other = saveWallet(tempDir(), tempDir(), 'shamir', 'walk-other', 'Someone else');
      // The app's own keychain service: inside scripts/with-secret-service.sh a throwaway keyring; the
      // entries the walk adds are removed at the end, whatever was there before is left alone.
      const keychain = new OsKeychain();
      const before = new Set((await keychain.list()).map((e) => e.id));
      const added = async () => (await keychain.list()).filter((e) => !before.has(e.id));
      const screens = new Screens(join(ROOT, 'test-results', 'screens-electron-walk'), 1, 99);
      const { app, page } = await launchApp(dataDir, tempDir('jointkey-electron-home-'));
      const errors = collectErrors(page);
      try {
        await page.getByRole('heading', { level: 1, name: 'Wallets' }).waitFor();
        const dialogs = await answerDialogs(app);
        await dialogs.setFolder(chosen);
        // The words window main opens (main/index.ts, showWords): caught as it opens, checked, closed.
        const wordsWindow = app.waitForEvent('window', { timeout: 0 });
        wordsWindow.catch(() => {}); // a walk that fails before the words leaves it waiting: not a second failure
        const words: string[] = [];
        const made = await holdersWalk(page, screens, {
          chosenFolder: chosen,
          setFolder: dialogs.setFolder,
          pickFile: dialogs.pickFile,
          words,
          onWordsShown: async () => {
            const win = await wordsWindow;
            await win.waitForLoadState('load');
            expect(win.url()).toMatch(/^data:text\/html/);
            expect(await windowCount(app)).toBe(2);
            await screens.shot(win, 'create-words-window');
            const shown = (await win.locator('.g').allTextContents()).join('-');
            expect(shown).toMatch(/\S/);
            // The words are in their own window only, never in the app's page.
            expect(await page.content()).not.toContain(shown.slice(4, 40));
            words.push(shown);
            // Closed as its holder would close it; the app's window is left.
            await app.evaluate(({ BrowserWindow }, url) => {
              for (const w of BrowserWindow.getAllWindows()) if (w.webContents.getURL() === url) w.close();
            }, win.url());
            await expect.poll(() => windowCount(app)).toBe(1);
          },
          keychainHolders: async () => (await added()).map((e) => e.holder),
          otherWalletFile: other.files[0]!,
          savedDir,
        });
        expect(made.files).toEqual(HOLDERS.map((h, i) => join(chosen, `Family savings - ${i + 1} ${h}.jointkey.age`)));
        expect(readFileSync(made.files[0]!, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
        // Every dialog the walk opened was one of main's, in order: the holders' folder, Bob's file to
        // import, three files entered while signing the transfer, main's confirmations of Bob's keychain
        // entry and of the signature, the folder to save the result in, the same two confirmations for
        // the message, two files in the health check (titles: the renderer's for folders, main/index.ts's
        // for files). Each confirmation's lines were those the page showed.
        const file = 'file: Choose your child-key file';
        const confirmed = ['confirm: Use Bob’s child key', 'confirm: Sign'];
        expect(await dialogs.asked()).toEqual([
          'folder: Where to save the child-key files',
          ...Array<string>(4).fill(file),
          ...confirmed,
          'folder: Where to save the signed result',
          ...confirmed,
          ...Array<string>(2).fill(file),
        ]);
        expect(await dialogs.mismatches()).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await app.close();
        for (const e of await added().catch(() => [])) await keychain.remove(e.id);
      }
    },
    300_000,
  );
});
