/**
 * Main's own confirmation in the signing and keychain handlers (main/signing/handlers.ts,
 * main/keychain/handlers.ts, main/dialogs/confirm.ts), over the real dispatcher: session/sign asks
 * main's dialog with exactly the lines session/describe gave and signs only when the person
 * confirms; a refusal signs nothing and leaves the session as it was; a keychain entry is used or
 * removed only once confirmed, the dialog naming its holder, wallet and purpose; a context without a
 * dialog refuses. The person at the dialog is test/support/ipc.ts's PersonAtDialog.
 */
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../main/ipc/dispatch.js';
import type { Channel, Result } from '../../main/ipc/contract.js';
import { createContext, createHandlers } from '../../main/app-handlers.js';
import type { ConfirmPrompt } from '../../main/dialogs/confirm.js';
import { OsKeychain } from '../../main/keychain/os-keychain.js';
import { APP_PAGE, PersonAtDialog, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';

const TX = {
  chainId: 31337,
  nonce: 0,
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  valueWei: '500000000000000000',
  gas: '21000',
  maxFeePerGasWei: '2000000000',
  maxPriorityFeePerGasWei: '1000000000',
  data: '0x',
};

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

const dataDir = tempDir('jointkey-confirm-data-');
const keys = tempDir('jointkey-confirm-keys-');
const w = saveWallet(dataDir, keys, 'shamir', 'confirm', 'Family savings');

function app(person = new PersonAtDialog()) {
  const made = makeDispatch(dataDir, {}, APP_PAGE, person);
  const call = <C extends Channel>(channel: C, payload: unknown) => made.dispatch(channel, APP_PAGE, payload);
  return { ...made, call };
}

/** A session with the transfer described and Alice's and Carol's child keys typed: ready to sign. */
async function readyToSign(call: ReturnType<typeof app>['call']) {
  const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
  const { lines } = expectOk(await call('session/describe', { sessionId, request: { kind: 'eth-transfer', tx: TX } }));
  for (const i of [0, 2])
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[i] } }));
  return { sessionId, lines };
}

