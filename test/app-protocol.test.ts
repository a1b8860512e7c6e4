/** The app:// scheme serves only the built renderer's files: every way out of its folder is refused. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_PAGE_URL, appFileFor } from '../main/app-protocol.js';

const ROOT = '/opt/JointKey/resources/app.asar/out/renderer';

describe('app:// → a file of the renderer', () => {
  it('maps the page and its assets', () => {
    expect(appFileFor(APP_PAGE_URL, ROOT)).toBe(join(ROOT, 'index.html'));
    expect(appFileFor('app://jointkey/assets/index-abc.js', ROOT)).toBe(join(ROOT, 'assets/index-abc.js'));
    expect(appFileFor('app://jointkey/assets/a%20b.css?x=1#y', ROOT)).toBe(join(ROOT, 'assets/a b.css'));
  });

  it.each([
    'app://jointkey/../../../etc/passwd',
    'app://jointkey/%2e%2e/%2e%2e/etc/passwd',
    'app://jointkey/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret',
  ])('never leaves the renderer’s folder: %s', (url) => {
    const file = appFileFor(url, ROOT);
    expect(file === null || file.startsWith(`${ROOT}/`)).toBe(true);
  });

  it.each([
    'app://jointkey/..%5c..%5cwindows',
    'app://jointkey/a%00b',
    'app://jointkey/',
    'app://jointkey/assets/',
    'app://evil/index.html',
    'app://user:pw@jointkey/index.html',
    'app://jointkey:8080/index.html',
    'file:///etc/passwd',
    'https://jointkey/index.html',
    'app://jointkey/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    expect(appFileFor(url, ROOT)).toBeNull();
  });
});
