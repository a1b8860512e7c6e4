/**
 * The app's own URL scheme, `app://jointkey/…`, which serves the built renderer instead of file://
 * (Electron's security checklist, point 18): the page gets a proper origin for its CSP's 'self', and
 * no file outside the renderer's folder can ever be served. This module is the pure part — which
 * file a URL names — so a test can check it; main/index.ts registers the scheme with Electron.
 */
import { isAbsolute, join, normalize, relative } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'jointkey';
/** The page the window loads, and the only sender the IPC dispatcher accepts. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The file under `rootDir` that `url` names, or null when the URL is not the app's (another scheme
 * or host), names a folder, or would leave `rootDir` (`..`, encoded or not, or an absolute path).
 */
export function appFileFor(url: string, rootDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password || u.port) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const rel = normalize(path).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) return null;
  const file = join(rootDir, rel);
  const inside = relative(rootDir, file);
  if (inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}