describe('session/sign asks main’s own dialog first', () => {
  it('shows exactly the described lines, naming the wallet and who entered; signs once confirmed', async () => {
    const { call, person, ctx } = app();
    const { sessionId, lines } = await readyToSign(call);
    expect(lines[0]).toBe('Send 0.5 ETH');
    expect(person.prompts).toEqual([]);
    const signed = expectOk(await call('session/sign', { sessionId }));
    expect(signed.kind).toBe('eth-transfer');
    expect(person.prompts).toEqual<ConfirmPrompt[]>([
      {
        title: 'JointKey — sign',
        message: 'Sign this with Family savings, with the child keys of Alice, Carol?',
        detail: lines,
        confirmLabel: 'Sign',
      },
    ]);
    expect(ctx.results.size).toBe(1);
  });

  it('a message: the dialog’s lines are the described ones too', async () => {
    const { call, person } = app();
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    const request = { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message: 'We agree.' } as const;
    const { lines } = expectOk(await call('session/describe', { sessionId, request }));
    for (const i of [0, 1])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[i] } }));
    expectOk(await call('session/sign', { sessionId }));
    expect(person.prompts.map((p) => p.detail)).toEqual([lines]);
    expect(lines).toEqual(['Sign a message of 9 bytes with ecdsa-sha256', 'message (hex): 57652061677265652e']);
    // Given as text, the message is quoted too (its hex above is what is signed).
    expect(person.prompts[0]!.message).toBe(
      'Sign this with Family savings, with the child keys of Alice, Bob?\n\nThe message, as text: “We agree.”',
    );
  });

  it('a message’s text is quoted with control and direction characters shown as �, and cut at 600 characters', async () => {
    const { call, person } = app();
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    const message = `Pay \u202eEvil\u0007 ${'x'.repeat(700)}`;
    const request = { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message } as const;
    expectOk(await call('session/describe', { sessionId, request }));
    for (const i of [0, 1])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[i] } }));
    expectOk(await call('session/sign', { sessionId }));
    const quote = person.prompts[0]!.message.split('The message, as text: “')[1]!;
    expect(quote.startsWith('Pay \ufffdEvil\ufffd xxx')).toBe(true);
    expect(quote.endsWith('x…”')).toBe(true);
    expect([...quote]).toHaveLength(600 + 2);
  });

  it('refused: CONFIRMATION_REFUSED, nothing signed, the session still open with its holders; confirmed later, it signs', async () => {
    const person = new PersonAtDialog(false);
    const { call, ctx } = app(person);
    const { sessionId } = await readyToSign(call);
    const r = await call('session/sign', { sessionId });
    expect(r).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
    if (r.ok) throw new Error('unreachable');
    expect(r.message).toMatch(/^Nothing was signed: .*JointKey’s own dialog\. .*press Sign again/);
    expect(ctx.results.size).toBe(0);
    expect(await call('session/save-result', { sessionId })).toMatchObject({ ok: false });
    const entry = ctx.sessions.get(sessionId)!;
    expect(entry.session.closed).toBe(false);
    expect(entry.session.progress()).toMatchObject({ ready: true, entered: [{ label: 'Alice' }, { label: 'Carol' }] });
    // The person changes their mind and presses Sign in main's dialog.
    person.answer = true;
    expect(expectOk(await call('session/sign', { sessionId })).kind).toBe('eth-transfer');
    expect(person.prompts).toHaveLength(2);
    expect(ctx.results.size).toBe(1);
  });

  it('too few child keys: the session’s own refusal, and no dialog', async () => {
    const { call, person } = app();
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    expectOk(await call('session/describe', { sessionId, request: { kind: 'eth-transfer', tx: TX } }));
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[0] } }));
    expect(await call('session/sign', { sessionId })).toMatchObject({ ok: false, code: 'TOO_FEW_CHILD_KEYS' });
    expect(person.prompts).toEqual([]);
  });

  it('one dialog at a time; a session closed while it is open signs nothing', async () => {
    let answer!: (yes: boolean) => void;
    const person = new PersonAtDialog(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const { call, ctx } = app(person);
    const { sessionId } = await readyToSign(call);
    const pending = call('session/sign', { sessionId });
    await expect.poll(() => person.prompts.length).toBe(1);
    // The page asks again while main's dialog is open: refused, no second dialog.
    expect(await call('session/sign', { sessionId })).toMatchObject({
      ok: false,
      code: 'CONFIRMATION_REFUSED',
      message: expect.stringMatching(/^Another of JointKey’s confirmation dialogs is open, so nothing was done/),
    });
    expect(person.prompts).toHaveLength(1);
    // The page closes the session under the dialog; the person then confirms: nothing is signed.
    expectOk(await call('session/close', { sessionId }));
    answer(true);
    expect(await pending).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/over/),
    });
    expect(ctx.results.size).toBe(0);
  });

  it('health/check signs nothing and asks nothing for typed child keys', async () => {
    const { call, person } = app();
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    for (const i of [0, 1])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[i] } }));
    expect(expectOk(await call('health/check', { sessionId })).ok).toBe(true);
    expect(person.prompts).toEqual([]);
  });

  it('a context with no dialog refuses: nothing signed, never approved in the person’s place', async () => {
    const ctx = createContext({ dataDir, keychain: new OsKeychain({ service: 'JointKeyTest-no-dialog' }) });
    const dispatch = createDispatch(createHandlers(ctx), APP_PAGE);
    const call = <C extends Channel>(channel: C, payload: unknown) => dispatch(channel, APP_PAGE, payload);
    const { sessionId } = await readyToSign(call);
    const r = await call('session/sign', { sessionId });
    expect(r).toMatchObject({
      ok: false,
      code: 'CONFIRMATION_REFUSED',
      message: expect.stringMatching(
        /^This window cannot show JointKey’s own confirmation dialog, so nothing was signed/,
      ),
    });
    expect(ctx.results.size).toBe(0);
    expect(ctx.sessions.get(sessionId)?.session.closed).toBe(false);
  });
});

const missing = secretServiceMissing();
const skipKeychain = missing !== undefined && !REQUIRE_SECRET_SERVICE;
if (skipKeychain) console.warn(`test/signing/handlers.test.ts keychain cases skipped: ${missing}`);

