import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import type { ChildKey } from '../../main/core/formats/child-key.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { splitKey, splitSecret } from '../../main/core/wallet/split.js';
import { childKeyFromText, childKeyToText } from '../../main/core/formats/text-form.js';
import {
  PAPER_GROUPS_PER_ROW,
  PAPER_MAX_TEXT_CHARS,
  fontPath,
  paperBackupPdf,
  paperDate,
  paperGroups,
} from '../../main/files/paper-backup.js';
import { popplerMissing, renderPdf } from '../support/pdf.js';
import { seededRng } from '../support/sets.js';

// Local noon, so the calendar day is the same in every time zone the tests run in.
const DATE = new Date(2026, 10, 24, 12, 0, 0);
const LABELS = ['Zoë', '李雷', 'Дарья'];

function keyWallet() {
  const rng = seededRng('paper/key');
  const key = generatePrivateKey('secp256k1', rng);
  return splitKey('secp256k1', key, {
    scheme: 'shamir',
    parties: 3,
    threshold: 2,
    labels: LABELS,
    walletLabel: 'Family savings — Épargne',
    rng,
  });
}

function secretWallet(length: number, labels = LABELS, walletLabel = 'Deeds') {
  const rng = seededRng(`paper/secret/${length}`);
  return splitSecret(rng(length), { scheme: 'gf256', parties: 3, threshold: 2, labels, walletLabel, rng });
}

/** The longest gf256 secret whose child key 1 still fits on the page. */
function longestThatFits(labels = LABELS): { length: number } {
  let length = 600;
  while (childKeyToText(secretWallet(length, labels).childKeys[0] as ChildKey).length > PAPER_MAX_TEXT_CHARS) length--;
  return { length };
}

// The longest labels there are: a 64-byte holder label without a space, a 100-byte wallet label.
const LONG_HOLDER = 'Abcdefghij'.repeat(6) + 'Wxyz';
const LONG_WALLET =
  'The house fund of the Example family, kept together by all of us since the year 2026 for the kids!!!';

/** The rows of groups, as the page prints them: row number, then the groups of that row. */
function rowsOf(textForm: string): string[][] {
  const groups = paperGroups(textForm);
  const rows: string[][] = [];
  for (let i = 0; i < groups.length; i += PAPER_GROUPS_PER_ROW) rows.push(groups.slice(i, i + PAPER_GROUPS_PER_ROW));
  return rows;
}

/** Asserts every row of the grouped text form is on the page, in order, each after its number. */
function expectGroupsOnPage(pageText: string, textForm: string): void {
  const flat = pageText.replace(/\s+/g, ' ');
  let from = 0;
  rowsOf(textForm).forEach((row, i) => {
    const at = flat.indexOf(` ${i + 1} ${row.join(' ')}`, from);
    expect(at, `row ${i + 1} of the child key`).toBeGreaterThan(-1);
    from = at + 1;
  });
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a refusal');
}

describe('the paper backup: fonts', () => {
  it('resolves the bundled DejaVu fonts from the module', () => {
    for (const f of ['sans', 'bold', 'mono'] as const) expect(existsSync(fontPath(f)), f).toBe(true);
  });
});

