/**
 * The window's security settings (main/window.ts, a module without Electron) and the
 * Content-Security-Policy the built page carries: no remote code, no eval, no inline script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from '../main/window.js';

function cspOf(html: string): string {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!m) throw new Error('no Content-Security-Policy <meta> in the page');
  return m[1]!;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the window', () => {
  it('is sandboxed, context-isolated, without Node, with web security on and no <webview>', () => {
    const o = mainWindowOptions('/app/out/preload/index.cjs');
    expect(o.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(o.show).toBe(false); // shown when ready, never a blank flash
  });

  it('the built page carries exactly the policy, and it allows no remote code, no eval and no inline script', () => {
    const built = new URL('../out/renderer/index.html', import.meta.url);
    if (!existsSync(built)) throw new Error('The renderer is not built: run "npm run build" (npm test does).');
    const html = readFileSync(built, 'utf8');
    expect(cspOf(html)).toBe(CONTENT_SECURITY_POLICY);
    expect(cspOf(readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8'))).toBe(
      CONTENT_SECURITY_POLICY,
    );
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    for (const [name, values] of d) {
      for (const v of values) {
        expect(v, name).not.toMatch(/^(https?:|ws:|wss:|\*|'unsafe-eval'|'wasm-unsafe-eval'|blob:)/);
        if (name !== 'style-src') expect(v, name).not.toBe("'unsafe-inline'");
      }
    }
    // Every script the built page loads is its own file: no inline script, nothing remote.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim()).toBe('');
      expect(attrs).toMatch(/src="\.\/assets\/[^"/]+\.js"/);
    }
  });
});
