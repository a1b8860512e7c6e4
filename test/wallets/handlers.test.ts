/**
 * The Wallets screen's record of use and check alone, through the real dispatcher: `wallets/log`
 * lists what happened in plain words and names a broken chain; `wallets/check-alone` passes a
 * holder's own child key, refuses another wallet's and a changed one, records the check and moves
 * the holder's last check; the reminder period is a setting.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { childKeyFromText, childKeyToText } from '../../main/core/formats/text-form.js';
import type { Response, Result } from '../../main/ipc/contract.js';
import { appendLog, logCreated, logDir, readLog } from '../../main/wallets/log.js';
import { findWalletRecord } from '../../main/wallets/store.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';
import { APP_PAGE, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

type History = Response<'wallets/log'>;
type Check = Response<'wallets/check-alone'>;

/** A wallet with its "created" and receipt entries, as the app's ceremony logs them. */
function loggedWallet(seed = 'history') {
  const dataDir = tempDir();
  const w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', seed, 'Family savings');
  const found = findWalletRecord(dataDir, w.walletId);
  if (!found) throw new Error('the wallet was not saved');
  expect(logCreated(dataDir, found.wallet.record).logged).toBe(true);
  const { dispatch, person, ctx } = makeDispatch(dataDir);
  const call = <T>(channel: string, payload: unknown) =>
    dispatch(channel as never, APP_PAGE, payload) as Promise<Result<T>>;
  return { dataDir, w, call, person, ctx };
}

