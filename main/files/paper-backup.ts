/**
 * The paper backup: one A4 page per holder, to print and keep. It shows the wallet and holder
 * labels, the date, which child key of how many this is and how many are needed, the child key's
 * text form in short numbered groups (to copy by hand), a QR code of the same text, and how to
 * restore from it in plain words.
 *
 * Made with pdf-lib: DejaVu Sans and DejaVu Sans Mono embedded as subsets (labels in Latin, Greek,
 * Cyrillic and many other scripts print as they are; a character neither font has — Chinese,
 * Japanese, Korean — is printed as its Unicode number, "U+674E", and the page says so). The QR code
 * is drawn as vector rectangles, never a raster image. The text form's alphabet is lower-case
 * letters and digits and it parses in any case, so the code carries it upper-cased, in the QR
 * alphanumeric mode (5.5 bits a character rather than 8): a smaller code for the same text.
 *
 * A paper backup is for keys and small secrets: a child key whose groups do not fit the page is
 * refused (JointKeyError SECRET_TOO_LARGE) — keep its file instead. The key is written nowhere but
 * the returned bytes. JS cannot guarantee zeroing: the text form is a string, out of reach.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import {
  type PDFFont,
  type PDFPage,
  type RGB,
  PDFDocument,
  PageSizes,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { aobject, bytesToHex, typeName } from '../core/bytes.js';
import type { ChildKey, FieldRef, SchemeId, SetPublic } from '../core/formats/child-key.js';
import { JointKeyError } from '../core/errors.js';
import { childKeyToText } from '../core/formats/text-form.js';
import { verifyChildKey } from '../core/formats/verify.js';

export interface PaperBackupInput {
  /** The holder's child key (its share is secret: it goes into the PDF and nowhere else). */
  childKey: ChildKey;
  /** The set's public data; absent for a child key read from its text form, which the page then says. */
  set?: SetPublic;
  /** The date printed on the page and in the metadata (local calendar date); now by default. */
  date?: Date;
}

/** Groups of the child key on one printed row, and rows at most: what one page holds. */
export const PAPER_GROUPS_PER_ROW = 6;
export const PAPER_MAX_ROWS = 20;
/** The longest text form (`jk1-…` with its hyphens) a paper backup holds: "jk1" and groups of five. */
export const PAPER_MAX_TEXT_CHARS = 3 + (PAPER_GROUPS_PER_ROW * PAPER_MAX_ROWS - 1) * 6;

const FONT_FILES = {
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
} as const;

/**
 * The path of a bundled font file. Resolved from this module, so it works from the sources (tests),
 * the built CLI (out/main) and the packaged app alike, wherever node_modules is.
 */
export function fontPath(which: keyof typeof FONT_FILES): string {
  return createRequire(import.meta.url).resolve(FONT_FILES[which]);
}

// Colours: ink, a muted grey, one calm accent, hairlines and a pale panel.
const INK = rgb(0.11, 0.14, 0.2);
const MUTED = rgb(0.39, 0.42, 0.48);
const ACCENT = rgb(0.06, 0.27, 0.4);
const RULE = rgb(0.78, 0.8, 0.84);
const PANEL = rgb(0.955, 0.963, 0.975);

