/**
 * scripts/electron.mjs, as `npm start` and npm's postinstall run it: without Electron's binary (this
 * machine's real state: it cannot be downloaded here) `npm start` prints one line — what is missing
 * and what to run — and exits 1, before building and with no stack trace; with a binary it lets
 * `electron-vite preview` go on; `download` honours ELECTRON_SKIP_BINARY_DOWNLOAD in one line.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'electron.mjs');
const MISSING =
  "JointKey: Electron's binary is not installed (node_modules/electron/dist). Run `node node_modules/electron/install.js` on a machine that can reach Electron's download host, then `npm start` again.";

/** The environment without the variables that point electron-vite or electron elsewhere. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_SKIP_BINARY_DOWNLOAD'])
    if (!(name in extra)) delete env[name];
  if (!('ELECTRON_EXEC_PATH' in extra)) delete env['ELECTRON_EXEC_PATH'];
  return env;
}

function run(command: string, args: string[], env = cleanEnv()) {
  return spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}

const installed = run(process.execPath, [SCRIPT, 'check']).status === 0;

describe('npm start without the Electron binary', () => {
  it.skipIf(installed)(
    installed
      ? 'prints one line and exits 1 (skipped: Electron’s binary is installed on this machine)'
      : 'prints one line saying what is missing and what to run, and exits 1 — nothing else, no stack trace',
    () => {
      const r = run('npm', ['start']);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`${MISSING}\n`);
      // npm's own header (the script's name and command) is all that goes to stdout: nothing was built or run.
      expect(r.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '))).toEqual([]);
      expect(r.stdout).not.toMatch(/Electron uninstall|building|\bat \S+:\d+/);
    },
  );

  it('npm run dev says the same', ({ skip }) => {
    skip(installed, 'Electron’s binary is installed on this machine');
    const r = run('npm', ['run', 'dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${MISSING}\n`);
  });

  it('ELECTRON_EXEC_PATH naming a missing file is named in one line', () => {
    const r = run(process.execPath, [SCRIPT, 'check'], cleanEnv({ ELECTRON_EXEC_PATH: '/nonexistent/electron' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'JointKey: ELECTRON_EXEC_PATH names /nonexistent/electron, which does not exist. Unset it or point it at an Electron binary.\n',
    );
  });

  it('with a binary (ELECTRON_EXEC_PATH, as electron-vite reads it) the check passes silently', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointkey-electron-'));
    try {
      const fake = join(dir, 'electron');
      writeFileSync(fake, '#!/bin/sh\nexit 0\n');
      chmodSync(fake, 0o755);
      const r = run(process.execPath, [SCRIPT, 'check'], cleanEnv({ ELECTRON_EXEC_PATH: fake }));
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('postinstall: node scripts/electron.mjs download', () => {
  it('with ELECTRON_SKIP_BINARY_DOWNLOAD set, downloads nothing and says so in one line (exit 0)', ({ skip }) => {
    skip(installed, 'Electron’s binary is installed on this machine: there is nothing to download');
    const r = run(process.execPath, [SCRIPT, 'download'], cleanEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "JointKey: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron's binary was not downloaded; `npm start` needs it (`node node_modules/electron/install.js`).\n",
    );
  });

  it('is npm’s postinstall, and npm start and npm run dev check first', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['postinstall']).toBe('node scripts/electron.mjs download');
    expect(scripts['start']).toMatch(/^node scripts\/electron\.mjs check && electron-vite preview /);
    expect(scripts['dev']).toMatch(/^node scripts\/electron\.mjs check && electron-vite dev /);
  });
});
