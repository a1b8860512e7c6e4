/**
 * Rekey and refresh in the app, over the real dispatcher, handlers, core and files: a session opened
 * for a rekey takes a quorum of the current child keys as a signing does; `session/rekey` borrows the
 * key and opens a ceremony for the new set; the hand-off and receipts are the creation's
 * (`ceremony/…`); only `ceremony/finish` after the last receipt writes the new record and marks the
 * old one superseded. A 2-of-3 wallet rekeyed to 3-of-4 with a new holder: the core's restore gives
 * the same public key from new child keys; old child keys are refused, named as replaced; after a
 * refresh, old and new child keys never combine.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { childKeyFromFile } from '../../main/core/formats/file-form.js';
import type { ChildKey } from '../../main/core/formats/child-key.js';
import { restore } from '../../main/core/wallet/restore.js';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { readJournals } from '../../main/ceremony/journal.js';
import { decryptChildKeyFile } from '../../main/files/encrypted-child-key.js';
import type { Result } from '../../main/ipc/contract.js';
import { readLog } from '../../main/wallets/log.js';
import { supersessionOf } from '../../main/wallets/superseded.js';
import { frostWallet } from '../support/frost.js';
import { APP_PAGE, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { REQUIRE_SECRET_SERVICE, secretServiceMissing } from '../support/secret-service.js';

const PASS = [
  'velvet harbor quietly orbit',
  'copper lantern drift meadow',
  'tundra pixel saffron canoe',
  'marble falcon winter quiver',
];

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

function setUp() {
  const dataDir = tempDir();
  const documentsDir = tempDir('jointkey-docs-');
  const ceremonies = new Ceremonies({ dataDir, scryptLogN: 14 });
  const { dispatch, ctx, person } = makeDispatch(dataDir, { ceremonies, documentsDir });
  const replies: unknown[] = [];
  const call = async (channel: string, payload: unknown) => {
    const r = await dispatch(channel, APP_PAGE, payload);
    replies.push(r);
    return r as Result<any>;
  };
  return { dataDir, documentsDir, ceremonies, call, replies, ctx, person };
}

type Call = ReturnType<typeof setUp>['call'];

/** Opens a rekey session on `walletId` and enters each child key (text or file); returns the session id. */
async function enter(call: Call, walletId: string, keys: ({ text: string } | { path: string; passphrase: string })[]) {
  const { sessionId } = expectOk(await call('session/open', { walletId, purpose: 'rekey' }));
  for (const k of keys) {
    const childKey = 'text' in k ? { kind: 'text', text: k.text } : { kind: 'file', ...k };
    const r = expectOk(await call('session/add-child-key', { sessionId, childKey }));
    if (!r.last.accepted) throw new Error(`refused: ${r.last.code} ${r.last.message}`);
  }
  return sessionId as string;
}

/** Every holder of a started ceremony takes an encrypted file and confirms it; finish is refused before the last. */
async function handOff(call: Call, dataDir: string, started: any): Promise<{ files: string[]; wallet: any }> {
  const files: string[] = [];
  for (const h of started.holders as { index: number; label: string }[]) {
    const written = expectOk(
      await call('ceremony/hand-off-file', {
        ceremonyId: started.ceremonyId,
        index: h.index,
        passphrase: PASS[h.index - 1],
        folder: started.defaultFolder,
      }),
    );
    files.push(written.path);
  }
  for (const h of started.holders as { index: number; label: string }[]) {
    if (h.index === started.holders.length) {
      // Before the last receipt: no new record, no marker, the old set in force.
      expect(await call('ceremony/finish', { ceremonyId: started.ceremonyId })).toMatchObject({
        ok: false,
        code: 'RECEIPT_MISSING',
      });
      expect(existsSync(join(dataDir, 'wallets', `${started.walletId}.wallet.json`))).toBe(false);
      expect(supersessionOf(dataDir, started.previousSetId)).toBeUndefined();
    }
    const confirmed = expectOk(
      await call('ceremony/confirm-receipt', {
        ceremonyId: started.ceremonyId,
        index: h.index,
        proof: { kind: 'file', path: files[h.index - 1], passphrase: PASS[h.index - 1] },
      }),
    );
    expect(confirmed.last).toMatchObject({ accepted: true });
  }
  const { wallet } = expectOk(await call('ceremony/finish', { ceremonyId: started.ceremonyId }));
  return { files, wallet };
}

/** The child keys in encrypted files, decrypted as a holder's machine would. */
async function childKeysOf(files: string[]): Promise<ChildKey[]> {
  return Promise.all(
    files.map(async (f) => {
      const plain = await decryptChildKeyFile(readFileSync(f), PASS[files.indexOf(f)]!, basename(f));
      return childKeyFromFile(new TextDecoder().decode(plain)).childKey;
    }),
  );
}

