/**
 * Fuzzing every parser of outside input with fast-check (targets in test/fuzz/targets.ts): no crash,
 * no hang, only typed errors (JointKeyError, TypeError, RangeError).
 *
 * `npm test` runs a short pass (1/200 of each target's inputs, at least 50); `npm run fuzz` runs the
 * full pass — over 1,000,000 inputs — and writes its summary to test-results/fuzz-full.json. A failure
 * prints fast-check's seed and path, so the failing input replays exactly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isJointKeyError } from '../../main/core/errors.js';
import { TARGETS } from './fuzz/targets.js';

const FULL = process.env['JOINTKEY_FUZZ'] === 'full';
const summary: { target: string; inputs: number; seconds: number; slowestMs: number }[] = [];

function typed(e: unknown): boolean {
  return isJointKeyError(e) || e instanceof TypeError || e instanceof RangeError;
}

describe(`fuzzing the parsers (${FULL ? 'full run' : 'short run; npm run fuzz for the full one'})`, () => {
  for (const t of TARGETS) {
    const runs = FULL ? t.fullRuns : Math.max(50, Math.round(t.fullRuns / 200));
    it(`${t.name}: ${runs} inputs, only typed errors, none slower than ${t.maxMs} ms`, async () => {
      let slowest = 0;
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(t.arbitrary, async (input) => {
          const t0 = performance.now();
          try {
            await t.run(input);
          } catch (e) {
            if (!typed(e))
              throw new Error(`untyped error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, {
                cause: e,
              });
          }
          const ms = performance.now() - t0;
          slowest = Math.max(slowest, ms);
          if (ms > t.maxMs) throw new Error(`took ${Math.round(ms)} ms (bound ${t.maxMs} ms)`);
        }),
        { numRuns: runs },
      );
      summary.push({
        target: t.name,
        inputs: runs,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        slowestMs: Math.round(slowest),
      });
      expect(slowest).toBeLessThanOrEqual(t.maxMs);
    }, 0);
  }
});

afterAll(() => {
  const total = summary.reduce((n, s) => n + s.inputs, 0);
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    FULL ? 'test-results/fuzz-full.json' : 'test-results/fuzz.json',
    `${JSON.stringify({ full: FULL, date: new Date().toISOString(), totalInputs: total, targets: summary }, null, 2)}\n`,
  );
});
