/**
 * The app window's security settings, as plain data with no Electron at run time, so a test can
 * assert them: the renderer is sandboxed, context-isolated, without Node, with web security on and
 * no <webview>; the page's Content-Security-Policy allows no remote code and no eval.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The Content-Security-Policy of renderer/index.html (its <meta http-equiv>; test/window.test.ts
 * checks the built page carries exactly this): only the app's own scripts, no eval, no inline
 * script, no network, no plugins, no forms posting anywhere. (frame-ancestors is not
 * listed: a <meta> policy cannot carry it; nothing can frame the app's window anyway.) Inline styles are allowed:
 * Svelte sets style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The web preferences every window of the app shares: sandboxed, isolated, no Node, no webviews. */
const LOCKED_DOWN = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

/** The one window's options; `preloadPath` is the absolute path of the built preload (index.cjs). */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 560,
    title: 'JointKey',
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: {
      preload: preloadPath,
      ...LOCKED_DOWN,
    },
  };
}

/**
 * The window that shows a holder their child key's words (main/ceremony/words-page.ts): modal over
 * the app, JavaScript disabled, sandboxed, no preload, so the words reach no script and no renderer.
 */
export function wordsWindowOptions(
  parent?: BrowserWindowConstructorOptions['parent'],
): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 640,
    ...(parent ? { parent, modal: true } : {}),
    title: 'Your child key’s words',
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: {
      javascript: false,
      ...LOCKED_DOWN,
      images: false,
    },
  };
}
