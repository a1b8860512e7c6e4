/**
 * Writing and reading files safely. A write goes to a temporary file in the same folder, is flushed
 * to disk (fsync), then linked to its final name — which fails if that name exists, so an existing
 * file is never replaced — and the folder is flushed too. A crash leaves either no file or the whole
 * file, never half of one. Reads refuse what is not a regular file or is larger than the caller
 * expects, before reading it.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { link, open, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { JointKeyError } from '../core/errors.js';

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform can fsync a directory (Windows); the file itself is already on disk.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `data` to `path` atomically, with mode 0600, and only if `path` does not exist yet.
 * Throws JointKeyError FILE_EXISTS, or FILE_UNREADABLE with the OS's reason.
 */
export function writeNewFile(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  writeNewFileWith(path, (fd) => {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  });
}

/**
 * The same as {@link writeNewFile}, for content written by `write` to an open file descriptor (a
 * stream too large to hold): the temporary file is linked into place only if `write` returns, and
 * removed if it throws; an error of `write` that is not the OS's is rethrown as it is.
 */
export function writeNewFileWith(path: string, write: (fd: number) => void): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    write(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    linkSync(temp, path);
  } catch (e) {
    throw writeError(path, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
  fsyncDir(dir);
}

/** A write's error as a person reads it; an error that is not the OS's is returned as it is. */
function writeError(path: string, e: unknown): unknown {
  if (e instanceof JointKeyError || !(e instanceof Error && 'code' in e)) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EEXIST')
    return new JointKeyError(
      'FILE_EXISTS',
      `${path} already exists. JointKey never replaces a file: choose another folder or move that file away.`,
    );
  return new JointKeyError(
    'FILE_UNREADABLE',
    `Could not write ${path} (${code ?? 'error'}). Check the folder exists and you may write to it.`,
  );
}

/**
 * {@link writeNewFileWith} for a writer that works asynchronously on a file handle (so a large
 * file's writes can run while the next part is computed). The same guarantees and errors.
 */
export async function writeNewFileWithAsync(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let file: FileHandle | undefined;
  try {
    file = await open(temp, 'wx', 0o600);
    await write(file);
    await file.sync();
    await file.close();
    file = undefined;
    await link(temp, path);
  } catch (e) {
    throw writeError(path, e);
  } finally {
    if (file !== undefined) await file.close();
    await unlink(temp).catch(() => undefined);
  }
  fsyncDir(dir);
}

/**
 * Reads a regular file of at most `maxBytes`. Throws JointKeyError FILE_NOT_FOUND, NOT_A_FILE,
 * FILE_TOO_LARGE or FILE_UNREADABLE, each naming the path.
 */
export function readLimited(path: string, maxBytes: number): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile())
      throw new JointKeyError(
        'NOT_A_FILE',
        `${path} is not a file (a folder or a device?). Give the path of a child-key file.`,
      );
    size = st.size;
  } catch (e) {
    if (e instanceof JointKeyError || !(e instanceof Error && 'code' in e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JointKeyError('FILE_NOT_FOUND', `${path} does not exist. Check the path.`);
    throw new JointKeyError('FILE_UNREADABLE', `Could not read ${path} (${code ?? 'error'}). Check you may read it.`);
  }
  if (size > maxBytes)
    throw new JointKeyError(
      'FILE_TOO_LARGE',
      `${path} is ${size} bytes, more than a child-key file can be (${maxBytes}). Choose the right file.`,
    );
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new JointKeyError('FILE_UNREADABLE', `Could not read ${path} (${code ?? 'error'}). Check you may read it.`);
  }
}

/** Creates folder `dir` (and its parents) if missing. Throws JointKeyError NOT_A_FILE / FILE_UNREADABLE naming it. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR')
      throw new JointKeyError('NOT_A_FILE', `${dir} is a file, not a folder. Give a folder for the child-key files.`);
    throw new JointKeyError(
      'FILE_UNREADABLE',
      `Could not create the folder ${dir} (${code ?? 'error'}). Check you may write there.`,
    );
  }
}
