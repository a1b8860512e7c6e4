/**
 * The Electron main process: one window, locked down (sandboxed renderer, context isolation, no
 * Node in the renderer, no navigation, no new windows, no permissions), and a single instance.
 * The crypto core, wallet records, files, keychain and signing sessions live in this process; the
 * renderer reaches them only through the IPC contract (main/ipc/), whose dispatcher checks the
 * sender and every payload. The window's options are in main/window.ts, where a test reads them.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, net, protocol, session, type MessageBoxOptions } from 'electron';
import { APP_PAGE_URL, APP_SCHEME, appFileFor } from './app-protocol.js';
import { ClipboardGuard } from './ceremony/clipboard-guard.js';
import { sweepAfterCrash } from './ceremony/ceremonies.js';
import { defaultDataDir } from './wallets/store.js';
import { createDispatch } from './ipc/dispatch.js';
import { closeAllSessions, createContext, createHandlers } from './app-handlers.js';
import { registerIpc } from './ipc/register.js';
import { mainWindowOptions, wordsWindowOptions } from './window.js';

/** The app's data folder; JOINTKEY_DATA_DIR points it elsewhere (the end-to-end tests do). */
const dataDir = process.env['JOINTKEY_DATA_DIR'] || defaultDataDir();
app.setPath('userData', dataDir);

const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererDir = join(import.meta.dirname, '../renderer');
/** The one page allowed to call main: the built renderer on app:// (or the dev server's, in development). */
const appPageUrl = devUrl ?? APP_PAGE_URL;

// app://jointkey/… serves the built renderer, not file:// (Electron's checklist, point 18): a standard,
// secure scheme, so the page has an origin of its own for its CSP's 'self'.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

/** The app's window: the parent of main's confirmation dialogs (never the words window). */
let mainWindow: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  // Electronegativity cannot see into mainWindowOptions (main/window.ts: contextIsolation, sandbox, no
  // Node; asserted by test/window.test.ts); a middle-click's new window is refused by the handler below.
  const preload = join(import.meta.dirname, '../preload/index.cjs');
  const win = new BrowserWindow(mainWindowOptions(preload)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK — options set in main/window.ts and asserted by a test
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ?? APP_PAGE_URL);
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A write killed midway (a crash, a power cut) leaves a temporary file that can hold a child key
  // or a paper backup in the clear: removed before anything else, from every folder JointKey wrote.
  const swept = sweepAfterCrash(dataDir);
  if (swept.length > 0) console.warn(`JointKey: removed ${swept.length} temporary file(s) left by an earlier crash.`);
  const clipboardGuard = new ClipboardGuard(clipboard);
  const ctx = createContext({
    dataDir,
    clipboard: clipboardGuard,
    documentsDir: app.getPath('documents'),
    // A holder's words: a window of its own, JavaScript off, sandboxed, no preload, modal over the app.
    showWords: async ({ html }) => {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      // wordsWindowOptions (main/window.ts): JavaScript off, sandboxed, isolated, no preload; asserted by
      // test/ceremony-ipc.test.ts. New windows are refused by the handler below.
      const win = new BrowserWindow(wordsWindowOptions(parent)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK — options set in main/window.ts and asserted by a test
      win.setMenu(null);
      win.once('ready-to-show', () => win.show());
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    },
    chooseFolder: async ({ defaultPath, title }) => {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = {
        title: title ?? 'Choose a folder',
        properties: ['openDirectory' as const, 'createDirectory' as const],
        ...(defaultPath ? { defaultPath } : {}),
      };
      const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    // Main's own confirmation (before signing, before a keychain entry is used or removed): a native
    // message box the page cannot script, in main's words; Cancel is the default and what Escape does.
    confirm: async ({ title, message, detail, confirmLabel }) => {
      const options: MessageBoxOptions = {
        type: 'warning',
        title,
        message,
        detail: detail.join('\n'),
        buttons: ['Cancel', confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const parent = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
      const r = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      return r.response === 1;
    },
    // A holder's child-key file (Import, Joint signing, Health check), a PSBT, a contract's ABI, a FROST request,
    // commitment or share: the renderer gets only its path.
    chooseFile: async (purpose) => {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const kinds = {
        'child-key': ['Choose your child-key file', 'Child-key files', ['age', 'json']],
        psbt: ['Choose the transaction (PSBT) to sign', 'Bitcoin transactions (PSBT)', ['psbt', 'txt']],
        abi: ['Choose the contract’s ABI (JSON)', 'Contract ABI (JSON)', ['json', 'abi']],
        'frost-request': ['Choose the signing request', 'Signing requests', ['json']],
        'frost-commitment': ['Choose a signer’s commitment (round 1)', 'Commitments', ['json']],
        'frost-share': ['Choose a signer’s signature share (round 2)', 'Signature shares', ['json']],
      } as const;
      const [title, name, extensions] = kinds[purpose];
      const options = {
        title,
        properties: ['openFile' as const],
        filters: [
          { name, extensions: [...extensions] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    // Where a FROST file main makes is written: main's own save dialog; the page never names the path.
    chooseSaveFile: async ({ purpose, defaultName }) => {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const kinds = {
        'frost-request': ['Save the signing request', 'Signing requests', 'json'],
        'frost-commitment': ['Save your commitment (round 1)', 'Commitments', 'json'],
        'frost-share': ['Save your signature share (round 2)', 'Signature shares', 'json'],
        'signed-psbt': ['Save the signed transaction (PSBT)', 'Bitcoin transactions (PSBT)', 'psbt'],
      } as const;
      const [title, name, extension] = kinds[purpose];
      const options = {
        title,
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: [{ name, extensions: [extension] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  });
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // Every web contents, present and future: no navigation, no new windows, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // The app shows no links: every new window is refused, and nothing is handed to the system browser.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, (request) => {
      const file = appFileFor(request.url, rendererDir);
      return file ? net.fetch(pathToFileURL(file).href) : new Response('Not found', { status: 404 });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    registerIpc(createDispatch(createHandlers(ctx), appPageUrl, (e) => console.error('JointKey:', e)));
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('before-quit', () => {
    closeAllSessions(ctx);
    void clipboardGuard.clearNow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
