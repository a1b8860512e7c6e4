/**
 * A small real file system that fills up: a tmpfs of a few MiB, mounted for a test (only root may
 * mount one; elsewhere the tests that need it are skipped with the reason). `fill` leaves only so
 * many bytes free with a filler file of zeros; `files` lists what else is there, hidden files too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Fills the file system with a filler file until only about `leaveBytes` are free (whole pages). */
  fill(leaveBytes: number): void;
  /** Removes the filler and everything else in it. */
  empty(): void;
  /** Bytes free now. */
  free(): number;
  /** Every file and folder in it but the filler, relative, folders with a trailing "/". */
  files(): string[];
  /** The files (but the filler) whose bytes contain `needle`. */
  holding(needle: Uint8Array): string[];
  unmount(): void;
}

const FILLER = 'filler.zeros';

/** Mounts a tmpfs of `mib` MiB, or says why it cannot (not root, no mount). */
export function mountTmpfs(mib = 4): { tmpfs: Tmpfs; skip?: undefined } | { tmpfs?: undefined; skip: string } {
  if (process.platform !== 'linux') return { skip: 'a tmpfs is mounted only on Linux' };
  if (process.getuid?.() !== 0) return { skip: 'not root: mounting a small tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'jointkey-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmdirSync(dir);
    return { skip: `mount -t tmpfs failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}` };
  }
  const free = () => {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  };
  const walk = (d: string, out: string[]) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p, out);
      } else if (relative(dir, p) !== FILLER) out.push(relative(dir, p));
    }
    return out;
  };
  const tmpfs: Tmpfs = {
    dir,
    fill(leaveBytes) {
      const page = statfsSync(dir).bsize;
      const n = Math.floor(Math.max(0, free() - leaveBytes) / page) * page;
      writeFileSync(join(dir, FILLER), Buffer.alloc(n));
    },
    empty() {
      for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
    },
    free,
    files: () => walk(dir, []).sort(),
    holding: (needle) =>
      walk(dir, []).filter((f) => !f.endsWith('/') && readFileSync(join(dir, f)).includes(Buffer.from(needle))),
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmdirSync(dir);
    },
  };
  return { tmpfs };
}