describe.skipIf(popplerMissing !== undefined)(`the paper backup, rendered ${popplerMissing ?? ''}`, () => {
  it('a secp256k1 child key: the code scans back to the exact text form, and the page says who, what and when', async () => {
    const { childKeys, set } = keyWallet();
    const ck = childKeys[0] as ChildKey;
    const textForm = childKeyToText(ck);
    const pdf = await paperBackupPdf({ childKey: ck, set, date: DATE });
    const page = renderPdf(pdf);
    expect(page.pages).toBe(1);
    // A4 at 150 dpi: 1240 × 1754 pixels.
    expect(Math.abs(page.width - 1240) + Math.abs(page.height - 1754)).toBeLessThanOrEqual(2);
    mkdirSync('test-results/screens', { recursive: true });
    writeFileSync('test-results/screens/paper-backup.png', page.png);

    expect(page.qr, 'a QR code is found on the page').toBeDefined();
    const scanned = page.qr?.text as string;
    // Upper-cased, so the code is in the dense alphanumeric mode (digit runs may be numeric).
    expect(scanned).toBe(textForm.toUpperCase());
    expect(page.qr?.modes.every((m) => m === 'alphanumeric' || m === 'numeric')).toBe(true);
    expect(scanned.toLowerCase()).toBe(textForm);
    const back = childKeyFromText(scanned);
    expect(bytesToHex(back.share)).toBe(bytesToHex(ck.share));
    expect(back.label).toBe('Zoë');

    expect(page.text).toContain('Family savings — Épargne');
    expect(page.text).toContain('Zoë');
    expect(page.text).toContain(paperDate(DATE));
    expect(paperDate(DATE)).toBe('24 November 2026');
    expect(page.text).toContain('Child key 1 of 3');
    expect(page.text).toContain('Any 2 of the 3 child keys');
    expect(page.text).toContain('shamir');
    expect(page.text).toContain(bytesToHex(set.walletId));
    expect(page.text).toContain('How to restore');
    expect(page.text).toContain('can move the funds');
    expect(page.text).toContain('Joint signing');
    expect(page.text).toContain('Keep this paper safe and private');
    expectGroupsOnPage(page.text, textForm);
  });

  it('a holder label in a script the fonts lack prints as Unicode numbers, and the code keeps it exactly', async () => {
    const { childKeys, set } = keyWallet();
    const ck = childKeys[1] as ChildKey;
    const page = renderPdf(await paperBackupPdf({ childKey: ck, set, date: DATE }));
    mkdirSync('test-results/screens', { recursive: true });
    writeFileSync('test-results/screens/paper-backup-cjk.png', page.png);
    expect(page.text).toContain('U+674E U+96F7'); // 李雷
    expect(page.text).toContain('written as their Unicode numbers');
    expect(childKeyFromText(page.qr?.text as string).label).toBe('李雷');
    expectGroupsOnPage(page.text, childKeyToText(ck));
  });

  it('a Cyrillic holder label prints as it is', async () => {
    const { childKeys, set } = keyWallet();
    const page = renderPdf(await paperBackupPdf({ childKey: childKeys[2] as ChildKey, set, date: DATE }));
    expect(page.text).toContain('Дарья');
    expect(page.text).not.toContain('Unicode numbers');
    expect(page.text).toContain('Child key 3 of 3');
  });

  it('an N-of-N set of an Ed25519 key says every child key is needed', async () => {
    const rng = seededRng('paper/ed25519');
    const { childKeys, set } = splitKey('ed25519', generatePrivateKey('ed25519', rng), {
      scheme: 'xor',
      parties: 3,
      labels: LABELS,
      walletLabel: 'Shop',
      rng,
    });
    const ck = childKeys[2] as ChildKey;
    const page = renderPdf(await paperBackupPdf({ childKey: ck, set, date: DATE }));
    const flat = page.text.replace(/\s+/g, ' ');
    expect(flat).toContain('All 3 child keys (every holder)');
    expect(flat).toContain('All 3 together can');
    expect(flat).toContain('fewer cannot.');
    expect(flat).toContain('An Ed25519 private key');
    expect(page.qr?.text.toLowerCase()).toBe(childKeyToText(ck));
  });

  it('one of the longest child keys that fits: one page, and the code still scans to the exact text form', async () => {
    const { length } = longestThatFits();
    const { childKeys, set } = secretWallet(length);
    const ck = childKeys[0] as ChildKey;
    const textForm = childKeyToText(ck);
    expect(textForm.length).toBeGreaterThan(PAPER_MAX_TEXT_CHARS - 6); // within one group of the limit
    const page = renderPdf(await paperBackupPdf({ childKey: ck, set, date: DATE }));
    mkdirSync('test-results/screens', { recursive: true });
    writeFileSync('test-results/screens/paper-backup-longest.png', page.png);
    expect(page.pages).toBe(1);
    expect(page.qr?.text.toLowerCase()).toBe(textForm);
    expect(bytesToHex(childKeyFromText(page.qr?.text as string).share)).toBe(bytesToHex(ck.share));
    expect(page.text).toContain('Deeds');
    expect(page.text).toContain(`A secret of ${length} bytes`);
    expect(page.text).toContain('can recover the secret');
    expectGroupsOnPage(page.text, textForm);
  });

  it('the longest labels with the longest child key still fit one page, shrunk and wrapped', async () => {
    expect(new TextEncoder().encode(LONG_HOLDER).length).toBe(64);
    expect(new TextEncoder().encode(LONG_WALLET).length).toBe(100);
    const labels = [LONG_HOLDER, 'Bob', 'Carol'];
    const { length } = longestThatFits(labels);
    const { childKeys, set } = secretWallet(length, labels, LONG_WALLET);
    const ck = childKeys[0] as ChildKey;
    const page = renderPdf(await paperBackupPdf({ childKey: ck, set, date: DATE }));
    mkdirSync('test-results/screens', { recursive: true });
    writeFileSync('test-results/screens/paper-backup-long-labels.png', page.png);
    expect(page.pages).toBe(1);
    const flat = page.raw.replace(/\s+/g, '');
    expect(flat).toContain(LONG_HOLDER); // in pieces on two lines, nothing lost
    expect(flat).toContain(LONG_WALLET.replace(/\s+/g, ''));
    expect(page.qr?.text.toLowerCase()).toBe(childKeyToText(ck));
  });

  it('a text-form child key (no set data) prints, and says the wallet name is not recorded', async () => {
    const { childKeys } = keyWallet();
    const ck = childKeyFromText(childKeyToText(childKeys[0] as ChildKey));
    const page = renderPdf(await paperBackupPdf({ childKey: ck, date: DATE }));
    expect(page.text).toContain('Name not recorded');
    expect(page.text).toContain('Printed from the child key’s text alone');
    expect(page.qr?.text.toLowerCase()).toBe(childKeyToText(ck));
  });
});

