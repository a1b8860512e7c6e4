/**
 * Reading a PDF as a person would: poppler's pdftoppm renders its page to a PNG (150 dpi), jsQR
 * reads the QR code off that image, and pdftotext gives the words on the page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

/** Why the rendering tests cannot run here, or undefined when poppler's tools are installed. */
export const popplerMissing: string | undefined = (() => {
  const r = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
  const t = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  return r.error || t.error
    ? 'poppler-utils (pdftoppm, pdftotext) is not installed: apt-get install poppler-utils (CI installs it)'
    : undefined;
})();

export interface RenderedPage {
  /** The page as a PNG file's bytes (150 dpi). */
  png: Buffer;
  width: number;
  height: number;
  /** The QR code read off the page, with the mode of each of its segments; undefined when none is found. */
  qr?: { text: string; modes: string[] };
  /** The page's text, as pdftotext extracts it (layout kept). */
  text: string;
  /** The page's text in the order it was drawn (pdftotext -raw): a wrapped line's parts stay together. */
  raw: string;
  pages: number;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Renders the first page of `pdf` and reads its QR code and its text. */
export function renderPdf(pdf: Uint8Array): RenderedPage {
  const dir = mkdtempSync(join(tmpdir(), 'jointkey-pdf-'));
  try {
    const file = join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page.png'));
    const image = PNG.sync.read(png);
    // jsqr is CommonJS: its function is module.exports and also its `default`, which is what TypeScript sees.
    const code = jsqr.default(
      new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      image.width,
      image.height,
    );
    const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
    const raw = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']);
    const info = run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    return {
      png,
      width: image.width,
      height: image.height,
      ...(code ? { qr: { text: code.data, modes: code.chunks.map((c) => c.type) } } : {}),
      text,
      raw,
      pages,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