describe('wallets/log: the record of use in plain words', () => {
  it('lists created, receipts, signed and checked entries, newest first, with who, how and what was signed', async () => {
    const { w, call } = loggedWallet();
    const open = expectOk(await call<{ sessionId: string }>('session/open', { walletId: w.walletId }));
    const sessionId = open.sessionId;
    expectOk(
      await call('session/describe', {
        sessionId,
        request: { kind: 'message', algo: 'bip340', encoding: 'utf8', message: 'We agree.' },
      }),
    );
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[0] } }));
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[2] } }));
    const signed = expectOk(await call<{ signatureHex: string }>('session/sign', { sessionId }));
    const check = expectOk(
      await call<Check>('wallets/check-alone', { walletId: w.walletId, childKey: { kind: 'file', path: w.files[1] } }),
    );
    expect(check).toMatchObject({
      intact: true,
      summary: 'Your child key for Family savings is intact (holder 2 of 3, Bob).',
      holder: { index: 2, label: 'Bob' },
    });
    expect(check).not.toHaveProperty('logError');

    const h = expectOk(await call<History>('wallets/log', { walletId: w.walletId }));
    expect(h.ok).toBe(true);
    expect(h.problems).toEqual([]);
    expect(h.advice).toBeNull();
    expect(h.label).toBe('Family savings');
    expect(h.entries.map((e) => e.event)).toEqual(['checked', 'signed', 'receipt', 'receipt', 'receipt', 'created']);
    expect(h.entries.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    const [checked, sig, , , , created] = h.entries;
    expect(checked).toMatchObject({ title: 'Bob checked their child key alone', who: ['Bob (from a file)'] });
    expect(sig!.title).toBe('Signed');
    expect(sig!.who).toEqual(['Alice (typed)', 'Carol (from a file)']);
    expect(sig!.lines[0]).toBe('Sign a message of 9 bytes with bip340');
    expect(sig!.lines).toContain(`Signature: ${signed.signatureHex}`);
    expect(created).toMatchObject({ title: 'Created', who: ['Alice', 'Bob', 'Carol'] });
    expect(created!.lines[0]).toBe('Family savings: 2 of 3 holders must sign (shamir)');
    expect(h.entries[4]!.title).toBe('Alice confirmed they have their child key');
    // The chain, as shown: each entry's prev is the hash of the one before.
    for (let i = 0; i < h.entries.length - 1; i++) expect(h.entries[i]!.prev).toBe(h.entries[i + 1]!.hash);
    expect(created!.prev).toBe('0'.repeat(64));
    // Last checks: Alice and Carol when they signed, Bob alone; nobody overdue.
    expect(h.lastChecked).toEqual([
      { index: 1, label: 'Alice', at: sig!.at },
      { index: 2, label: 'Bob', at: checked!.at },
      { index: 3, label: 'Carol', at: sig!.at },
    ]);
    expect(h.checkEveryMonths).toBe(6);
    expect(h.overdue).toEqual([]);
    // Public data only.
    const all = JSON.stringify(h).toLowerCase();
    expect(all).not.toContain(bytesToHex(w.key));
    for (const s of w.sharesHex) expect(all).not.toContain(s);
  });

  it('names an edited entry as broken, with what to do; the entries still listed', async () => {
    const { dataDir, w, call } = loggedWallet('broken');
    const file = join(logDir(dataDir, w.walletId), '000003.json');
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { data: { holder: string } };
    entry.data.holder = 'Mallory';
    writeFileSync(file, JSON.stringify(entry, null, 2));
    const h = expectOk(await call<History>('wallets/log', { walletId: w.walletId }));
    expect(h.ok).toBe(false);
    expect(h.problems).toEqual([
      { seq: 3, problem: 'edited', message: 'Entry 3 was edited: its content does not match its hash.' },
    ]);
    expect(h.advice).toMatch(
      /^The record of use in .* is broken: Entry 3 was edited.* Restore the folder from a backup/,
    );
    expect(h.entries.map((e) => e.seq)).toEqual([4, 2, 1]);
    // A check alone still tells the holder their child key is intact, and says it was not recorded.
    const check = expectOk(
      await call<Check>('wallets/check-alone', { walletId: w.walletId, childKey: { kind: 'text', text: w.texts[0] } }),
    );
    expect(check).toMatchObject({ intact: true, logError: expect.stringMatching(/not recorded.*Entry 3 was edited/) });
  });

  it('names who has not checked within the period set in Settings (1 to 36 months)', async () => {
    const { dataDir, w, call } = loggedWallet('overdue');
    // Alice checked 20 days ago, Bob eight months ago; Carol's last check is her receipt, logged today.
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    const bob = daysAgo(240);
    const alice = daysAgo(20);
    appendLog(
      dataDir,
      w.walletId,
      'checked',
      { how: 'alone', holders: [{ index: 2, label: 'Bob', from: 'file' }] },
      bob,
    );
    appendLog(
      dataDir,
      w.walletId,
      'checked',
      { how: 'alone', holders: [{ index: 1, label: 'Alice', from: 'typed' }] },
      alice,
    );
    let h = expectOk(await call<History>('wallets/log', { walletId: w.walletId }));
    expect(h.checkEveryMonths).toBe(6);
    expect(h.overdue).toEqual(['Bob']);
    const receipt = readLog(dataDir, w.walletId).entries.find((e) => e.event === 'receipt' && e.seq === 4)!.at;
    expect(h.lastChecked.map((x) => x.at)).toEqual([alice.toISOString(), bob.toISOString(), receipt]);
    expect(expectOk(await call('settings/set-check-months', { months: 12 }))).toEqual({ checkEveryMonths: 12 });
    h = expectOk(await call<History>('wallets/log', { walletId: w.walletId }));
    expect(h.checkEveryMonths).toBe(12);
    expect(h.overdue).toEqual([]);
    expect(expectOk(await call('settings/get', {}))).toEqual({ ethEndpoint: null, checkEveryMonths: 12 });
    for (const months of [0, 37, 1.5, -1])
      expect(await call('settings/set-check-months', { months })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(expectOk(await call<History>('wallets/log', { walletId: w.walletId })).checkEveryMonths).toBe(12);
    expect(expectOk(await call('settings/set-check-months', { months: 1 }))).toEqual({ checkEveryMonths: 1 });
    expect(expectOk(await call<History>('wallets/log', { walletId: w.walletId })).overdue).toEqual(['Bob']);
  });

  it('a wallet with no record of use yet: each holder’s last check is their receipt on the wallet’s record', async () => {
    const dataDir = tempDir();
    const w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'unlogged', 'Family savings');
    const { dispatch } = makeDispatch(dataDir);
    const h = expectOk((await dispatch('wallets/log', APP_PAGE, { walletId: w.walletId })) as Result<History>);
    expect(h).toMatchObject({ ok: true, entries: [], problems: [], advice: null });
    expect(h.lastChecked.map((x) => x.at)).toEqual(Array(3).fill('2026-11-24T09:00:00.000Z'));
    const sixMonthsOn = Date.parse('2026-11-24T09:00:00.000Z') + 190 * 86_400_000;
    expect(h.overdue).toEqual(Date.now() > sixMonthsOn ? ['Alice', 'Bob', 'Carol'] : []);
  });

  it('refuses an unknown wallet, saying what to do', async () => {
    const { call } = loggedWallet('unknown');
    expect(await call('wallets/log', { walletId: 'ab'.repeat(16) })).toMatchObject({
      ok: false,
      code: 'FILE_NOT_FOUND',
      message: expect.stringMatching(/Reload the list of wallets/),
    });
  });
});

