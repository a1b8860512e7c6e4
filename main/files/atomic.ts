/**
 * Writing and reading files safely. A write goes to a temporary file in the same folder, is flushed
 * to disk (fsync), then linked to its final name — which fails if that name exists, so an existing
 * file is never replaced — and the folder is flushed too. A crash leaves either no file or the whole
 * file, never half of one; a failed write (a full disk, a quota, an I/O error, a permission lost
 * midway) removes its temporary file on every path before the error leaves, and a temporary file
 * that a killed process left behind is removed by {@link sweepTemporaries} at the next start. A full
 * disk (ENOSPC) or quota (EDQUOT) is JointKeyError DISK_FULL, saying how much to free and where.
 *
 * Reads refuse what is not a regular file or is larger than the caller expects, before reading it;
 * reads and writes both refuse the operating system's special file systems (/proc, /sys, /dev…)
 * up front.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { link, open, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { JointKeyError } from '../core/errors.js';

const MiB = 1024 * 1024;

/** What a path is for, in errors: "--secret-file" and "the secret" name the option and what it holds. */
export interface PathRole {
  /** The command-line option the path was given with, when there is one. */
  option?: string | undefined;
  /** What the file should be: "a child-key file", "a text file of passphrases"… */
  noun: string;
}

const CHILD_KEY_FILE: PathRole = { noun: 'a child-key file' };

/** "--secret-file /x" or "/x": the path as the person gave it, with its option. */
function named(path: string, role: PathRole | undefined): string {
  return role?.option ? `${role.option} ${path}` : path;
}

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

// ---------------------------------------------------------------------------------------------
// Special file systems

/** Folders of the operating system's own file systems: never a place for a person's files. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
/** …except /dev/shm, a tmpfs of ordinary files (where a person may keep a secret off the disk). */
const ORDINARY_UNDER_SPECIAL = ['/dev/shm'];

/** Linux statfs f_type of file systems that are not storage (proc, sysfs, devpts, debugfs, cgroups…). */
const SPECIAL_MAGIC = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x1cd1, // devpts
  0x64626720, // debugfs
  0x74726163, // tracefs
  0x73636673, // securityfs
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0xcafe4a11, // bpf
  0x6165676c, // pstore
  0x62656570, // configfs
  0xde5e81e4, // efivarfs
  0x42494e4d, // binfmt_misc
]);

/** The nearest folder or file on the way up from `path` that exists, resolved through links. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) return p;
    p = up;
  }
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Refuses, before anything is read or written, a path on one of the operating system's special
 * file systems (/proc, /sys, /dev but /dev/shm, and on Linux any proc, sysfs, cgroup… mount): reading one gives
 * no file's bytes, and writing one can hang (Node's recursive mkdir loops on /proc). Throws
 * JointKeyError INVALID_ARGUMENT naming the option; returns quietly for any other path.
 */
