/**
 * Plaintext JointKey files left on this computer, and deleting them — only from main, and only
 * files main itself offered.
 *
 * {@link findLeftovers} lists, in the folders it is given (not their subfolders), the files that
 * hold a child key in the clear and that JointKey recognises as its own: paper backups (a PDF named
 * "… - paper backup.pdf", or one a ceremony journal lists), plain child-key files (JSON whose
 * `format` is one of JointKey's child-key formats) and text files holding a child key's text form
 * (`jk1-…`). Only each file's first bytes are read (the PDF header, the JSON's `format` field, the
 * text form's prefix): no child key is read whole, and nothing of one leaves this module. Encrypted
 * files (.jointkey.age), wallet records, journals and JointKey's temporary files (swept at start,
 * main/files/atomic.ts) are not listed. A restored secret has no name or content JointKey could
 * recognise: it is not listed.
 *
 * {@link OfferedFiles} hands out a random id for each file main offers to delete (a listed leftover,
 * or a paper backup just written) and deletes by that id only: a page can never name a path to
 * delete. The file must still be the one offered (the same device and inode, size and time of
 * change) and a regular file; otherwise it is left alone (FILE_CHANGED). Deleting does not
 * overwrite: on an SSD or a journaling file system the bytes may stay on the disk until reused.
 *
 * Pure Node: no Electron (tests run it on real files).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, readSync, readdirSync, type Stats, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { JointKeyError } from '../core/errors.js';
import { isTemporaryName } from './atomic.js';

export type LeftoverKind = 'paper-backup' | 'child-key-file' | 'child-key-text';

export interface Leftover {
  path: string;
  kind: LeftoverKind;
  /** What it is, in plain words: "A paper backup (PDF) — a child key in the clear". */
  what: string;
  bytes: number;
  modifiedAt: string;
}

/** How the app names a holder's paper backup: "WALLET - N HOLDER - paper backup.pdf". */
export const PAPER_BACKUP_SUFFIX = ' - paper backup.pdf';

