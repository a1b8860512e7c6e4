/**
 * Crash safety of a FROST holder's answers in the app (main/frost/handlers.ts over
 * main/files/frost-nonces.ts): one holder's round 1 or round 2 runs in a process of its own
 * (test/support/frost-runner.ts, built with Vite as the app is) and is killed with SIGKILL at moments
 * spread over its life. After each kill the holder answers again on the same computer (a fresh
 * dispatcher on the same data folder: the app, restarted), and the session is finished. Whatever the
 * moment: a commitment is never published without its nonces kept; a share is never written while
 * its nonces are still kept; answering again never makes a second set of nonces for a commitment
 * already out, nor signs with nonces already used; every signature verifies (noble); and no
 * commitment of the holder's is ever signed with twice.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/curves/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Response, Result } from '../../main/ipc/contract.js';
import { type Built, buildNodeEntry } from '../support/build-node-entry.js';
import { frostWallet } from '../support/frost.js';
import { APP_PAGE, makeDispatch, tempDir } from '../support/ipc.js';

let runner: Built | undefined;
beforeAll(async () => {
  runner = await buildNodeEntry('test/support/frost-runner.ts');
}, 120_000);
afterAll(() => runner?.remove());

/** Runs the built runner with `args`, SIGKILLed `delay` ms after it has read the request (never, when Infinity). */
function runKilled(args: string[], delay: number): Promise<{ ms: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner!.path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let start = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      lines.push(...d.toString().split('\n').filter(Boolean));
      if (start === 0 && lines.includes('opened')) {
        start = Date.now();
        if (Number.isFinite(delay)) timer = setTimeout(() => child.kill('SIGKILL'), delay);
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ ms: start === 0 ? 0 : Date.now() - start, lines });
    });
  });
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

/** A computer restarted: a fresh dispatcher on `dataDir`, saving where `out()` says. */
function app(dataDir: string, out: () => string) {
  const { dispatch } = makeDispatch(dataDir, { chooseSaveFile: async () => out() });
  return <C extends Channel>(channel: C, payload: unknown): Promise<Result<Response<C>>> =>
    dispatch(channel, APP_PAGE, payload);
}

describe('FROST in the app: SIGKILL during a holder’s answer never lets a nonce sign twice', () => {
  it.each(['commit', 'respond'] as const)(
    'killed during %s at moments spread over its life, then answering again',
    async (round) => {
      const w = frostWallet('secp256k1', `frost-crash/${round}`);
      const files = tempDir('jointkey-frost-crash-');
      let n = 0;
      const next = () => join(files, `${n++}.json`);
      const [alice, bob] = [app(w.pcs[0]!, next), app(w.pcs[1]!, next)];
      const message = '6b696c6c';
      const request = async () => {
        const made = ok(
          await alice('frost/make-request', {
            walletId: w.walletId,
            what: { kind: 'message', encoding: 'hex', message },
            signers: [1, 2],
          }),
        );
        return { path: made.path!, hash: made.request.requestHash, id: made.request.requestId };
      };
      const noncesKept = (id: string) => existsSync(join(w.pcs[0]!, 'frost-nonces', `${id}-1.json`));
      const key = (i: number) => ({ kind: 'file', path: w.files[i]! });
      /** Alice's commitments (their hiding points) a share of hers was made with. */
      const signedWith: string[] = [];
      const finish = async (r: { path: string; hash: string }, mine: string, bobC: string, aliceShare: string) => {
        const commitments = [mine, bobC];
        const bobS = ok(
          await bob('frost/respond', { path: r.path, requestHash: r.hash, commitments, childKey: key(1) }),
        ).path!;
        const sig = ok(
          await alice('frost/aggregate', {
            path: r.path,
            requestHash: r.hash,
            commitments,
            shares: [aliceShare, bobS],
          }),
        );
        if (sig.kind !== 'message') throw new Error('expected a message signature');
        expect(schnorr.verify(hexToBytes(sig.signatureHex), hexToBytes(message), hexToBytes(sig.publicKeyHex))).toBe(
          true,
        );
        signedWith.push(JSON.parse(readFileSync(mine, 'utf8')).hiding as string);
        // Round 2 again (a replayed request, or the app restarted once more): nothing left to sign with.
        expect(
          await alice('frost/respond', { path: r.path, requestHash: r.hash, commitments, childKey: key(0) }),
        ).toMatchObject({ ok: false, code: 'NONCE_USED' });
      };

      // How long the answer lives here once the request is read: the kills are spread over it.
      const probe = await request();
      const probeBobC = ok(
        await bob('frost/commit', { path: probe.path, requestHash: probe.hash, childKey: key(1) }),
      ).path!;
      const probeArgs =
        round === 'commit'
          ? [w.pcs[0]!, 'commit', probe.path, w.files[0]!, next()]
          : await (async () => {
              const c = ok(
                await alice('frost/commit', { path: probe.path, requestHash: probe.hash, childKey: key(0) }),
              ).path!;
              return [w.pcs[0]!, 'respond', probe.path, w.files[0]!, next(), c, probeBobC];
            })();
      const { ms: lifetime, lines } = await runKilled(probeArgs, Infinity);
      expect(lines).toEqual(['opened', 'done']);

      let finished = 0;
      for (const f of [0.02, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1, 1.5]) {
        const at = `at ${f} of ${lifetime} ms`;
        const r = await request();
        const bobC = ok(await bob('frost/commit', { path: r.path, requestHash: r.hash, childKey: key(1) })).path!;
        const out = next();
        if (round === 'commit') {
          await runKilled([w.pcs[0]!, 'commit', r.path, w.files[0]!, out], Math.round(lifetime * f));
          const [published, kept] = [existsSync(out), noncesKept(r.id)];
          expect(!published || kept, `${at}: a commitment was published without its nonces`).toBe(true);
          // Alice, the app restarted, answers round 1 again.
          const again = await alice('frost/commit', { path: r.path, requestHash: r.hash, childKey: key(0) });
          let mine = out;
          if (kept) {
            expect(again, at).toMatchObject({ ok: false, code: 'NONCE_USED' });
            if (!published) continue; // the coordinator makes a new request: these nonces never sign
          } else mine = ok(again).path!;
          const share = ok(
            await alice('frost/respond', {
              path: r.path,
              requestHash: r.hash,
              commitments: [mine, bobC],
              childKey: key(0),
            }),
          ).path!;
          await finish(r, mine, bobC, share);
        } else {
          const mine = ok(await alice('frost/commit', { path: r.path, requestHash: r.hash, childKey: key(0) })).path!;
          await runKilled([w.pcs[0]!, 'respond', r.path, w.files[0]!, out, mine, bobC], Math.round(lifetime * f));
          const [written, kept] = [existsSync(out), noncesKept(r.id)];
          expect(written && kept, `${at}: a share was written while its nonces are still kept`).toBe(false);
          // Alice, the app restarted, answers round 2 again.
          const again = await alice('frost/respond', {
            path: r.path,
            requestHash: r.hash,
            commitments: [mine, bobC],
            childKey: key(0),
          });
          if (kept) await finish(r, mine, bobC, ok(again).path!);
          else {
            expect(again, at).toMatchObject({ ok: false, code: 'NONCE_USED' });
            if (written) await finish(r, mine, bobC, out);
            else continue; // killed after the nonces were taken, before the share was saved: never signed
          }
        }
        finished++;
      }
      expect(finished).toBeGreaterThan(0);
      expect(new Set(signedWith).size).toBe(signedWith.length);
    },
    240_000,
  );
});
