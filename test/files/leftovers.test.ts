/**
 * Plaintext JointKey files left behind (main/files/leftovers.ts), on real files in a temporary
 * folder: a real paper backup (pdf-lib), a real plain child-key file and text form are listed, and
 * an encrypted file, a wallet record, a journal, a PDF of another name, a temporary file, a link and
 * a file in a subfolder are not; then deleting by the id main gave — once, only the file offered
 * (a file put in its place is left alone), and a refusal of the OS named with what to do.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isJointKeyError } from '../../main/core/errors.js';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import { childKeyToText } from '../../main/core/formats/text-form.js';
import type { ChildKey } from '../../main/core/formats/child-key.js';
import { encryptChildKeyFile } from '../../main/files/encrypted-child-key.js';
import { OfferedFiles, findLeftovers } from '../../main/files/leftovers.js';
import { paperBackupPdf } from '../../main/files/paper-backup.js';
import { keySet } from '../support/sets.js';
import { mountTmpfs } from '../support/tmpfs.js';

const root = mkdtempSync(join(tmpdir(), 'jointkey-leftovers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `case-${++n}`);
  mkdirSync(d);
  return d;
};

const set = keySet('shamir', 'leftovers');
const ck = set.childKeys[1] as ChildKey;

function code(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isJointKeyError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a JointKeyError');
}

/** A folder as JointKey and a person leave it: plaintext copies among files that are not. */
async function folderOfFiles() {
  const dir = fresh();
  const pdf = await paperBackupPdf({ childKey: ck, set: set.set });
  const w = (name: string, data: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, data, { mode: 0o600 });
    return p;
  };
  const plain = {
    paper: w('Family - 2 Bob - paper backup.pdf', pdf),
    journalPaper: w('printed for Bob.pdf', pdf),
    json: w('2-bob.jointkey.json', childKeyToFile(ck, set.set)),
    slip39: w('carol.json', '{\n  "format": "jointkey-slip39-child-key",\n  "version": 1\n}\n'),
    text: w('bob.txt', `${childKeyToText(ck)}\n`),
    typed: w('typed from paper.txt', `\uFEFF${childKeyToText(ck).toUpperCase().replaceAll('-', ' ')}`),
  };
  const other = [
    w(
      'Family - 2 Bob.jointkey.age',
      await encryptChildKeyFile(childKeyToFile(ck, set.set), 'velvet harbor quietly', 14),
    ),
    w('wallet.json', '{\n  "format": "jointkey-wallet",\n  "version": 1\n}\n'),
    w('journal.json', '{"format":"jointkey-ceremony-journal"}'),
    w('holiday.pdf', pdf), // a PDF of another name, not in a journal
    w('Fake - paper backup.pdf', 'not a PDF'),
    w('notes.txt', 'jk1 is what the child keys start with'),
    w('empty.txt', ''),
    w('.2-bob.jointkey.json.jointkey-1-0123456789ab.tmp', childKeyToFile(ck, set.set)), // swept at start instead
    w('child key later in the file.json', `{"wallet": "x", "format": "jointkey-child-key"}`),
  ];
  symlinkSync(plain.paper, join(dir, 'link - paper backup.pdf'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', '3-carol.jointkey.json'), childKeyToFile(ck, set.set));
  return { dir, plain, other };
}

describe('findLeftovers', () => {
  it('lists the plaintext child keys JointKey recognises, and nothing else', async () => {
    const { dir, plain } = await folderOfFiles();
    const found = findLeftovers([dir, join(root, 'missing'), dir], [plain.journalPaper]);
    expect(found.map((f) => [f.path, f.kind]).sort()).toEqual(
      [
        [plain.paper, 'paper-backup'],
        [plain.journalPaper, 'paper-backup'],
        [plain.json, 'child-key-file'],
        [plain.slip39, 'child-key-file'],
        [plain.text, 'child-key-text'],
        [plain.typed, 'child-key-text'],
      ].sort(),
    );
    const paper = found.find((f) => f.path === plain.paper)!;
    expect(paper.what).toBe('A paper backup (PDF): a child key in the clear');
    expect(paper.bytes).toBe(readFileSync(plain.paper).length);
    expect(Date.parse(paper.modifiedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Nothing of a child key is in what is listed.
    expect(JSON.stringify(found)).not.toContain(childKeyToText(ck).slice(4, 20));
  });

  it('without the journal, a PDF of another name is not listed; a subfolder only when given', async () => {
    const { dir, plain } = await folderOfFiles();
    expect(findLeftovers([dir]).map((f) => f.path)).not.toContain(plain.journalPaper);
    expect(findLeftovers([join(dir, 'sub')]).map((f) => f.kind)).toEqual(['child-key-file']);
    expect(findLeftovers([])).toEqual([]);
  });
});

describe('OfferedFiles: deleting only what main offered', () => {
  it('deletes the file offered by its id, once; the others stay', async () => {
    const { dir, plain, other } = await folderOfFiles();
    const offered = new OfferedFiles();
    const listed = offered.list([dir]);
    expect(listed).toHaveLength(5);
    for (const l of listed) expect(l.id).toMatch(/^[0-9a-f]{32}$/);
    // Listing again gives the same ids.
    expect(offered.list([dir]).map((l) => l.id)).toEqual(listed.map((l) => l.id));
    const paper = listed.find((l) => l.path === plain.paper)!;
    expect(offered.delete(paper.id)).toEqual({ path: plain.paper, alreadyGone: false });
    expect(existsSync(plain.paper)).toBe(false);
    // Once: the id is used up.
    const again = code(() => offered.delete(paper.id));
    expect(again.code).toBe('INVALID_ARGUMENT');
    expect(again.message).toMatch(/did not offer to delete this file, or has deleted it already\. Open the Wallets/);
    // An id main never gave, or a path, deletes nothing.
    for (const id of ['0'.repeat(32), plain.json, other[0]!, ''])
      expect(code(() => offered.delete(id)).code).toBe('INVALID_ARGUMENT');
    for (const p of [plain.json, plain.text, plain.journalPaper, ...other]) expect(existsSync(p)).toBe(true);
    // The link to it was never listed, and is left (dangling now).
    expect(lstatSync(join(dir, 'link - paper backup.pdf')).isSymbolicLink()).toBe(true);
  });

  it('a paper backup just written is offered, and deleted by that id', async () => {
    const dir = fresh();
    const path = join(dir, 'Family - 2 Bob - paper backup.pdf');
    writeFileSync(path, await paperBackupPdf({ childKey: ck, set: set.set }), { mode: 0o600 });
    const offered = new OfferedFiles();
    const id = offered.offer(path);
    expect(offered.pathOf(id)).toBe(path);
    expect(offered.list([dir]).map((l) => l.id)).toEqual([id]);
    expect(offered.delete(id)).toEqual({ path, alreadyGone: false });
    expect(existsSync(path)).toBe(false);
    expect(offered.pathOf(id)).toBeUndefined();
  });

  it('a file put in the place of the one offered is left alone (FILE_CHANGED), a link too', async () => {
    const dir = fresh();
    const keep = join(dir, 'precious.txt');
    writeFileSync(keep, 'a person’s own file');
    const path = join(dir, '1-alice.jointkey.json');
    const offered = new OfferedFiles();
    const write = () => writeFileSync(path, childKeyToFile(ck, set.set));

    write();
    const replaced = offered.offer(path);
    unlinkSync(path);
    writeFileSync(path, 'another file, put here since');
    const r = code(() => offered.delete(replaced));
    expect(r.code).toBe('FILE_CHANGED');
    expect(r.message).toBe(
      `${path} was replaced or changed after JointKey offered to delete it, so JointKey left it alone. Look at it yourself: if it is a copy of a child key you no longer need, delete it in your file manager and empty the trash.`,
    );
    expect(readFileSync(path, 'utf8')).toBe('another file, put here since');
    expect(code(() => offered.delete(replaced)).code).toBe('INVALID_ARGUMENT');

    unlinkSync(path);
    write();
    const linked = offered.offer(path);
    unlinkSync(path);
    symlinkSync(keep, path);
    expect(code(() => offered.delete(linked)).code).toBe('FILE_CHANGED');
    expect(readFileSync(keep, 'utf8')).toBe('a person’s own file');

    unlinkSync(path);
    write();
    const grown = offered.offer(path);
    writeFileSync(path, 'more\n', { flag: 'a' });
    expect(code(() => offered.delete(grown)).code).toBe('FILE_CHANGED');
    expect(existsSync(path)).toBe(true);
  });

  it('a file already gone is said to be gone', () => {
    const dir = fresh();
    const path = join(dir, 'bob.txt');
    writeFileSync(path, childKeyToText(ck));
    const offered = new OfferedFiles();
    const id = offered.offer(path);
    unlinkSync(path);
    expect(offered.delete(id)).toEqual({ path, alreadyGone: true });
  });

  it('keeps at most its limit of offers, forgetting the oldest', () => {
    const dir = fresh();
    const offered = new OfferedFiles(2);
    const ids = [1, 2, 3].map((i) => {
      const p = join(dir, `${i}.txt`);
      writeFileSync(p, childKeyToText(ck));
      return offered.offer(p);
    });
    expect(code(() => offered.delete(ids[0]!)).code).toBe('INVALID_ARGUMENT');
    expect(existsSync(join(dir, '1.txt'))).toBe(true);
    expect(offered.delete(ids[2]!).alreadyGone).toBe(false);
  });

  it('a deletion the OS refuses is DELETE_FAILED, saying what to do, and the offer stands', () => {
    // As root, a read-only file system refuses (root may delete anywhere else); as another user, a folder without write permission.
    let dir: string;
    let cleanUp: () => void;
    if (process.getuid?.() === 0) {
      const m = mountTmpfs(1);
      if (!m.tmpfs) return void console.warn(`DELETE_FAILED as root skipped: ${m.skip}`);
      const t = m.tmpfs;
      dir = t.dir;
      cleanUp = () => t.unmount();
    } else {
      dir = fresh();
      cleanUp = () => chmodSync(dir, 0o700);
    }
    try {
      const path = join(dir, 'Family - 2 Bob - paper backup.pdf');
      writeFileSync(path, '%PDF-1.7\n');
      const offered = new OfferedFiles();
      const id = offered.offer(path);
      if (process.getuid?.() === 0) execFileSync('mount', ['-o', 'remount,ro', dir]);
      else chmodSync(dir, 0o500);
      const r = code(() => offered.delete(id));
      expect(r.code).toBe('DELETE_FAILED');
      expect(r.message).toMatch(
        new RegExp(
          `^Could not delete ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((EROFS|EACCES)\\): you may not change the folder .*\\. It still holds a child key in the clear: .*delete it yourself in your file manager and empty the trash\\.$`,
        ),
      );
      expect(existsSync(path)).toBe(true);
      if (process.getuid?.() === 0) execFileSync('mount', ['-o', 'remount,rw', dir]);
      else chmodSync(dir, 0o700);
      expect(offered.delete(id)).toEqual({ path, alreadyGone: false });
    } finally {
      cleanUp();
    }
  });
});