/** JointKey's plaintext child-key file formats (the JSON's `format`). */
const CHILD_KEY_FORMATS = ['jointkey-child-key', 'jointkey-slip39-child-key', 'jointkey-frost-child-key'];
const FORMAT_FIRST = new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"(${CHILD_KEY_FORMATS.join('|')})"`);
/** A child key's one-line text form: "jk1-" then its groups (any case, as JointKey reads it). */
const TEXT_FORM = /^\s*jk1[-\s]?[0-9a-z]{4}/i;
/** The largest text file that can be a child key's text form (its longest is far shorter). */
const MAX_TEXT_BYTES = 1024 * 1024;
const HEAD_BYTES = 256;

const WHAT: Record<LeftoverKind, string> = {
  'paper-backup': 'A paper backup (PDF): a child key in the clear',
  'child-key-file': 'A child-key file that is not encrypted',
  'child-key-text': 'A text file holding a child key',
};

/** The first `n` bytes of a regular file (fewer if it is shorter), never following a link. */
function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * What kind of plaintext JointKey file `path` is (its `st` from lstat), or undefined. `paperBackups`:
 * paths ceremony journals list as paper backups (any name).
 */
export function recogniseLeftover(
  path: string,
  st: Stats,
  paperBackups: ReadonlySet<string>,
): LeftoverKind | undefined {
  if (!st.isFile() || st.size === 0) return undefined;
  const name = basename(path);
  if (isTemporaryName(name)) return undefined;
  let bytes: Buffer;
  try {
    bytes = head(path, HEAD_BYTES);
  } catch {
    return undefined; // unreadable: not ours to judge
  }
  try {
    const text = bytes.toString('latin1').replace(/^\u00EF\u00BB\u00BF/, ''); // a UTF-8 byte-order mark
    if (
      (name.toLowerCase().endsWith(PAPER_BACKUP_SUFFIX) || paperBackups.has(resolve(path))) &&
      text.startsWith('%PDF-')
    )
      return 'paper-backup';
    if (FORMAT_FIRST.test(text)) return 'child-key-file';
    if (st.size <= MAX_TEXT_BYTES && TEXT_FORM.test(text)) return 'child-key-text';
    return undefined;
  } finally {
    bytes.fill(0);
  }
}

/**
 * The plaintext JointKey files in `dirs` (each folder itself, not its subfolders): regular files of
 * this user, never through a link; a folder that is missing or cannot be read is passed over. In
 * the order of `dirs`, then by name. `paperBackups`: paths the ceremony journals list as paper backups.
 */
export function findLeftovers(dirs: Iterable<string>, paperBackups: Iterable<string> = []): Leftover[] {
  const known = new Set([...paperBackups].map((p) => resolve(p)));
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const found: Leftover[] = [];
  for (const dir of new Set([...dirs].map((d) => resolve(d)))) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      let st: Stats;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      if (uid !== undefined && st.uid !== uid) continue;
      const kind = recogniseLeftover(path, st, known);
      if (kind)
        found.push({ path, kind, what: WHAT[kind], bytes: st.size, modifiedAt: new Date(st.mtimeMs).toISOString() });
    }
  }
  return found;
}

interface Offer {
  path: string;
  dev: number;
  ino: number;
  size: number;
  ctimeMs: number;
}

function identity(path: string, st: Stats): Offer {
  return { path, dev: st.dev, ino: st.ino, size: st.size, ctimeMs: st.ctimeMs };
}

function same(a: Offer, st: Stats): boolean {
  return st.isFile() && st.dev === a.dev && st.ino === a.ino && st.size === a.size && st.ctimeMs === a.ctimeMs;
}

function errnoOf(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : undefined;
}

const NOT_OFFERED =
  'JointKey did not offer to delete this file, or has deleted it already. Open the Wallets screen again to see the plaintext files left, and delete them from there.';

/**
 * The files main offered to delete, by random id. An id is used once; at most `max` are kept (the
 * oldest are forgotten first).
 */
export class OfferedFiles {
  readonly #offers = new Map<string, Offer>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  /** Offers the file now at `path` (a regular file) for deletion: its id. The same file keeps its id. */
  offer(path: string): string {
    const abs = resolve(path);
    const st = lstatSync(abs);
    if (!st.isFile()) throw new RangeError(`${abs} is not a regular file`); // a programmer's error
    const offer = identity(abs, st);
    for (const [id, o] of this.#offers)
      if (o.path === abs) {
        if (same(o, st)) return id;
        this.#offers.delete(id);
      }
    const id = randomBytes(16).toString('hex');
    this.#offers.set(id, offer);
    while (this.#offers.size > this.#max) this.#offers.delete(this.#offers.keys().next().value as string);
    return id;
  }

  /** {@link findLeftovers}, each file offered: its id with it. */
  list(dirs: Iterable<string>, paperBackups: Iterable<string> = []): (Leftover & { id: string })[] {
    const out: (Leftover & { id: string })[] = [];
    for (const l of findLeftovers(dirs, paperBackups))
      try {
        out.push({ ...l, id: this.offer(l.path) });
      } catch {
        // gone or replaced meanwhile: not listed
      }
    return out;
  }

  /** The path offered under `id`, if it is still offered. */
  pathOf(id: string): string | undefined {
    return this.#offers.get(id)?.path;
  }

  /**
   * Deletes the file offered under `id`, if it is still that file. Returns its path, and whether it
   * was already gone. Throws JointKeyError INVALID_ARGUMENT (not offered, or used), FILE_CHANGED
   * (replaced or changed since: left alone) or DELETE_FAILED (the OS refused), each saying what to do.
   */
  delete(id: string): { path: string; alreadyGone: boolean } {
    const offer = this.#offers.get(id);
    if (!offer) throw new JointKeyError('INVALID_ARGUMENT', NOT_OFFERED);
    const { path } = offer;
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'ENOTDIR') {
        this.#offers.delete(id);
        return { path, alreadyGone: true };
      }
      throw failed(path, e);
    }
    if (!same(offer, st)) {
      this.#offers.delete(id);
      throw new JointKeyError(
        'FILE_CHANGED',
        `${path} was replaced or changed after JointKey offered to delete it, so JointKey left it alone. Look at it yourself: if it is a copy of a child key you no longer need, delete it in your file manager and empty the trash.`,
      );
    }
    try {
      unlinkSync(path);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') {
        this.#offers.delete(id);
        return { path, alreadyGone: true };
      }
      throw failed(path, e);
    }
    this.#offers.delete(id);
    fsyncDir(dirname(path));
    return { path, alreadyGone: false };
  }
}

function failed(path: string, e: unknown): JointKeyError {
  const code = errnoOf(e);
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `you may not change the folder ${dirname(path)}${code === 'EROFS' ? ' (it is read-only)' : ''}`
      : code === 'EBUSY'
        ? 'another program has it open'
        : 'the disk reported an error';
  return new JointKeyError(
    'DELETE_FAILED',
    `Could not delete ${path} (${code ?? 'error'}): ${why}. It still holds a child key in the clear: close any program that has it open and try again, or delete it yourself in your file manager and empty the trash.`,
  );
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not every platform can fsync a folder; the file is gone either way
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