describe('the paper backup: refusals and metadata', () => {
  it('refuses a child key one byte longer than the longest that fits, saying to keep the file', async () => {
    const { length } = longestThatFits();
    const { childKeys, set } = secretWallet(length + 1);
    const ck = childKeys[0] as ChildKey;
    expect(childKeyToText(ck).length).toBeGreaterThan(PAPER_MAX_TEXT_CHARS);
    const r = await rejection(paperBackupPdf({ childKey: ck, set, date: DATE }));
    expect(r.code).toBe('SECRET_TOO_LARGE');
    expect(r.message).toMatch(/keys and small secrets: keep this child key's file instead/);
    expect(r.message).not.toContain(childKeyToText(ck).slice(4, 15));
  });

  it('refuses a child key with the public data of another set', async () => {
    const { childKeys } = keyWallet();
    const other = secretWallet(40);
    const r = await rejection(paperBackupPdf({ childKey: childKeys[0] as ChildKey, set: other.set, date: DATE }));
    expect(r.code).toBe('DIFFERENT_WALLET');
  });

  it('refuses an invalid date', async () => {
    const { childKeys, set } = keyWallet();
    await expect(paperBackupPdf({ childKey: childKeys[0] as ChildKey, set, date: new Date(NaN) })).rejects.toThrow(
      RangeError,
    );
  });

  it('sets the metadata: a title without the key, producer JointKey, the creation date', async () => {
    const { childKeys, set } = keyWallet();
    const ck = childKeys[0] as ChildKey;
    const pdf = await paperBackupPdf({ childKey: ck, set, date: DATE });
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const title = doc.getTitle() as string;
    expect(title).toBe('JointKey paper backup — Family savings — Épargne — Zoë (child key 1 of 3)');
    for (const g of paperGroups(childKeyToText(ck)).slice(1)) expect(title).not.toContain(g);
    expect(doc.getProducer()).toBe('JointKey');
    expect(doc.getCreationDate()?.getTime()).toBe(DATE.getTime());
    // The same input gives the same bytes: nothing random, nothing of the clock, goes into the file.
    expect(bytesToHex(await paperBackupPdf({ childKey: ck, set, date: DATE }))).toBe(bytesToHex(pdf));
  });
});