const [PAGE_W, PAGE_H] = PageSizes.A4 as [number, number];
const MARGIN = 42;
const CONTENT_W = PAGE_W - 2 * MARGIN;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "24 November 2026", from the date's local calendar day. */
export function paperDate(date: Date): string {
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

/** The text form's groups as printed: "jk1", then groups of five. */
export function paperGroups(textForm: string): string[] {
  return textForm.split('-');
}

const FIELD_WORDS: Record<FieldRef, string> = {
  bytes: 'bytes',
  pow2: '2^bits',
  'secp256k1-n': 'the secp256k1 group order',
  'ed25519-l': 'the Ed25519 group order',
  m521: 'the prime 2^521−1',
  m1279: 'the prime 2^1279−1',
  m2203: 'the prime 2^2203−1',
  m4253: 'the prime 2^4253−1',
};

/** The split method in words, with the scheme's name as the command line spells it. */
function methodWords(scheme: SchemeId, field: FieldRef): string {
  switch (scheme) {
    case 'xor':
      return 'XOR of random strings (“xor”)';
    case 'additive':
      return `Additive shares (“additive”), modulo ${FIELD_WORDS[field]}`;
    case 'shamir':
      return `Shamir’s secret sharing (“shamir”), modulo ${FIELD_WORDS[field]}`;
    case 'gf256':
      return 'Shamir’s secret sharing byte by byte, in GF(2⁸) (“gf256”)';
  }
}

function tooLong(chars: number): JointKeyError {
  return new JointKeyError(
    'SECRET_TOO_LARGE',
    `This child key is ${chars} characters long, more than one page can hold (${PAPER_MAX_TEXT_CHARS}). A paper backup is for keys and small secrets: keep this child key's file instead, on a USB stick or another offline place.`,
  );
}

/** Text drawn with a font, with every character the font lacks written as "U+XXXX". */
class Writer {
  missing = false;
  private readonly charsets = new Map<PDFFont, Set<number>>();
  constructor(readonly page: PDFPage) {}

  printable(text: string, font: PDFFont): string {
    let set = this.charsets.get(font);
    if (!set) this.charsets.set(font, (set = new Set(font.getCharacterSet())));
    // "Li 李雷" → "Li U+674E U+96F7": each number stands apart, as a word.
    let out = '';
    let afterNumber = false;
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (set.has(cp) || ch === ' ') {
        out += (afterNumber && /[\p{L}\p{N}]/u.test(ch) ? ' ' : '') + ch;
        afterNumber = false;
      } else {
        this.missing = true;
        out += `${out && !out.endsWith(' ') ? ' ' : ''}U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
        afterNumber = true;
      }
    }
    return out;
  }

  width(text: string, font: PDFFont, size: number, spacing = 0): number {
    const t = this.printable(text, font);
    return font.widthOfTextAtSize(t, size) + spacing * Math.max(0, [...t].length - 1);
  }

  text(text: string, x: number, y: number, font: PDFFont, size: number, color: RGB = INK): void {
    this.page.drawText(this.printable(text, font), { x, y, font, size, color });
  }

  /** Small capitals-like caption: upper case with a little letter spacing. */
  caption(text: string, x: number, y: number, font: PDFFont, size = 7.5, color: RGB = MUTED): void {
    let cx = x;
    for (const ch of this.printable(text.toUpperCase(), font)) {
      this.page.drawText(ch, { x: cx, y, font, size, color });
      cx += font.widthOfTextAtSize(ch, size) + 0.9;
    }
  }

  rightText(text: string, right: number, y: number, font: PDFFont, size: number, color: RGB = INK): void {
    this.text(text, right - this.width(text, font, size), y, font, size, color);
  }

  /** `text`, or as much of it as fits `width` followed by "…". */
  shorten(text: string, font: PDFFont, size: number, width: number): string {
    if (this.width(text, font, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 1 && this.width(`${chars.join('')}…`, font, size) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  /** Word-wraps `text` into `width`; returns the lines. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const spaced of text.split(' '))
      for (const word of this.width(spaced, font, size) > width ? this.pieces(spaced, font, size, width) : [spaced]) {
        const next = line ? `${line} ${word}` : word;
        if (line && this.width(next, font, size) > width) {
          lines.push(line);
          line = word;
        } else line = next;
      }
    if (line) lines.push(line);
    return lines;
  }

  /** A word wider than a line, in pieces that fit it (a long label without spaces). */
  private pieces(word: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = [];
    let piece = '';
    for (const ch of word) {
      if (piece && this.width(piece + ch, font, size) > width) {
        out.push(piece);
        piece = ch;
      } else piece += ch;
    }
    if (piece) out.push(piece);
    return out;
  }

  /**
   * A name as large as fits: one line from `max` down to 11 points, else wrapped at the largest
   * size from 11 down to 8 that needs at most two lines. Returns the last line's baseline.
   */
  fitted(text: string, x: number, baseline: number, width: number, font: PDFFont, max: number, color: RGB = INK) {
    for (let size = max; size >= 11; size -= 0.5)
      if (this.width(text, font, size) <= width) {
        this.text(text, x, baseline, font, size, color);
        return baseline;
      }
    let size = 11;
    let lines = this.wrap(text, font, size, width);
    while (lines.length > 2 && size > 8) lines = this.wrap(text, font, (size -= 0.5), width);
    lines.forEach((line, i) => this.text(line, x, baseline - i * size * 1.2, font, size, color));
    return baseline - (lines.length - 1) * size * 1.2;
  }

  /** Draws a wrapped paragraph from top `y` (the first baseline is `y - size`); returns the y below it. */
  paragraph(text: string, x: number, y: number, width: number, font: PDFFont, size: number, lead: number, color = INK) {
    for (const line of this.wrap(text, font, size, width)) {
      y -= lead;
      this.text(line, x, y, font, size, color);
    }
    return y;
  }

  rule(y: number, thickness = 0.6, color: RGB = RULE, x0 = MARGIN, x1 = PAGE_W - MARGIN): void {
    this.page.drawLine({ start: { x: x0, y }, end: { x: x1, y }, thickness, color });
  }
}

/**
 * Draws the QR code's dark modules as one filled path of rectangles (a run of dark modules in a row
 * is one rectangle, so there are no seams between them), in a white square with a four-module quiet
 * zone, whose lower left corner is (x, y) and side `side`.
 */
function drawQr(page: PDFPage, modules: { size: number; data: Uint8Array }, x: number, y: number, side: number): void {
  const n = modules.size;
  const m = side / (n + 8);
  page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) });
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.data[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.data[row * n + col]) col++;
      ops.push(rectangle(x + (4 + start) * m, y + side - (4 + row + 1) * m, (col - start) * m, m));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/**
 * Makes the paper backup of one child key: a one-page A4 PDF. When `set` is given, the child key
 * is checked against it first. Returns the PDF's bytes; writes nothing.
 *
 * Throws JointKeyError SECRET_TOO_LARGE for a child key too long for one page (keep its file
 * instead), the errors of verifyChildKey for a child key that is not of `set`, TypeError/RangeError
 * for a malformed input or an invalid date.
 */
export async function paperBackupPdf(input: PaperBackupInput): Promise<Uint8Array> {
  aobject(input, 'input');
  const { childKey: ck, set } = input;
  aobject(ck, 'childKey');
  const date = input.date ?? new Date();
  if (!(date instanceof Date)) throw new TypeError(`date must be a Date, got ${typeName(date)}`);
  if (Number.isNaN(date.getTime())) throw new RangeError('date must be a valid date');
  if (set !== undefined) verifyChildKey(ck, set);

  const textForm = childKeyToText(ck);
  const groups = paperGroups(textForm);
  const rows: string[][] = [];
  for (let i = 0; i < groups.length; i += PAPER_GROUPS_PER_ROW) rows.push(groups.slice(i, i + PAPER_GROUPS_PER_ROW));
  if (textForm.length > PAPER_MAX_TEXT_CHARS) throw tooLong(textForm.length);
  // Upper case puts every character in the QR alphanumeric set (0-9, A-Z, "-"); parsing ignores case.
  const qr = QRCode.create(textForm.toUpperCase(), { errorCorrectionLevel: 'M' });

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const [sans, bold, mono] = (await Promise.all(
    (['sans', 'bold', 'mono'] as const).map((f) => doc.embedFont(readFileSync(fontPath(f)), { subset: true })),
  )) as [PDFFont, PDFFont, PDFFont];
  const page = doc.addPage([PAGE_W, PAGE_H]);
  const w = new Writer(page);
  const L = MARGIN;
  const R = PAGE_W - MARGIN;
  const wallet = set?.walletLabel ?? '';
  const dateText = paperDate(date);
  const needAll = ck.threshold === ck.parties;
  const use = ck.curve ? 'move the funds' : 'recover the secret';

  // Header: who made it, what it is, when.
  let y = PAGE_H - MARGIN;
  w.caption('JointKey', L, y - 8, bold, 8.5, ACCENT);
  w.rightText(dateText, R, y - 8, sans, 9.5, INK);
  w.caption('Printed on', R - w.width(dateText, sans, 9.5) - 58, y - 8, sans, 7.5);
  w.text('Paper backup of a child key', L, y - 34, bold, 20, INK);
  y -= 48;
  page.drawRectangle({ x: L, y, width: CONTENT_W, height: 2, color: ACCENT });

  // Who: the wallet and the holder.
  y -= 22;
  const col2 = L + CONTENT_W * 0.55;
  w.caption('Wallet', L, y, sans);
  w.caption('Holder', col2, y, sans);
  y -= 20;
  const walletEnd = wallet
    ? w.fitted(wallet, L, y, col2 - L - 16, bold, 15)
    : w.fitted('Name not recorded', L, y, col2 - L - 16, sans, 13, MUTED);
  const holderEnd = w.fitted(ck.label, col2, y, R - col2, bold, 15) - 14;
  w.text(`Child key ${ck.index} of ${ck.parties}`, col2, holderEnd, sans, 9.5, MUTED);
  const noteEnd = set
    ? walletEnd
    : w.paragraph(
        'Printed from the child key’s text alone, which does not carry the wallet’s name.',
        L,
        walletEnd - 5,
        col2 - L - 16,
        sans,
        7.5,
        9.5,
        MUTED,
      );
  y = Math.min(noteEnd, holderEnd);

  // Facts: the rule, the method, the wallet's public identity.
  y -= 22;
  w.rule(y + 8);
  const facts: [string, string, PDFFont, number][] = [
    [
      'Needed to restore',
      needAll ? `All ${ck.parties} child keys (every holder)` : `Any ${ck.threshold} of the ${ck.parties} child keys`,
      bold,
      10,
    ],
    ['Method', methodWords(ck.scheme, ck.field), sans, 9],
    [
      'What is split',
      ck.curve === 'secp256k1'
        ? 'A secp256k1 private key'
        : ck.curve === 'ed25519'
          ? 'An Ed25519 private key'
          : `A secret of ${ck.secretLength} bytes`,
      sans,
      9,
    ],
    [ck.curve ? 'Wallet public key' : 'Secret fingerprint', bytesToHex(ck.walletId), mono, 7.6],
    ['Set', bytesToHex(ck.setId), mono, 7.6],
  ];
  const valueX = L + 118;
  for (const [label, value, font, size] of facts) {
    w.caption(label, L, y - 14, sans);
    y = w.paragraph(value, valueX, y + 1, R - valueX, font, size, 15);
  }
  y -= 12;
  w.rule(y);

  // The child key: the code on the left, the groups on the right.
  y -= 24;
  w.text('The child key', L, y, bold, 12.5, ACCENT);
  y = w.paragraph(
    'Type the groups in order, or scan the code: capitals and spaces do not matter, and a typo is always caught.',
    L,
    y - 2,
    CONTENT_W,
    sans,
    8.5,
    12,
    MUTED,
  );
  const rowLead = rows.length > 12 ? 13 : 15.5;
  const pad = 14;
  const monoSize = 11;
  const groupW = mono.widthOfTextAtSize('00000', monoSize);
  const gap = 8.5;
  const numW = 22;
  const rowW = numW + PAPER_GROUPS_PER_ROW * groupW + (PAPER_GROUPS_PER_ROW - 1) * gap;
  const textHeight = rows.length * rowLead;
  // The code grows with the text beside it, up to the width the rows leave: larger modules scan better.
  const qrSide = Math.min(CONTENT_W - 2 * pad - rowW - 24, Math.max(176, textHeight + 6));
  const panelH = Math.max(qrSide, textHeight + 6) + 2 * pad;
  y -= 10;
  const panelTop = y;
  page.drawRectangle({
    x: L,
    y: panelTop - panelH,
    width: CONTENT_W,
    height: panelH,
    color: PANEL,
    borderColor: RULE,
    borderWidth: 0.6,
  });
  const qrY = panelTop - panelH / 2 - qrSide / 2;
  drawQr(page, qr.modules, L + pad, qrY, qrSide);
  qr.modules.data.fill(0);
  const textX = L + pad + qrSide + (CONTENT_W - pad - qrSide - rowW) / 2;
  let ry = panelTop - pad - (panelH - 2 * pad - textHeight) / 2 + (rowLead - monoSize) / 2 - 1;
  rows.forEach((row, i) => {
    ry -= rowLead;
    w.rightText(String(i + 1), textX + numW - 8, ry + 1, sans, 7, MUTED);
    row.forEach((g, j) => w.text(g, textX + numW + j * (groupW + gap), ry, mono, monoSize, INK));
  });
  y = panelTop - panelH;
  w.text(
    `${groups.length} groups, ${textForm.length} characters in all. The code holds the same text.`,
    L,
    y - 12,
    sans,
    7.5,
    MUTED,
  );
  y -= 14;

  // What to do: keep it safe; restore.
  y -= 24;
  const colW = (CONTENT_W - 24) / 2;
  const right = L + colW + 24;
  w.text('Keep this paper safe and private', L, y, bold, 11, ACCENT);
  w.text('How to restore', right, y, bold, 11, ACCENT);
  y -= 4;
  const safe = [
    needAll
      ? `This is one of ${ck.parties} child keys. All ${ck.parties} together can ${use}; fewer cannot.`
      : `This is one of ${ck.parties} child keys. Anyone who has ${ck.threshold} of them can ${use}, without asking anyone.`,
    `On its own, this paper cannot ${use}. Keep it as you would cash or a passport: locked away, out of sight.`,
    'Do not photograph it, copy it to a computer or phone, or store it online. No one from JointKey will ever ask for it.',
  ];
  const steps = [
    ck.curve
      ? 'Open the JointKey app and choose Joint signing (to use the wallet) or Health check (to check this paper).'
      : 'Open the JointKey app and choose Health check (to check this paper).',
    'Type the groups one by one, or paste what a QR reader shows. JointKey tells you at once if one is wrong.',
    needAll
      ? `Every other holder does the same with their child key, until all ${ck.parties} are in.`
      : `The other holders do the same until ${ck.threshold} of the ${ck.parties} child keys are in.`,
  ];
  let ly = y;
  for (const s of safe) {
    page.drawCircle({ x: L + 3, y: ly - 9.5, size: 1.6, color: ACCENT });
    ly = w.paragraph(s, L + 11, ly, colW - 11, sans, 8.5, 11.5) - 4;
  }
  let ry2 = y;
  steps.forEach((s, i) => {
    w.text(`${i + 1}`, right, ry2 - 11.5, bold, 8.5, ACCENT);
    ry2 = w.paragraph(s, right + 11, ry2, colW - 11, sans, 8.5, 11.5) - 4;
  });
  y = w.paragraph(
    `${ck.curve ? 'With' : 'To recover the secret, with'} the command line: type the groups (not the row numbers) on one line of a text file; run “jointkey restore” with it.`,
    L,
    Math.min(ly, ry2) - 2,
    CONTENT_W,
    sans,
    7.5,
    10,
    MUTED,
  );

  // For the holder's own records, where the page has room: a signature on receipt, the last check.
  const footY = MARGIN - 8;
  if (y - 110 > footY + 30) {
    y -= 34;
    w.text('For your records', L, y, bold, 9.5, ACCENT);
    const blanks = ['Received by (signature)', 'Last checked with Health check on'];
    blanks.forEach((b, i) => {
      const x = i === 0 ? L : right;
      w.rule(y - 38, 0.6, MUTED, x, x + colW);
      w.caption(b, x, y - 49, sans);
    });
    y -= 52;
  }

  // Footer.
  w.rule(footY + 14);
  // The labels shortened with "…" to share what room the line has beside its fixed words.
  const fixed = `JointKey paper backup · ${wallet ? ' · ' : ''}, child key ${ck.index} of ${ck.parties} · set ${bytesToHex(ck.setId).slice(0, 8)}`;
  const room = CONTENT_W - w.width('Private — keep safe', bold, 7) - 24 - w.width(fixed, sans, 7);
  const short = (t: string, width: number) => w.shorten(t, sans, 7, width);
  const holderShort = short(ck.label, wallet ? room / 2 : room);
  const walletShort = wallet ? short(wallet, room - w.width(holderShort, sans, 7)) : '';
  const footer = `JointKey paper backup · ${wallet ? `${walletShort} · ` : ''}${holderShort}, child key ${ck.index} of ${ck.parties} · set ${bytesToHex(ck.setId).slice(0, 8)}`;
  if (w.missing)
    w.text(
      'Characters this page’s font cannot show are written as their Unicode numbers (U+…); the child key holds the names exactly.',
      L,
      footY + 20,
      sans,
      6.5,
      MUTED,
    );
  w.text(footer, L, footY, sans, 7, MUTED);
  w.rightText('Private — keep safe', R, footY, bold, 7, MUTED);
  if (y < footY + 30) throw new RangeError('the paper backup layout overflows the page'); // a programmer's error

  doc.setTitle(
    `JointKey paper backup — ${wallet ? `${wallet} — ` : ''}${ck.label} (child key ${ck.index} of ${ck.parties})`,
  );
  doc.setSubject('A child key of a jointly owned key or secret. Keep it safe and private.');
  doc.setAuthor('JointKey');
  doc.setCreator('JointKey');
  doc.setProducer('JointKey');
  doc.setKeywords(['JointKey', 'paper backup']);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc.save();
}
