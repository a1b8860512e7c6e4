// Renders build/icon.svg to build/icon.png (512×512, transparent corners) with Debian's Chromium:
// `node build/render-icon.mjs`. electron-builder makes every platform's icon from the PNG.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: new URL('icon.png', import.meta.url).pathname, omitBackground: true });
await browser.close();