describe('wallets/check-alone', () => {
  it('passes each holder’s own child key (typed, file), records the check and moves the last-check date', async () => {
    const { dataDir, w, call } = loggedWallet('alone');
    const before = expectOk(await call<History>('wallets/log', { walletId: w.walletId }));
    expect(before.lastChecked[2]!.at).toBe(readLog(dataDir, w.walletId).entries[3]!.at);
    const c = expectOk(
      await call<Check>('wallets/check-alone', { walletId: w.walletId, childKey: { kind: 'text', text: w.texts[2] } }),
    );
    expect(c).toMatchObject({
      intact: true,
      summary: 'Your child key for Family savings is intact (holder 3 of 3, Carol).',
      checked: ['checksum', 'wallet', 'share'],
    });
    if (!c.intact) throw new Error('not intact');
    const log = readLog(dataDir, w.walletId);
    expect(log.ok).toBe(true);
    expect(log.entries.at(-1)).toMatchObject({
      event: 'checked',
      at: c.at,
      data: { how: 'alone', holders: [{ index: 3, label: 'Carol', from: 'typed' }] },
    });
    const after = expectOk(await call<History>('wallets/log', { walletId: w.walletId }));
    expect(after.lastChecked[2]).toEqual({ index: 3, label: 'Carol', at: c.at });
    expect(JSON.stringify(c)).not.toContain(w.sharesHex[2]!);
  });

  it('refuses another wallet’s child key and a changed one, typed and named, and records nothing', async () => {
    const { dataDir, w, call } = loggedWallet('refuse');
    const other = saveWallet(tempDir(), tempDir('jointkey-keys-'), 'shamir', 'refuse-other', 'Holiday fund');
    const entries = readLog(dataDir, w.walletId).entries.length;
    const foreign = expectOk(
      await call<Check>('wallets/check-alone', {
        walletId: w.walletId,
        childKey: { kind: 'file', path: other.files[0] },
      }),
    );
    expect(foreign).toMatchObject({ intact: false, code: expect.stringMatching(/^DIFFERENT_(WALLET|SET)$/) });
    // A share changed by one bit, its checksum recomputed: it reads, and the record refuses it.
    const bob = childKeyFromText(w.texts[1]!);
    const share = bob.share.slice();
    share[share.length - 1]! ^= 1;
    const changed = expectOk(
      await call<Check>('wallets/check-alone', {
        walletId: w.walletId,
        childKey: { kind: 'text', text: childKeyToText({ ...bob, share }) },
      }),
    );
    expect(changed).toMatchObject({ intact: false, code: 'CHILD_KEY_MISMATCH', message: expect.stringMatching(/Bob/) });
    // A typo: named where it is.
    const typo = w.texts[0]!.slice(0, 10) + (w.texts[0]![10] === 'a' ? 'b' : 'a') + w.texts[0]!.slice(11);
    expect(
      expectOk(
        await call<Check>('wallets/check-alone', { walletId: w.walletId, childKey: { kind: 'text', text: typo } }),
      ),
    ).toMatchObject({ intact: false });
    expect(readLog(dataDir, w.walletId).entries.length).toBe(entries);
  });

  const missing = secretServiceMissing();
  it.skipIf(missing !== undefined && !REQUIRE_SECRET_SERVICE)(
    missing
      ? `a keychain entry (skipped: ${missing})`
      : 'a keychain entry is checked only once confirmed in main’s own dialog',
    async () => {
      const { dataDir, w, call, person, ctx } = loggedWallet('alone-keychain');
      try {
        const entry = expectOk(await call<{ entry: { id: string } }>('keychain/import', { path: w.files[1] })).entry;
        person.answer = false;
        const refused = expectOk(
          await call<Check>('wallets/check-alone', {
            walletId: w.walletId,
            childKey: { kind: 'keychain', id: entry.id },
          }),
        );
        expect(refused).toMatchObject({
          intact: false,
          code: 'CONFIRMATION_REFUSED',
          message: expect.stringMatching(/not checked/),
        });
        expect(person.prompts.at(-1)).toMatchObject({
          message: 'Use Bob’s child key of Family savings to check it alone?',
          confirmLabel: 'Check Bob’s child key',
        });
        person.answer = true;
        const ok = expectOk(
          await call<Check>('wallets/check-alone', {
            walletId: w.walletId,
            childKey: { kind: 'keychain', id: entry.id },
          }),
        );
        expect(ok).toMatchObject({ intact: true, holder: { index: 2, label: 'Bob' } });
        expect(readLog(dataDir, w.walletId).entries.at(-1)!.data).toEqual({
          how: 'alone',
          holders: [{ index: 2, label: 'Bob', from: 'keychain' }],
        });
      } finally {
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
      }
    },
  );
});
