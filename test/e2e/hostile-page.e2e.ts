/**
 * A page that misbehaves (a script injected into it, using only `window.jointkey`, the bridge the
 * real preload exposes), in Chromium over the real handlers and a real keychain (inside
 * scripts/with-secret-service.sh): it opens a session, describes a transfer to its own address, tries
 * Alice's and Bob's child keys in this computer's keychain, adds two child keys typed earlier (as a
 * page could capture them), signs, calls every function of its bridge while main's dialog is open,
 * broadcasts to its own endpoint and removes the keychain entries. The person at main's dialog
 * (test/support/ipc.ts's PersonAtDialog) cancels every prompt: nothing is signed or sent, no entry is
 * used or removed, and nothing but that person answers the dialog. What main asked is rendered into
 * test-results/screens-hostile/ (a native dialog cannot be screenshot in Chromium).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfirmPrompt } from '../../main/dialogs/confirm.js';
import { CHANNELS } from '../../main/ipc/contract.js';
import { PersonAtDialog, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { keychainSkipReason } from '../support/secret-service.js';
import { ROOT, Screens, chromiumMissing, openApp, skipReason, skipTitle, useChromiumApp } from './harness.js';

const skip = skipReason('test/e2e/hostile-page.e2e.ts', chromiumMissing, keychainSkipReason());
const ATTACKER = '0x000000000000000000000000000000000000dEaD';

/** An endpoint of the page's own on 127.0.0.1, counting every request it gets. */
async function attackerNode(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The hostile script's first part, run in the page: everything up to a signature left waiting on main's dialog. */
const BEFORE_SIGNING = `(async ({ walletId, alice, bob, typed, attacker }) => {
  const jk = window.jointkey;
  const sessionId = (await jk.session.open({ walletId })).value.sessionId;
  const tx = { chainId: 1, nonce: 0, to: attacker, valueWei: '100000000000000000000', gas: '21000',
    maxFeePerGasWei: '2000000000', maxPriorityFeePerGasWei: '1000000000', data: '0x' };
  const described = await jk.session.describe({ sessionId, request: { kind: 'eth-transfer', tx } });
  const fromKeychain = [];
  for (const id of [alice, bob]) fromKeychain.push(await jk.session.addChildKey({ sessionId, childKey: { kind: 'keychain', id } }));
  const typedIn = [];
  for (const text of typed) typedIn.push(await jk.session.addChildKey({ sessionId, childKey: { kind: 'text', text } }));
  window.__signing = jk.session.sign({ sessionId });
  // While main's dialog is open: every function of the bridge, on this session and on Bob's entry, hoping
  // one answers the dialog — but the two that end the session (cancel it, or check it and close it),
  // which a page can always do; then the sign again.
  const tries = {};
  for (const [domain, fns] of Object.entries(jk))
    for (const [name, f] of Object.entries(fns))
      if (!['session.close', 'health.check'].includes(domain + '.' + name))
        tries[domain + '.' + name] = [await f({ sessionId }), await f({ id: bob }), await f({ sessionId, answer: true })];
  const signAgain = await jk.session.sign({ sessionId });
  return { sessionId, described, fromKeychain, typedIn, tries, signAgain };
})`;

/** The rest, once the person answered main's dialog: the signature's outcome, a broadcast, the removals. */
const AFTER_SIGNING = `(async ({ sessionId, alice, bob, endpoint }) => {
  const jk = window.jointkey;
  const signed = await window.__signing;
  const broadcast = await jk.session.broadcast({ sessionId, endpoint });
  const saved = await jk.session.saveResult({ sessionId });
  const removed = [];
  for (const id of [alice, bob]) removed.push(await jk.keychain.remove({ id }));
  const left = await jk.keychain.list({});
  return { signed, broadcast, saved, removed, left };
})`;

describe('a page that misbehaves, with only the bridge', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle('cannot sign, use or remove a stored child key, nor answer main’s dialog', skip),
    async () => {
      const dataDir = tempDir('jointkey-hostile-data-');
      const w = saveWallet(dataDir, tempDir('jointkey-hostile-keys-'), 'shamir', 'hostile', 'Family savings');
      let cancelSign!: () => void;
      const signAnswered = new Promise<false>((resolve) => (cancelSign = () => resolve(false)));
      // The person at main's dialog cancels each prompt; the signature's only once the page had its go.
      const person = new PersonAtDialog((p) => (p.confirmLabel === 'Sign' ? signAnswered : false));
      const { ctx, dispatch } = makeDispatch(dataDir, {}, chromium.appPage, person);
      const node = await attackerNode();
      const { context, page, errors } = await openApp(chromium, dispatch);
      const [alice, bob] = [`${w.walletId}/1`, `${w.walletId}/2`];
      try {
        // Alice and Bob stored their child keys in this computer's keychain earlier.
        for (const file of w.files.slice(0, 2))
          expect(await dispatch('keychain/import', chromium.appPage, { path: file })).toMatchObject({ ok: true });
        const stored = (await ctx.keychain.list()).map((e) => e.id);
        expect(stored).toEqual([alice, bob]);

        const before = (await page.evaluate(
          `${BEFORE_SIGNING}(${JSON.stringify({
            walletId: w.walletId,
            alice,
            bob,
            typed: [w.texts[0], w.texts[2]],
            attacker: ATTACKER,
          })})`,
        )) as any;
        const lines = before.described.value.lines as string[];
        expect(lines.slice(0, 2)).toEqual(['Send 100 ETH', `to ${ATTACKER}`]);
        // Neither keychain entry was used: each needed the person, who cancelled.
        for (const r of before.fromKeychain)
          expect(r.value).toMatchObject({
            progress: { have: 0 },
            last: { accepted: false, code: 'CONFIRMATION_REFUSED' },
          });
        expect(before.typedIn.at(-1).value.progress).toMatchObject({ have: 2, ready: true });
        // While main's dialog is open, nothing the page calls answers it: still one sign prompt, unanswered.
        expect(before.signAgain).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
        expect(Object.keys(before.tries)).toHaveLength(CHANNELS.length - 2);
        expect(before.tries['keychain.remove'][1]).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
        expect(person.prompts.map((p) => p.confirmLabel)).toEqual([
          'Use Alice’s child key',
          'Use Bob’s child key',
          'Sign',
        ]);
        expect(ctx.results.size).toBe(0);
        // No channel of that name exists, nor any other that confirms: the dispatcher refuses them.
        for (const channel of ['dialog/confirm', 'session/confirm', 'session/sign-confirmed', 'keychain/confirm'])
          expect(
            await dispatch(channel, chromium.appPage, { sessionId: before.sessionId, answer: true }),
          ).toMatchObject({
            ok: false,
            code: 'INVALID_PAYLOAD',
          });

        cancelSign();
        const after = (await page.evaluate(
          `${AFTER_SIGNING}(${JSON.stringify({
            sessionId: before.sessionId,
            alice,
            bob,
            endpoint: node.url,
          })})`,
        )) as any;
        expect(after.signed).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
        expect(after.broadcast).toMatchObject({ ok: false });
        expect(after.saved).toMatchObject({ ok: false });
        for (const r of after.removed) expect(r).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
        expect(after.left.value.entries.map((e: { id: string }) => e.id)).toEqual([alice, bob]);

        // Nothing signed, nothing sent, both entries kept; the session still open, naming its holders.
        expect(node.requests()).toBe(0);
        expect(ctx.results.size).toBe(0);
        expect((await ctx.keychain.list()).map((e) => e.id)).toEqual(stored);
        const entry = ctx.sessions.get(before.sessionId)!;
        expect(entry.session.closed).toBe(false);
        expect(entry.session.progress().entered.map((h) => h.label)).toEqual(['Alice', 'Carol']);

        // What the person was shown, every time in main's words: the transfer to the page's address,
        // whose stored child key, and what removing it means.
        const expected: ConfirmPrompt[] = [
          {
            title: 'JointKey — use a child key from this computer’s keychain',
            message: 'Use Alice’s child key of Family savings to sign: Send 100 ETH …?',
            detail: lines,
            confirmLabel: 'Use Alice’s child key',
          },
          expect.objectContaining({
            message: 'Use Bob’s child key of Family savings to sign: Send 100 ETH …?',
            detail: lines,
          }),
          {
            title: 'JointKey — sign',
            message: 'Sign this with Family savings, with the child keys of Alice, Carol?',
            detail: lines,
            confirmLabel: 'Sign',
          },
          expect.objectContaining({
            message: 'Remove Alice’s child key of Family savings from this computer’s keychain?',
          }),
          expect.objectContaining({
            message: 'Remove Bob’s child key of Family savings from this computer’s keychain?',
          }),
        ];
        expect(person.prompts).toEqual(expected);
        expect(errors).toEqual([]);

        // A native dialog cannot be screenshot here: what main asked, rendered as text, stands in for it.
        const shots = new Screens(join(ROOT, 'test-results', 'screens-hostile'), 1, 9);
        const sheet = await context.newPage();
        await sheet.setContent(
          `<!doctype html><html lang="en"><title>What main’s dialog asked</title><body style="font: 15px system-ui; margin: 2rem"><h1>What main’s dialog asked (each cancelled)</h1>${person.prompts
            .map(
              (p) =>
                `<section style="border:1px solid #888; padding: 1rem; margin: 1rem 0; max-width: 44rem"><h2>${esc(p.title)}</h2><p><strong>${esc(p.message)}</strong></p><ul>${p.detail.map((l) => `<li>${esc(l)}</li>`).join('')}</ul><p>[ Cancel ] [ ${esc(p.confirmLabel)} ]</p></section>`,
            )
            .join('')}</body></html>`,
        );
        await shots.shot(sheet, 'main-dialog-prompts');
      } finally {
        await node.close();
        for (const e of await ctx.keychain.list().catch(() => [])) await ctx.keychain.remove(e.id);
        await context.close();
      }
    },
    120_000,
  );
});

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
