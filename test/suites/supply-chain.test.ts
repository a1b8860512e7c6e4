/**
 * The supply chain: the lockfile is committed and matches package.json; every dependency is pinned
 * to an exact version; install scripts run only for the packages listed in `allowScripts`, each
 * needed (none today: see why below — Electron's binary is downloaded by this project's own
 * postinstall, scripts/electron.mjs); and `npm audit --omit=dev` reports no high or critical
 * advisory — skipped, saying so, where the audit service cannot be reached.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, { version?: string; hasInstallScript?: boolean; dev?: boolean }>;
};

/**
 * Packages whose install scripts are known and not needed, with why. Every other package with an
 * install script must be listed here or in package.json's allowScripts (with a reason in README).
 */
const SCRIPTS_NOT_NEEDED: Record<string, string> = {
  keccak: 'builds a native Keccak for hardhat (a dev tool); its pure-JS fallback is used',
  'electron-winstaller': 'picks a 7-Zip binary for Squirrel.Windows installers; the build makes NSIS ones',
  'es5-ext': 'prints a message; nothing is built',
};

describe('supply chain', () => {
  it('the lockfile is committed, current, and every dependency is pinned exactly', () => {
    const tracked = spawnSync('git', ['ls-files', '--error-unmatch', 'package-lock.json'], { cwd: ROOT });
    expect(tracked.status, 'package-lock.json must be committed').toBe(0);
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(range, `${name} is pinned`).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      expect(lock.packages[`node_modules/${name}`]?.version, `${name} in the lockfile`).toBe(range);
    }
  });

  it('install scripts: allowScripts lists only what is needed, and every other script is known', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path.startsWith('node_modules/') && p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const allowed = Object.keys(pkg.allowScripts ?? {});
    expect(allowed, 'no dependency needs its install script today').toEqual([]);
    for (const name of new Set(withScripts))
      expect(
        SCRIPTS_NOT_NEEDED[name],
        `${name} has an install script: say here why it is not needed, or allow it`,
      ).toBeDefined();
  });

  it('Electron’s binary: electron 45 has no install script, so the project’s own postinstall downloads it', () => {
    // node_modules/electron/install.js downloads the binary only when called; npm start needs it.
    expect(lock.packages['node_modules/electron']?.hasInstallScript).toBeUndefined();
    expect(pkg.scripts['postinstall']).toBe('node scripts/electron.mjs download');
  });

  it('npm audit --omit=dev: no high or critical advisory', (ctx) => {
    const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    let report: { metadata?: { vulnerabilities?: Record<string, number> }; error?: unknown } | undefined;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      report = undefined;
    }
    const counts = report?.metadata?.vulnerabilities;
    if (!counts) {
      ctx.skip(
        `the npm audit service could not be reached from this machine (${
          (r.stderr || r.stdout)
            .split('\n')
            .find((l) => /audit|ENOTFOUND|405|ECONN/.test(l))
            ?.trim() ?? 'no report'
        })`,
      );
      return;
    }
    expect({ high: counts['high'] ?? 0, critical: counts['critical'] ?? 0 }).toEqual({ high: 0, critical: 0 });
  });
});
