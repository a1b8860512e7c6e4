#!/usr/bin/env node
// Electron's binary, which `npm start` and `npm run dev` run. Electron 45's package has no install
// script: node_modules/electron/install.js downloads the binary when called, and nothing calls it
// before electron-vite looks for it. So:
//   node scripts/electron.mjs download   (npm's postinstall) downloads it unless it is there or
//       ELECTRON_SKIP_BINARY_DOWNLOAD is set; a failed download is reported in one line and does
//       not fail the install (the command line and the tests do not need the binary);
//   node scripts/electron.mjs check      (before `electron-vite preview` and `dev`) exits 0 when the
//       binary is there, else prints one line — what is missing, what to run — and exits 1.
// The binary is found as electron-vite finds it: ELECTRON_EXEC_PATH, else node_modules/electron/
// path.txt naming a file in node_modules/electron/dist. (install.js's helper, @electron/get 5,
// declares Node >= 22.12; on Node 20.20 it downloads, checks and unpacks all the same.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = join(ROOT, 'node_modules', 'electron');
const INSTALL = 'node node_modules/electron/install.js';

/** The binary's path, or the one line that says what is missing and what to run. */
export function findElectronBinary(env = process.env) {
  const exec = env['ELECTRON_EXEC_PATH'];
  if (exec)
    return existsSync(exec)
      ? { path: exec }
      : {
          missing: `JointKey: ELECTRON_EXEC_PATH names ${exec}, which does not exist. Unset it or point it at an Electron binary.`,
        };
  if (!existsSync(join(PKG, 'package.json')))
    return { missing: 'JointKey: the electron package is not installed (node_modules/electron). Run `npm ci` first.' };
  const pathFile = join(PKG, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (name && existsSync(join(PKG, 'dist', name))) return { path: join(PKG, 'dist', name) };
  return {
    missing: `JointKey: Electron's binary is not installed (node_modules/electron/dist). Run \`${INSTALL}\` on a machine that can reach Electron's download host, then \`npm start\` again.`,
  };
}

function check() {
  const found = findElectronBinary();
  if ('missing' in found) {
    console.error(found.missing);
    process.exit(1);
  }
}

function download() {
  if ('path' in findElectronBinary()) return;
  const skip = process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
  if (skip && skip !== '0') {
    console.warn(
      `JointKey: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron's binary was not downloaded; \`npm start\` needs it (\`${INSTALL}\`).`,
    );
    return;
  }
  if (!existsSync(join(PKG, 'install.js'))) return; // installed without dev dependencies: no Electron to run
  process.stdout.write("JointKey: downloading Electron's binary for `npm start`…\n");
  const r = spawnSync(process.execPath, [join(PKG, 'install.js')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0) return;
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.status}`;
  console.warn(
    `JointKey: Electron's binary could not be downloaded (${why.trim()}). The command line and the tests work without it; \`npm start\` needs it: run \`${INSTALL}\` where Electron's download host can be reached.`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const command = process.argv[2];
  if (command === 'check') check();
  else if (command === 'download') download();
  else {
    console.error('Usage: node scripts/electron.mjs check|download');
    process.exit(2);
  }
}