describe.skipIf(skipKeychain)(
  `a stored child key is used or removed only once confirmed in main’s dialog${skipKeychain ? ` (skipped: ${missing})` : ''}`,
  () => {
    it('use: the dialog names the holder, the wallet and what is signed; refused, it is not used', async () => {
      const person = new PersonAtDialog(false);
      const { call, ctx } = app(person);
      try {
        const bob = `${w.walletId}/2`;
        expectOk(await call('keychain/import', { path: w.files[1] }));
        const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
        const { lines } = expectOk(
          await call('session/describe', { sessionId, request: { kind: 'eth-transfer', tx: TX } }),
        );
        const refused = expectOk(
          await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id: bob } }),
        );
        expect(refused.progress.have).toBe(0);
        expect(refused.last).toMatchObject({
          accepted: false,
          code: 'CONFIRMATION_REFUSED',
          message: expect.stringMatching(/^Bob’s child key in this computer’s keychain was not used/),
        });
        expect(person.prompts).toEqual<ConfirmPrompt[]>([
          {
            title: 'JointKey — use a child key from this computer’s keychain',
            message: 'Use Bob’s child key of Family savings to sign: Send 0.5 ETH …?',
            detail: lines,
            confirmLabel: 'Use Bob’s child key',
          },
        ]);
        // Bob confirms this time: it is used.
        person.answer = true;
        expect(
          expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id: bob } })).last,
        ).toEqual({ accepted: true, holder: { index: 2, label: 'Bob' } });
        expect(person.prompts).toHaveLength(2);
      } finally {
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
      }
    });

    it('use in a health check: the dialog says so; a context with no dialog never uses the entry', async () => {
      const { call, ctx, person } = app();
      try {
        const alice = `${w.walletId}/1`;
        expectOk(await call('keychain/import', { path: w.files[0] }));
        const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
        expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id: alice } }));
        expect(person.prompts).toEqual([
          expect.objectContaining({
            message: 'Use Alice’s child key of Family savings for a health check?',
            detail: [expect.stringMatching(/Nothing is signed\.$/)],
          }),
        ]);

        const bare = createContext({ dataDir, keychain: ctx.keychain });
        const dispatch = createDispatch(createHandlers(bare), APP_PAGE);
        const open = expectOk(await dispatch('session/open', APP_PAGE, { walletId: w.walletId }));
        const r = expectOk(
          await dispatch('session/add-child-key', APP_PAGE, {
            sessionId: open.sessionId,
            childKey: { kind: 'keychain', id: alice },
          }),
        );
        expect(r.progress.have).toBe(0);
        expect(r.last).toMatchObject({ accepted: false, code: 'CONFIRMATION_REFUSED' });
        expect(await dispatch('keychain/remove', APP_PAGE, { id: alice })).toMatchObject({
          ok: false,
          code: 'CONFIRMATION_REFUSED',
        });
        expect((await ctx.keychain.list()).map((e) => e.holder)).toEqual(['Alice']);
      } finally {
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
      }
    });

    it('remove: the dialog names the holder and wallet; refused, the entry stays; confirmed, it goes', async () => {
      const person = new PersonAtDialog(false);
      const { call, ctx } = app(person);
      try {
        const bob = `${w.walletId}/2`;
        expectOk(await call('keychain/import', { path: w.files[1] }));
        const r = await call('keychain/remove', { id: bob });
        expect(r).toMatchObject({
          ok: false,
          code: 'CONFIRMATION_REFUSED',
          message: expect.stringMatching(/^Nothing was removed/),
        });
        expect((await ctx.keychain.list()).map((e) => e.id)).toEqual([bob]);
        expect(person.prompts).toEqual([
          {
            title: 'JointKey — remove a child key from this computer’s keychain',
            message: 'Remove Bob’s child key of Family savings from this computer’s keychain?',
            detail: [
              'Bob then signs with their child-key file or paper backup: the entry cannot be brought back, only stored again from that file.',
              `Entry ${bob} (holder 2).`,
            ],
            confirmLabel: 'Remove',
          },
        ]);
        person.answer = true;
        expect(expectOk(await call('keychain/remove', { id: bob }))).toEqual({ removed: true });
        expect(await ctx.keychain.list()).toEqual([]);
        // An entry that is not there: refused by name, no dialog.
        expect(await call('keychain/remove', { id: bob })).toMatchObject({
          ok: false,
          code: 'KEYCHAIN_ENTRY_NOT_FOUND',
        });
        expect(person.prompts).toHaveLength(2);
      } finally {
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
      }
    });
  },
);