export function refuseSpecialPath(path: string, role?: PathRole): void {
  if (process.platform === 'win32') return;
  const real = nearestExisting(path);
  const asGiven = resolve(path);
  const under = (p: string, r: string) => p === r || p.startsWith(r + sep);
  const root = SPECIAL_ROOTS.find((r) =>
    [real, asGiven].some((p) => under(p, r) && !ORDINARY_UNDER_SPECIAL.some((o) => under(p, o))),
  );
  let special = root;
  if (special === undefined && process.platform === 'linux')
    try {
      if (SPECIAL_MAGIC.has(Number(statfsSync(real).type))) special = real;
    } catch {
      // cannot tell: the read or write itself names any problem
    }
  if (special !== undefined)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${named(path, role)} is on ${special}, a special file system of the operating system, not a disk. Give ${role?.noun ?? 'a path'} on a disk${role?.option ? ` for ${role.option}` : ''}.`,
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Bytes free for this user in `dir` and the file system's block size (statfs), or undefined when it cannot be told. */
function space(dir: string): { free: number; block: number } | undefined {
  try {
    const s = statfsSync(nearestExisting(dir));
    return { free: Number(s.bavail) * Number(s.bsize), block: Number(s.bsize) || 4096 };
  } catch {
    return undefined;
  }
}

function mib(bytes: number): string {
  return bytes < MiB ? `${Math.max(1, Math.ceil(bytes / 1024))} KiB` : `${Math.ceil(bytes / MiB)} MiB`;
}

/**
 * JointKeyError DISK_FULL for a write of files of `sizes` bytes (one number for one file) into
 * `dir` that found the disk (or the person's quota) full: how much more to free there — what the
 * files take on this disk (each rounded up to whole blocks) less what is free now (after the
 * temporary files were removed), in whole MiB, at least 1 — and that nothing was left.
 */
export function diskFullError(dir: string, sizes: number | readonly number[]): JointKeyError {
  const s = space(dir);
  const block = s?.block ?? 4096;
  const needed = (typeof sizes === 'number' ? [sizes] : sizes).reduce(
    (n, size) => n + Math.max(1, Math.ceil(size / block)) * block,
    0,
  );
  const short = Math.max(1, Math.ceil((needed - (s?.free ?? 0)) / MiB));
  return new JointKeyError(
    'DISK_FULL',
    `The disk is full: free ${short} MiB in ${dir} and try again (this needs about ${mib(needed)}${s === undefined ? '' : `; ${mib(s.free)} is free`}). Nothing was written there.`,
  );
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && 'code' in e;
}

/** A write's error as a person reads it; an error that is not the OS's is returned as it is. */
function writeError(path: string, e: unknown, neededBytes: number, leftover: string | undefined): unknown {
  if (e instanceof JointKeyError || !isErrno(e)) return e;
  const code = e.code;
  const dir = dirname(path);
  const left = leftover
    ? ` JointKey could not remove its temporary file ${leftover}: delete it (it may hold part of the file).`
    : '';
  if (code === 'EEXIST')
    return new JointKeyError(
      'FILE_EXISTS',
      `${path} already exists. JointKey never replaces a file: choose another folder or move that file away.`,
    );
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const full = diskFullError(dir, neededBytes);
    return left ? new JointKeyError('DISK_FULL', full.message.replace('Nothing was written there.', left)) : full;
  }
  const what =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `the folder ${dir} does not exist. Choose a folder that exists.`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? `you may not write in ${dir}${code === 'EROFS' ? ' (it is read-only)' : ''}. Choose a folder you may write to.`
        : `the disk reported an error. Check the disk, or choose another folder.`;
  return new JointKeyError(
    'FILE_UNREADABLE',
    `Could not write ${path} (${code ?? 'error'}): ${what}${left || ' Nothing was written there.'}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Temporary files

/** JointKey's temporary files: ".NAME.jointkey-PID-RANDOM.tmp", beside the file they become. */
const TEMP_NAME = /^\..+\.jointkey-(\d+)-[0-9a-f]{12}\.tmp$/;
/** The temporary names of JointKey before 0.2 (no process id): ".NAME.RANDOM.tmp", "settings.json.RANDOM.tmp". */
const OLD_TEMP_NAMES = [/^\..+\.[0-9a-f]{12}\.tmp$/, /^settings\.json\.[0-9a-f]{12}\.tmp$/];

/** A new temporary name beside `path`, carrying this process's id (so a sweep leaves a live writer's alone). */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.jointkey-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether `name` is one of JointKey's temporary names (this version's or an earlier one's). */
export function isTemporaryName(name: string): boolean {
  return TEMP_NAME.test(name) || OLD_TEMP_NAMES.some((r) => r.test(name));
}

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isErrno(e) && e.code === 'EPERM';
  }
}

/**
 * Removes the temporary files JointKey left in `dirs` when it was killed or crashed midway through
 * a write (one of them can hold part of a child key or a restored secret in the clear). Removes
 * only regular files, of this user, with JointKey's temporary names, whose writer is no longer
 * running; never follows a link; a folder that is missing or cannot be read is passed over.
 * Returns the paths removed.
 */
export function sweepTemporaries(dirs: Iterable<string | undefined>): string[] {
  const removed: string[] = [];
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  for (const dir of new Set([...dirs].filter((d): d is string => d !== undefined).map((d) => resolve(d)))) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isTemporaryName(name)) continue;
      const pid = TEMP_NAME.exec(name)?.[1];
      if (pid !== undefined && running(Number(pid))) continue;
      const path = join(dir, name);
      try {
        const st = lstatSync(path);
        if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
        unlinkSync(path);
        removed.push(path);
      } catch {
        // gone meanwhile, or not ours to remove
      }
    }
  }
  return removed;
}

