/**
 * Electronegativity (Doyensec's scanner for Electron misconfigurations) over the app's sources: no
 * finding may be left unexplained. A finding JointKey accepts is disabled where it stands, with an
 * `eng-disable CHECK_ID` comment followed by why ("— the options come from main/window.ts, …"); this
 * test fails on any finding without one, and on any eng-disable comment without a reason.
 *
 * The scanner runs in a child process with network access blocked (test/support/no-network.cjs):
 * its translation and release downloads fail at once, and nothing leaves this machine.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Findings that only report what the scanner found, not a weakness. */
const INFORMATIONAL = new Map([
  ['ELECTRON_VERSION_JSON_CHECK', 'reports the Electron version read from package.json (pinned, 45.4.1)'],
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|svelte|html|js|cjs)$/.test(name) ? [p] : [];
  });
}

describe('Electronegativity', () => {
  const run = spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/no-network.cjs'), join(ROOT, 'test/support/electronegativity.cjs')],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
  );
  // The scanner prints a line of its own first ("Could not retrieve updated translations…"): the report is the last line.
  const last = run.stdout.trim().split('\n').pop() || '{"issues":[],"errors":[{"message":"no output"}]}';
  const report = JSON.parse(last) as {
    checks: number;
    issues: { id: string; file: string; line: number; severity: string; description: string }[];
    errors: { file: string; message: string }[];
  };

  it('ran its checks over every source file, parsing each', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(report.checks).toBeGreaterThan(30);
    expect(report.errors).toEqual([]);
  });

  it('leaves no finding unexplained', () => {
    const open = report.issues.filter((i) => !INFORMATIONAL.has(i.id));
    expect(
      open.map((i) => `${i.id} ${i.severity} at ${i.file}:${i.line} — ${i.description}`),
      'each finding must be fixed, or accepted where it stands with "eng-disable ID — reason"',
    ).toEqual([]);
  });

  it('every accepted finding says why, where it stands', () => {
    const accepted: string[] = [];
    const files = [
      ...sources(join(ROOT, 'main')),
      ...sources(join(ROOT, 'preload')),
      ...sources(join(ROOT, 'renderer')),
    ];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = /eng-disable\s+([A-Z_ ]+)(.*)$/.exec(line);
        if (!m) return;
        // The reason: after a dash on the same line, or in the comment just above it.
        const after = /(?:—|--)\s*(.*)$/.exec(m[2] ?? '')?.[1]?.replace(/-->$/, '') ?? '';
        const above = lines.slice(Math.max(0, i - 3), i).join(' ');
        const reason = after.split(/\s+/).length > 4 ? after : above;
        expect(reason.split(/\s+/).length, `${file}:${i + 1} accepts ${m[1]} without a reason`).toBeGreaterThan(8);
        accepted.push(`${m[1]?.trim()}: ${reason.trim()}`);
      });
    }
    expect(accepted.length).toBeGreaterThanOrEqual(3);
  });
});
