/**
 * Runs Electronegativity (@doyensec/electronegativity) over the app's sources — main/, preload/,
 * renderer/ and package.json, linked into one folder so its global checks (CSP, navigation limits,
 * permission handler) see the whole app — and prints {issues, errors} as JSON. Its API is used
 * rather than its command line, whose option parsing breaks with the newer `commander` installed
 * here (it does not declare the dependency). The check that downloads Electron's release list is
 * excluded (no network in tests; Electron is pinned in package.json and upgraded by hand).
 */
'use strict';
const { mkdtempSync, symlinkSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const app = mkdtempSync(join(tmpdir(), 'jointkey-electronegativity-'));
for (const part of ['main', 'preload', 'renderer', 'package.json']) symlinkSync(join(root, part), join(app, part));

const run = require('@doyensec/electronegativity/dist/runner.js');
run(
  {
    input: app,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: undefined,
    parserPlugins: [],
  },
  false,
)
  .then((r) => {
    const issues = r.issues.map((i) => ({
      id: i.id,
      file: i.file,
      line: i.location && i.location.line,
      severity: i.severity && i.severity.name,
      confidence: i.confidence && i.confidence.name,
      description: i.description,
    }));
    process.stdout.write(`${JSON.stringify({ checks: r.atomicChecks + r.globalChecks, issues, errors: r.errors })}\n`);
  })
  .catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(app, { recursive: true, force: true }));
