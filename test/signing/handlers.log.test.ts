/** The signing handlers add to a wallet's record of use: who entered child keys and how, what was signed, the check. */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { readLog } from '../../main/wallets/log.js';
import { writeSupersession } from '../../main/wallets/superseded.js';
import { APP_PAGE, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import type { Result } from '../../main/ipc/contract.js';

function expectOk(r: Result<unknown>): unknown {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

describe('the record of use of the app’s joint sessions', () => {
  it('a signature logs its holders (typed, file), its words and the signature; a health check logs its holders; no key material', async () => {
    const dataDir = tempDir();
    const w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'log', 'Family savings');
    const { dispatch } = makeDispatch(dataDir);
    const call = (channel: string, payload: unknown) => dispatch(channel as never, APP_PAGE, payload);

    const open = expectOk(await call('session/open', { walletId: w.walletId })) as { sessionId: string };
    const sessionId = open.sessionId;
    expectOk(
      await call('session/describe', {
        sessionId,
        request: { kind: 'message', algo: 'bip340', encoding: 'utf8', message: 'We agree.' },
      }),
    );
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[0] } }));
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[2] } }));
    const signed = expectOk(await call('session/sign', { sessionId })) as { signatureHex: string };

    const check = expectOk(await call('session/open', { walletId: w.walletId })) as { sessionId: string };
    for (const i of [1, 2])
      expectOk(
        await call('session/add-child-key', {
          sessionId: check.sessionId,
          childKey: { kind: 'file', path: w.files[i] },
        }),
      );
    expectOk(await call('health/check', { sessionId: check.sessionId }));

    const log = readLog(dataDir, w.walletId);
    expect(log.ok).toBe(true);
    expect(log.entries.map((e) => e.event)).toEqual(['signed', 'checked']);
    expect(log.entries[0]!.data).toEqual({
      holders: [
        { index: 1, label: 'Alice', from: 'typed' },
        { index: 3, label: 'Carol', from: 'file' },
      ],
      description: ['Sign a message of 9 bytes with bip340', expect.stringMatching(/^message \(hex\): /)],
      signature: signed.signatureHex,
      txHash: null,
    });
    expect(log.entries[1]!.data).toEqual({
      how: 'quorum',
      holders: [
        { index: 2, label: 'Bob', from: 'file' },
        { index: 3, label: 'Carol', from: 'file' },
      ],
    });
    const all = JSON.stringify(log).toLowerCase();
    expect(all).not.toContain(bytesToHex(w.key));
    for (const s of w.sharesHex) expect(all).not.toContain(s);
    for (const t of w.texts) expect(all).not.toContain(t.toLowerCase().slice(4, 30));
  });
});

describe('a child key of a replaced set, in the app’s sessions', () => {
  it('is refused, named: whose it is, the day its set was replaced, and to use the new one', async () => {
    const dataDir = tempDir();
    const keys = tempDir('jointkey-keys-');
    const old = saveWallet(dataDir, keys, 'shamir', 'replaced', 'Family savings');
    const replacement = saveWallet(dataDir, keys, 'shamir', 'replacement', 'Family savings');
    writeSupersession(dataDir, {
      setId: old.walletId,
      supersededBy: replacement.walletId,
      at: '2027-05-03T10:00:00.000Z',
      how: 'rekeyed',
    });
    const { dispatch } = makeDispatch(dataDir);
    const call = (channel: string, payload: unknown) => dispatch(channel as never, APP_PAGE, payload);
    const open = expectOk(await call('session/open', { walletId: old.walletId })) as { sessionId: string };
    const r = expectOk(
      await call('session/add-child-key', {
        sessionId: open.sessionId,
        childKey: { kind: 'file', path: old.files[1] },
      }),
    ) as { progress: { have: number }; last: { accepted: boolean; code?: string; message?: string } };
    expect(r.progress.have).toBe(0);
    expect(r.last).toEqual({
      accepted: false,
      code: 'DIFFERENT_SET',
      message: expect.stringContaining('Bob’s child key from the set replaced on 3 May 2027 — use the new one'),
    });
    // A marker whose new record is missing (a rekey stopped before it) counts for nothing.
    const other = saveWallet(dataDir, keys, 'shamir', 'kept', 'Kept');
    writeSupersession(dataDir, {
      setId: other.walletId,
      supersededBy: 'ab'.repeat(16),
      at: '2027-05-03T10:00:00.000Z',
      how: 'refreshed',
    });
    const o = expectOk(await call('session/open', { walletId: other.walletId })) as { sessionId: string };
    const k = expectOk(
      await call('session/add-child-key', { sessionId: o.sessionId, childKey: { kind: 'file', path: other.files[0] } }),
    ) as { last: { accepted: boolean } };
    expect(k.last.accepted).toBe(true);
  });
});
