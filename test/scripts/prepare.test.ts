/**
 * `npx jointkey` right after `npm ci`: npm runs the package's `prepare` script at the end of
 * `npm ci`, and it builds out/ (the command line included). Checked in a copy of the project that
 * was never built (no out/), sharing this one's node_modules: before `prepare` the command answers
 * NOT_BUILT; after it, `npx jointkey --help` prints the usage.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Top-level folders left out of the copy: the build, the installs, git, and what the build does not read. */
const LEFT_OUT = new Set(['.git', 'node_modules', 'out', 'dist', 'test', 'test-results', 'coverage', 'bench']);

describe('npx jointkey right after npm ci', () => {
  const copy = mkdtempSync(join(tmpdir(), 'jointkey-fresh-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('package.json’s prepare builds the command line, so `npx jointkey --help` works from a never-built copy', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['prepare']).toBe('npm run build');

    cpSync(ROOT, copy, { recursive: true, filter: (src) => !LEFT_OUT.has(relative(ROOT, src).split(sep)[0]!) });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    expect(existsSync(join(copy, 'out'))).toBe(false);
    const run = (command: string, args: string[]) =>
      spawnSync(command, args, { cwd: copy, encoding: 'utf8', timeout: 120_000 });

    const before = run(process.execPath, ['bin/jointkey.js', '--help']);
    expect(before.status).toBe(2);
    expect(JSON.parse(before.stderr)).toMatchObject({ error: { code: 'NOT_BUILT' } });

    const prepare = run('npm', ['run', 'prepare']);
    expect(prepare.status, prepare.stderr).toBe(0);
    expect(existsSync(join(copy, 'out', 'main', 'jointkey.js'))).toBe(true);

    // --no: never fetch a package of that name from the registry; the project's own bin must answer.
    const help = run('npx', ['--no', '--', 'jointkey', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: jointkey COMMAND \[OPTIONS\]/);
  }, 180_000);
});