/** Removes `temp`; returns it when it could not be removed (and still exists), else undefined. */
function removeTemp(temp: string): string | undefined {
  try {
    unlinkSync(temp);
  } catch (e) {
    if (!(isErrno(e) && e.code === 'ENOENT')) return temp;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writes

/**
 * Writes `data` to `path` atomically, with mode 0600, and only if `path` does not exist yet.
 * Throws JointKeyError FILE_EXISTS, DISK_FULL (saying how much to free), INVALID_ARGUMENT (a
 * special file system), or FILE_UNREADABLE with the OS's reason. Nothing is left on failure.
 */
export function writeNewFile(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  writeNewFileWith(
    path,
    (fd) => {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    },
    bytes.length,
  );
}

/**
 * The same as {@link writeNewFile}, for content written by `write` to an open file descriptor (a
 * stream too large to hold): the temporary file is linked into place only if `write` returns, and
 * removed if anything throws; an error of `write` that is not the OS's is rethrown as it is.
 * `expectedBytes` (the file's size, about) says how much to free when the disk is full.
 */
export function writeNewFileWith(path: string, write: (fd: number) => void, expectedBytes = 0): void {
  refuseSpecialPath(path);
  const dir = dirname(path);
  const temp = temporaryPath(path);
  let fd: number | undefined;
  let failure: unknown;
  try {
    fd = openSync(temp, 'wx', 0o600);
    write(fd);
    fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    closeSync(closing); // a network disk may report a full disk only here
    linkSync(temp, path);
  } catch (e) {
    failure = e;
  } finally {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        // the write already failed; removing the file is what matters
      }
  }
  const leftover = removeTemp(temp);
  if (failure !== undefined) throw writeError(path, failure, expectedBytes, leftover);
  fsyncDir(dir);
}

/**
 * {@link writeNewFileWith} for a writer that works asynchronously on a file handle (so a large
 * file's writes can run while the next part is computed). The same guarantees and errors.
 */
export async function writeNewFileWithAsync(
  path: string,
  write: (file: FileHandle) => Promise<void>,
  expectedBytes = 0,
): Promise<void> {
  refuseSpecialPath(path);
  const dir = dirname(path);
  const temp = temporaryPath(path);
  let file: FileHandle | undefined;
  let failure: unknown;
  try {
    file = await open(temp, 'wx', 0o600);
    await write(file);
    await file.sync();
    const closing = file;
    file = undefined;
    await closing.close();
    await link(temp, path);
  } catch (e) {
    failure = e;
  } finally {
    if (file !== undefined) await file.close().catch(() => undefined);
  }
  let leftover: string | undefined;
  try {
    await unlink(temp);
  } catch (e) {
    if (!(isErrno(e) && e.code === 'ENOENT')) leftover = temp;
  }
  if (failure !== undefined) throw writeError(path, failure, expectedBytes, leftover);
  fsyncDir(dir);
}

/**
 * Replaces `path` with `data` atomically (temporary file, fsync, rename), mode 0600: for a small
 * file that is meant to change (the settings). A crash leaves the old content or the new. The
 * errors of {@link writeNewFile}; nothing is left on failure.
 */
export function replaceFile(path: string, data: string | Uint8Array): void {
  refuseSpecialPath(path);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = temporaryPath(path);
  let fd: number | undefined;
  let failure: unknown;
  try {
    fd = openSync(temp, 'wx', 0o600);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    closeSync(closing);
    renameSync(temp, path);
  } catch (e) {
    failure = e;
  } finally {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        // removing the file is what matters
      }
  }
  const leftover = removeTemp(temp);
  if (failure !== undefined) throw writeError(path, failure, bytes.length, leftover);
  fsyncDir(dirname(path));
}

// ---------------------------------------------------------------------------------------------
// Reads and folders

/**
 * Reads a regular file of at most `maxBytes`. `role` names the option and what the file should
 * be, in errors (a child-key file by default). Throws JointKeyError FILE_NOT_FOUND, NOT_A_FILE,
 * FILE_TOO_LARGE, FILE_UNREADABLE or INVALID_ARGUMENT (a special file system), each naming the path.
 */
export function readLimited(path: string, maxBytes: number, role: PathRole = CHILD_KEY_FILE): Buffer {
  refuseSpecialPath(path, role);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile())
      throw new JointKeyError(
        'NOT_A_FILE',
        `${named(path, role)} is not a file (a folder or a device?). Give the path of ${role.noun}.`,
      );
    size = st.size;
  } catch (e) {
    if (e instanceof JointKeyError || !isErrno(e)) throw e;
    if (e.code === 'ENOENT')
      throw new JointKeyError('FILE_NOT_FOUND', `${named(path, role)} does not exist. Check the path.`);
    throw new JointKeyError(
      'FILE_UNREADABLE',
      `Could not read ${named(path, role)} (${e.code ?? 'error'}). Check you may read it.`,
    );
  }
  if (size > maxBytes)
    throw new JointKeyError(
      'FILE_TOO_LARGE',
      `${named(path, role)} is ${size} bytes, more than ${role.noun} can be (${maxBytes}). Choose the right file.`,
    );
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new JointKeyError(
      'FILE_UNREADABLE',
      `Could not read ${named(path, role)} (${code ?? 'error'}). Check you may read it.`,
    );
  }
}

/**
 * Creates folder `dir` (and its parents) if missing. `option` names the option it was given with,
 * in errors. Throws JointKeyError NOT_A_FILE, DISK_FULL, INVALID_ARGUMENT (a special file system)
 * or FILE_UNREADABLE naming it.
 */
export function ensureDir(dir: string, option?: string): void {
  const role = { option, noun: 'a folder' };
  refuseSpecialPath(dir, role);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR')
      throw new JointKeyError('NOT_A_FILE', `${named(dir, role)} is a file, not a folder. Give a folder.`);
    if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFullError(dir, 4096);
    throw new JointKeyError(
      'FILE_UNREADABLE',
      `Could not create the folder ${named(dir, role)} (${code ?? 'error'}). Check you may write there.`,
    );
  }
}
