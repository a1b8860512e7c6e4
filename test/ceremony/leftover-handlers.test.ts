/**
 * `leftovers/list` and `leftovers/delete` over the real dispatcher and handlers, with a real split
 * ceremony: a paper backup written at the hand-off is deleted by the id its reply gave; the folders
 * the journals name are searched (a paper backup left by a stopped ceremony, a plain child-key file
 * beside it), and a deletion takes only an id main gave — never a path.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ceremonies } from '../../main/ceremony/ceremonies.js';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import type { ChildKey } from '../../main/core/formats/child-key.js';
import type { Result } from '../../main/ipc/contract.js';
import { APP_PAGE, makeDispatch, tempDir } from '../support/ipc.js';
import { keySet } from '../support/sets.js';

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

describe('leftovers over the IPC contract', () => {
  it('a paper backup is deleted by its id; the files left in the folders JointKey wrote are listed and deleted by id only', async () => {
    const dataDir = tempDir();
    const folder = join(tempDir('jointkey-docs-'), 'Family savings');
    const ceremonies = new Ceremonies({ dataDir, scryptLogN: 14 });
    const { dispatch } = makeDispatch(dataDir, { ceremonies });
    const call = async (channel: string, payload: unknown) =>
      (await dispatch(channel, APP_PAGE, payload)) as Result<any>;

    const started = expectOk(
      await call('ceremony/start', {
        source: { kind: 'generate', curve: 'secp256k1' },
        walletLabel: 'Family savings',
        holders: ['Alice', 'Bob'],
        scheme: 'shamir',
      }),
    );
    const ceremonyId = started.ceremonyId as string;
    const alice = expectOk(await call('ceremony/paper-backup', { ceremonyId, index: 1, folder }));
    const bob = expectOk(await call('ceremony/paper-backup', { ceremonyId, index: 2, folder }));
    expect(alice.deleteId).toMatch(/^[0-9a-f]{32}$/);
    expect(bob.deleteId).not.toBe(alice.deleteId);

    // Alice printed hers: deleted by the id the reply gave.
    expect(expectOk(await call('leftovers/delete', { id: alice.deleteId }))).toEqual({
      path: alice.path,
      alreadyGone: false,
    });
    expect(existsSync(alice.path)).toBe(false);
    expect(await call('leftovers/delete', { id: alice.deleteId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });

    // The ceremony stops (the app quits): Bob's paper backup, and a plain file someone left beside it, stay.
    expect(expectOk(await call('ceremony/abandon', { ceremonyId }))).toEqual({ abandoned: true });
    const set = keySet('shamir', 'leftover-handlers');
    const plain = join(folder, '2-bob.jointkey.json');
    writeFileSync(plain, childKeyToFile(set.childKeys[1] as ChildKey, set.set), { mode: 0o600 });
    const elsewhere = join(tempDir(), '2-bob.jointkey.json');
    writeFileSync(elsewhere, childKeyToFile(set.childKeys[1] as ChildKey, set.set), { mode: 0o600 });

    // A new app (new offers), over the same data folder: what is left is listed, with ids.
    const fresh = makeDispatch(dataDir, { ceremonies: new Ceremonies({ dataDir, scryptLogN: 14 }) });
    const call2 = async (channel: string, payload: unknown) =>
      (await fresh.dispatch(channel, APP_PAGE, payload)) as Result<any>;
    // Bob's id from the app before is not one this app gave.
    expect(await call2('leftovers/delete', { id: bob.deleteId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    const listed = expectOk(await call2('leftovers/list', {}));
    expect(listed.folders).toContain(dataDir);
    expect(listed.folders).toContain(folder);
    expect(listed.files.map((f: { path: string; kind: string }) => [f.kind, f.path]).sort()).toEqual(
      [
        ['child-key-file', plain],
        ['paper-backup', bob.path],
      ].sort(),
    );
    // A path, or a path in place of the id, deletes nothing.
    for (const payload of [{ path: plain }, { id: plain }, { id: elsewhere }, { id: bob.path }])
      expect(await call2('leftovers/delete', payload)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(existsSync(plain) && existsSync(bob.path) && existsSync(elsewhere)).toBe(true);
    for (const f of listed.files as { id: string; path: string }[])
      expect(expectOk(await call2('leftovers/delete', { id: f.id }))).toEqual({ path: f.path, alreadyGone: false });
    expect(existsSync(plain) || existsSync(bob.path)).toBe(false);
    expect(existsSync(elsewhere)).toBe(true);
    expect(expectOk(await call2('leftovers/list', {})).files).toEqual([]);
  });
});