const missing = secretServiceMissing();

const publicKeyOf = (secret: Uint8Array) => bytesToHex(secp256k1.getPublicKey(secret, true));

describe('rekey and refresh over the IPC contract', () => {
  it('2-of-3 rekeyed to 3-of-4 with a new holder, then refreshed: same key; old child keys refused; no mixing', async () => {
    const { dataDir, documentsDir, ceremonies, call, replies, ctx } = setUp();
    const w = saveWallet(dataDir, dataDir);
    const oldRecord = readFileSync(join(dataDir, 'wallets', `${w.walletId}.wallet.json`), 'utf8');

    // Too few: one child key is not a quorum; the session stays open for the next.
    const sessionId = await enter(call, w.walletId, [{ text: w.texts[0]! }]);
    expect(
      await call('session/rekey', { sessionId, holders: ['Alice', 'Bob', 'Carol', 'Dave'], threshold: 3 }),
    ).toMatchObject({ ok: false, code: 'TOO_FEW_CHILD_KEYS' });
    expect(
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[2]! } })).last,
    ).toMatchObject({ accepted: true, holder: { label: 'Carol' } });
    // Colliding labels are refused before the key is restored: the session keeps its child keys.
    const collide = await call('session/rekey', { sessionId, holders: ['Alice', 'Bob', 'Carol', 'alice'] });
    expect(collide).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(ctx.sessions.has(sessionId)).toBe(true);
    const tooMany = await call('session/rekey', { sessionId, holders: ['Alice', 'Bob', 'Carol'], threshold: 4 });
    expect(tooMany).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(tooMany.ok ? '' : tooMany.message).toMatch(/^With 3 holders, the number who must sign is 2 to 3, not 4\./);
    expect(ctx.sessions.has(sessionId)).toBe(true);

    const started = expectOk(
      await call('session/rekey', { sessionId, holders: ['Alice', 'Bob', 'Carol', 'Dave'], threshold: 3 }),
    );
    expect(started).toMatchObject({
      previousSetId: w.walletId,
      how: 'rekeyed',
      publicKey: w.publicKeyHex,
      scheme: 'shamir',
      threshold: 3,
      parties: 4,
      origin: 'imported',
    });
    expect(started.walletId).not.toBe(w.walletId);
    // A folder of the new set's own: the old set's files, with the same names, may be in the wallet's.
    expect(started.defaultFolder).toBe(
      join(documentsDir, 'JointKey', 'Family savings', `New set ${started.walletId.slice(0, 8)}`),
    );
    // The session ended once the key was borrowed: its child keys are wiped.
    expect(ctx.sessions.has(sessionId)).toBe(false);
    expect(
      await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[1]! } }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect(readJournals(dataDir).at(-1)).toMatchObject({ rekeyOf: { setId: w.walletId, how: 'rekeyed' } });
    const secrets = ceremonies.secretBuffers(started.ceremonyId).map((b) => b.slice());
    expect(secrets.length).toBeGreaterThan(0);

    const rekeyed = await handOff(call, dataDir, started);
    expect(rekeyed.wallet).toMatchObject({
      id: started.walletId,
      publicKey: w.publicKeyHex,
      holders: ['Alice', 'Bob', 'Carol', 'Dave'],
      threshold: 3,
      parties: 4,
    });
    // The key and child keys are wiped; the old record is whole, marked superseded; both are listed.
    for (const b of ceremonies.secretBuffers(started.ceremonyId)) expect(b.every((x) => x === 0)).toBe(true);
    expect(readFileSync(join(dataDir, 'wallets', `${w.walletId}.wallet.json`), 'utf8')).toBe(oldRecord);
    expect(supersessionOf(dataDir, w.walletId)).toMatchObject({ supersededBy: started.walletId, how: 'rekeyed' });
    const list = expectOk(await call('wallets/list', {}));
    expect(list.wallets.map((x: { id: string }) => x.id).sort()).toEqual([w.walletId, started.walletId].sort());
    expect(list.wallets.find((x: { id: string }) => x.id === w.walletId).replaced).toMatchObject({
      by: started.walletId,
      how: 'rekeyed',
    });
    expect(list.wallets.find((x: { id: string }) => x.id === started.walletId).replaced).toBeUndefined();
    expect(readLog(dataDir, w.walletId).entries.at(-1)).toMatchObject({ event: 'rekeyed' });

    // The core's restore: 3 new child keys give the same public key; 2 are too few.
    const fresh = await childKeysOf(rekeyed.files);
    const r = restore([fresh[0]!, fresh[1]!, fresh[3]!]);
    expect(publicKeyOf(r.secret)).toBe(w.publicKeyHex);
    expect(() => restore([fresh[0]!, fresh[3]!])).toThrow(expect.objectContaining({ code: 'TOO_FEW_CHILD_KEYS' }));

    // Old child keys are refused, named as replaced, in a session of the old wallet and of the new one.
    const onOld = expectOk(await call('session/open', { walletId: w.walletId, purpose: 'rekey' }));
    const refusedOld = expectOk(
      await call('session/add-child-key', {
        sessionId: onOld.sessionId,
        childKey: { kind: 'text', text: w.texts[1]! },
      }),
    );
    expect(refusedOld.last).toMatchObject({ accepted: false, code: 'DIFFERENT_SET' });
    expect(refusedOld.last.message).toMatch(/^Bob’s child key from the set replaced on .* — use the new one\./);
    const onNew = expectOk(await call('session/open', { walletId: started.walletId, purpose: 'rekey' }));
    const refusedNew = expectOk(
      await call('session/add-child-key', {
        sessionId: onNew.sessionId,
        childKey: { kind: 'text', text: w.texts[0]! },
      }),
    );
    expect(refusedNew.last).toMatchObject({ accepted: false, code: 'DIFFERENT_SET' });
    await call('session/close', { sessionId: onOld.sessionId });
    await call('session/close', { sessionId: onNew.sessionId });

    // A refresh: the same holders and rule (nothing given), new child keys.
    const again = await enter(
      call,
      started.walletId,
      [0, 1, 2].map((i) => ({ path: rekeyed.files[i]!, passphrase: PASS[i]! })),
    );
    const refreshing = expectOk(await call('session/rekey', { sessionId: again }));
    expect(refreshing).toMatchObject({
      previousSetId: started.walletId,
      how: 'refreshed',
      publicKey: w.publicKeyHex,
      threshold: 3,
      parties: 4,
      holders: [
        { index: 1, label: 'Alice' },
        { index: 2, label: 'Bob' },
        { index: 3, label: 'Carol' },
        { index: 4, label: 'Dave' },
      ],
    });
    // The new files go into a folder of their own: the names do not collide with the rekey's.
    expect(refreshing.defaultFolder).not.toBe(started.defaultFolder);
    const refreshed = await handOff(call, dataDir, refreshing);
    expect(supersessionOf(dataDir, started.walletId)).toMatchObject({
      supersededBy: refreshing.walletId,
      how: 'refreshed',
    });
    expect(readLog(dataDir, started.walletId).entries.at(-1)).toMatchObject({ event: 'refreshed' });
    const newest = await childKeysOf(refreshed.files);
    expect(publicKeyOf(restore([newest[1]!, newest[2]!, newest[3]!]).secret)).toBe(w.publicKeyHex);
    // Old and new never combine: two refreshed child keys and one from before the refresh are refused.
    expect(() => restore([newest[0]!, newest[1]!, fresh[2]!])).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(DIFFERENT_SET|DIFFERENT_WALLET|CHILD_KEY_MISMATCH)$/) }),
    );
    expect(() => restore([fresh[0]!, fresh[1]!, newest[2]!])).toThrow();
    // And in the app: a pre-refresh file is named as replaced.
    const mixed = expectOk(await call('session/open', { walletId: refreshing.walletId, purpose: 'rekey' }));
    const refusedMix = expectOk(
      await call('session/add-child-key', {
        sessionId: mixed.sessionId,
        childKey: { kind: 'file', path: rekeyed.files[0]!, passphrase: PASS[0]! },
      }),
    );
    expect(refusedMix.last).toMatchObject({ accepted: false, code: 'DIFFERENT_SET' });
    expect(refusedMix.last.message).toMatch(/refreshed/);

    // No reply of the whole rekey carried a share, a child key's text or a passphrase.
    const seen = JSON.stringify(replies);
    for (const s of [...w.sharesHex, ...w.texts, ...PASS]) expect(seen).not.toContain(s);
    for (const ck of [...fresh, ...newest]) expect(seen).not.toContain(bytesToHex(ck.share));
    expect(readdirSync(join(dataDir, 'superseded'))).toHaveLength(2);
  });

  it('refuses a session opened to sign; a rekey session cannot sign; cancelling leaves the old set in force', async () => {
    const { dataDir, call, person } = setUp();
    const w = saveWallet(dataDir, dataDir);
    // A session opened to sign cannot be turned into a rekey.
    const { sessionId } = expectOk(await call('session/open', { walletId: w.walletId }));
    for (const text of w.texts.slice(0, 2))
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text } }));
    expect(await call('session/rekey', { sessionId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    // A rekey session cannot sign.
    const rekeying = await enter(call, w.walletId, []);
    expect(
      await call('session/describe', {
        sessionId: rekeying,
        request: { kind: 'message', algo: 'ecdsa-sha256', encoding: 'utf8', message: 'x' },
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    // Started, then cancelled: no new record, no marker; the journal says the old set still counts.
    for (const text of w.texts.slice(1))
      expectOk(await call('session/add-child-key', { sessionId: rekeying, childKey: { kind: 'text', text } }));
    const started = expectOk(await call('session/rekey', { sessionId: rekeying, walletLabel: 'Family savings 2' }));
    expect(started.how).toBe('rekeyed');
    expectOk(await call('ceremony/abandon', { ceremonyId: started.ceremonyId }));
    expect(supersessionOf(dataDir, w.walletId)).toBeUndefined();
    expect(existsSync(join(dataDir, 'wallets', `${started.walletId}.wallet.json`))).toBe(false);
    expect(readJournals(dataDir).at(-1)).toMatchObject({ status: 'abandoned', rekeyOf: { setId: w.walletId } });
    expect(person.prompts).toHaveLength(0);
  });

  it('a failure once the key was borrowed says the child keys were wiped and to enter them again; a new session goes on', async () => {
    const { dataDir, call } = setUp();
    const w = saveWallet(dataDir, dataDir, 'shamir', 'rekey-late');
    const sessionId = await enter(call, w.walletId, [{ text: w.texts[0]! }, { text: w.texts[1]! }]);
    // SLIP-39 uses the key as a BIP-32 seed: the same key would not give the same addresses, which
    // only shows once the key is split anew.
    const r = await call('session/rekey', { sessionId, scheme: 'slip39' });
    expect(r).toMatchObject({ ok: false, code: 'TOO_FEW_CHILD_KEYS' });
    expect(r.ok ? '' : r.message).toMatch(/Keep its scheme, shamir\..*child keys entered were wiped.*enter them again/);
    // The session is over: it is not shown as ready, and a new one takes the child keys again.
    expect(await call('session/rekey', { sessionId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    const again = await enter(call, w.walletId, [{ text: w.texts[1]! }, { text: w.texts[2]! }]);
    const started = expectOk(await call('session/rekey', { sessionId: again }));
    expect(started).toMatchObject({ how: 'refreshed', publicKey: w.publicKeyHex });
    expectOk(await call('ceremony/abandon', { ceremonyId: started.ceremonyId }));
  });

  it('a FROST wallet is refused: its key is never rebuilt, so it cannot be rekeyed', async () => {
    const f = frostWallet('secp256k1', 'rekey-app');
    const { dispatch } = makeDispatch(f.pcs[0]!, {
      ceremonies: new Ceremonies({ dataDir: f.pcs[0]!, scryptLogN: 14 }),
    });
    const call = async (channel: string, payload: unknown) =>
      (await dispatch(channel, APP_PAGE, payload)) as Result<any>;
    const sessionId = await enter(call, f.walletId, [{ text: f.texts[0]! }, { text: f.texts[1]! }]);
    const r = await call('session/rekey', { sessionId });
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? '' : r.message).toMatch(/FROST wallet never rebuilds its key.*move the funds/);
    expect(readdirSync(f.pcs[0]!)).not.toContain('superseded');
  });

  it.skipIf(missing !== undefined && !REQUIRE_SECRET_SERVICE)(
    `a child key from this computer's keychain, only once main's dialog said it is for a new set of child keys${missing ? ` (skipped: ${missing})` : ''}`,
    async () => {
      const { dataDir, call, ctx, person } = setUp();
      const w = saveWallet(dataDir, dataDir, 'shamir', 'rekey-keychain');
      try {
        expectOk(await call('keychain/import', { path: w.files[0] }));
        const sessionId = await enter(call, w.walletId, []);
        // Cancelled in main's dialog: not used.
        person.answer = false;
        const refused = expectOk(
          await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id: `${w.walletId}/1` } }),
        );
        expect(refused.last).toMatchObject({ accepted: false, code: 'CONFIRMATION_REFUSED' });
        person.answer = true;
        const taken = expectOk(
          await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id: `${w.walletId}/1` } }),
        );
        expect(taken.last).toMatchObject({ accepted: true, holder: { label: 'Alice' } });
        expect(person.prompts).toHaveLength(2);
        expect(person.prompts[1]!.message).toBe(
          'Use Alice’s child key of Family savings to give Family savings a new set of child keys (change its owners or refresh it)?',
        );
        expect(person.prompts[1]!.detail.join(' ')).toMatch(/Nothing is signed\.$/);
        expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'text', text: w.texts[1]! } }));
        expect(expectOk(await call('session/rekey', { sessionId }))).toMatchObject({
          how: 'refreshed',
          publicKey: w.publicKeyHex,
        });
      } finally {
        for (const e of await ctx.keychain.list()) await ctx.keychain.remove(e.id);
      }
    },
  );
});
