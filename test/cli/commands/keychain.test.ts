/**
 * The command line and the OS keychain: `jointkey keychain import|list|remove`, and `--from-keychain`
 * on restore and sign, run as a user runs them (the built CLI) against a real Secret Service —
 * gnome-keyring on the private session bus of scripts/with-secret-service.sh. Each test keeps its
 * entries under a service name of its own (JOINTKEY_KEYCHAIN_SERVICE), never "JointKey".
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slip39ChildKeyToFile } from '../../../main/core/formats/slip39-file.js';
import { walletOfChildKey } from '../../../main/wallets/store.js';
import { anyWalletRecordFromJson, wordsIn } from '../../support/records.js';
import { openChildKeyFile, wipeRead } from '../../../main/files/child-key-files.js';
import type { Result } from '../../../main/ipc/contract.js';
import { OsKeychain } from '../../../main/keychain/os-keychain.js';
import { assertBuilt, jointkey } from '../../support/cli.js';
import { APP_PAGE, makeDispatch } from '../../support/ipc.js';
import { secretServiceMissing } from '../../support/secret-service.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PASSES = ['lantern orbit mossy tulip', 'copper whale autumn ledger', 'violet canyon pebble marsh'];

const missing = secretServiceMissing();

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-cli-keychain-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function textFile(text: string): string {
  const p = join(dir, `text-${n++}.txt`);
  writeFileSync(p, text, { mode: 0o600 });
  return p;
}

/**
 * Splits KEY (or a new key) among Alice, Bob and Carol, 2 of 3 — with shamir, or as SLIP-39 words
 * recorded in `slip39Data`; returns the files in holder order, the set id (or SLIP-39 wallet id) and
 * the public key.
 */
function split(
  wallet: string,
  opts: { passphrases?: readonly string[]; generate?: boolean; slip39Data?: string } = {},
) {
  const out = join(dir, `keys-${n++}`);
  const r = jointkey([
    'split',
    '--scheme',
    opts.slip39Data === undefined ? 'shamir' : 'slip39',
    ...(opts.slip39Data === undefined ? [] : ['--data-dir', opts.slip39Data]),
    '--parties',
    '3',
    '--threshold',
    '2',
    // A standard SLIP-39 wallet starts from a new seed: an imported key is refused.
    ...(opts.generate || opts.slip39Data !== undefined
      ? ['--generate', 'secp256k1']
      : ['--secret-hex', KEY, '--curve', 'secp256k1']),
    '--labels',
    'Alice,Bob,Carol',
    '--wallet-label',
    wallet,
    '--out',
    out,
    ...(opts.passphrases
      ? ['--passphrase-file', textFile(`${opts.passphrases.join('\n')}\n`), '--scrypt-log-n', '14']
      : ['--plaintext']),
  ]);
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(0);
  const files = readdirSync(out)
    .sort()
    .map((f) => join(out, f));
  return { files, setId: (r.json.setId ?? r.json.walletId) as string, publicKey: r.json.publicKey as string };
}

/** The CLI with its keychain under a service name of its own (and `env` added). */
function withService(more: NodeJS.ProcessEnv = {}) {
  const service = `JointKeyTest-${randomBytes(6).toString('hex')}`;
  const env = { ...process.env, ...more, JOINTKEY_KEYCHAIN_SERVICE: service };
  return Object.assign((args: string[]) => jointkey(args, { env }), { service });
}

describe.skipIf(missing !== undefined)(
  `jointkey keychain on a real Secret Service${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    it('import, list, refuse a second import, restore and sign --from-keychain, remove, refuse a second remove', () => {
      const jk = withService();
      const s = split('Family savings');
      const [alice, bob, carol] = s.files as [string, string, string];
      const id = `${s.setId}/1`;

      const imported = jk(['keychain', 'import', alice]);
      expect(imported.status).toBe(0);
      expect(imported.json).toEqual({ id, setId: s.setId, index: 1, wallet: 'Family savings', holder: 'Alice' });

      const again = jk(['keychain', 'import', alice]);
      expect(again.status).toBe(1);
      expect(again.error?.code).toBe('KEYCHAIN_ENTRY_EXISTS');
      expect(again.error?.message).toContain(`jointkey keychain remove ${id}`);

      const listed = jk(['keychain', 'list']);
      expect(listed.status).toBe(0);
      expect(listed.json).toEqual({ entries: [imported.json] });
      const childKeyText = JSON.parse(readFileSync(alice, 'utf8')).childKey as string;
      expect(listed.stdout).not.toContain(childKeyText);
      expect(listed.stdout).not.toContain('jk1');

      const restored = jk(['restore', '--from-keychain', carol]);
      expect(restored.error).toBeUndefined();
      expect(restored.json).toEqual({ secretHex: KEY });
      // Alice's child key alone is not enough: the restore names who is still missing.
      const alone = jk(['restore', '--from-keychain']);
      expect(alone.error?.code).toBe('TOO_FEW_CHILD_KEYS');
      expect(alone.error?.message).toMatch(/Bob, Carol/);
      // The same child key from its file and from the keychain counts once.
      expect(jk(['restore', '--from-keychain', alice]).error?.code).toBe('DUPLICATE_CHILD_KEY');

      const message = 'c0ffee';
      const signed = jk(['sign', '--message-hex', message, '--algo', 'bip340', '--from-keychain', bob]);
      expect(signed.error).toBeUndefined();
      expect(signed.json.publicKeyHex).toBe(s.publicKey);
      const xOnly = Buffer.from(s.publicKey, 'hex').subarray(1);
      expect(schnorr.verify(Buffer.from(signed.json.signatureHex, 'hex'), Buffer.from(message, 'hex'), xOnly)).toBe(
        true,
      );

      const removed = jk(['keychain', 'remove', id.toUpperCase()]);
      expect(removed.status).toBe(0);
      expect(removed.json).toEqual({ removed: id });
      expect(jk(['keychain', 'list']).json).toEqual({ entries: [] });
      const gone = jk(['keychain', 'remove', id]);
      expect(gone.status).toBe(1);
      expect(gone.error?.code).toBe('KEYCHAIN_ENTRY_NOT_FOUND');
      expect(jk(['restore', '--from-keychain', carol]).error?.code).toBe('KEYCHAIN_ENTRY_NOT_FOUND');
    });

    it('imports an encrypted child-key file with its passphrase, and refuses it without or with a wrong one', () => {
      const jk = withService();
      const s = split('Shop', { passphrases: PASSES });
      const bob = s.files[1]!;
      expect(bob).toMatch(/\.age$/);

      const without = jk(['keychain', 'import', bob]);
      expect(without.error?.code).toBe('PASSPHRASE_NEEDED');
      const wrong = jk(['keychain', 'import', bob, '--passphrase-file', textFile(`${PASSES[0]}\n`)]);
      expect(wrong.error?.code).toBe('WRONG_PASSPHRASE');
      expect(jk(['keychain', 'list']).json).toEqual({ entries: [] });

      const ok = jk(['keychain', 'import', bob, '--passphrase-file', textFile(`${PASSES[1]}\n`)]);
      expect(ok.error).toBeUndefined();
      expect(ok.json).toMatchObject({ index: 2, wallet: 'Shop', holder: 'Bob' });
      expect(jk(['keychain', 'list']).json.entries).toHaveLength(1);
      expect(jk(['keychain', 'remove', ok.json.id]).status).toBe(0);
    });

    it('imports a SLIP-39 file of a recorded wallet as the app does, lists it, and refuses one without a record', async () => {
      // The wallet is recorded in the default data folder ($XDG_CONFIG_HOME/JointKey on Linux).
      const config = join(dir, `config-${n++}`);
      const data = join(config, 'JointKey');
      const jk = withService({ XDG_CONFIG_HOME: config });
      const s = split('Trezor savings', { passphrases: PASSES, slip39Data: data });
      const [alice, , carol] = s.files as [string, string, string];
      const pass = textFile(`${PASSES[0]}\n`);

      // No record in the folder given: refused, saying what to do; nothing stored.
      const elsewhere = join(dir, `empty-${n++}`);
      const none = jk(['keychain', 'import', alice, '--passphrase-file', pass, '--data-dir', elsewhere]);
      expect(none.status).toBe(1);
      expect(none.error?.code).toBe('DIFFERENT_WALLET');
      expect(none.error?.message).toContain('no record');
      expect(none.error?.message).toContain(`Or give --data-dir DIR`);
      expect(none.error?.message).toContain(elsewhere);
      expect(jk(['keychain', 'list']).json).toEqual({ entries: [] });

      // With the record (the default data folder): stored under <wallet id>/<holder index>.
      const id = `${s.setId}/1`;
      const imported = jk(['keychain', 'import', alice, '--passphrase-file', pass]);
      expect(imported.error).toBeUndefined();
      expect(imported.json).toEqual({ id, setId: s.setId, index: 1, wallet: 'Trezor savings', holder: 'Alice' });
      expect(jk(['keychain', 'list']).json).toEqual({ entries: [imported.json] });
      const again = jk(['keychain', 'import', alice, '--passphrase-file', pass]);
      expect(again.error?.code).toBe('KEYCHAIN_ENTRY_EXISTS');
      expect(again.error?.message).toContain(`jointkey keychain remove ${id}`);

      // The entry is the one the app stores: the SLIP-39 file form of the recorded wallet, read back
      // with the app's own keychain read.
      const keychain = new OsKeychain({ service: jk.service });
      const read = await openChildKeyFile(alice, PASSES[0]);
      try {
        const found = walletOfChildKey(data, read.read);
        expect(found?.record.id).toBe(s.setId);
        // A standard SLIP-39 wallet: Alice's words, the wallet's labels, its master public key as
        // the wallet id, and the BIP-32 derivation mark.
        const wallet = anyWalletRecordFromJson(found!.record).slip39!;
        expect(await keychain.read(id)).toBe(
          slip39ChildKeyToFile({
            mnemonic: wordsIn(read).mnemonic,
            label: 'Alice',
            walletLabel: 'Trezor savings',
            parties: 3,
            curve: 'secp256k1',
            walletId: wallet.publicKey,
            derivation: 'bip32',
          }),
        );
      } finally {
        wipeRead([read]);
      }

      // And the app lists it and signs with it: Alice's words from the keychain, Carol's from her file.
      const { dispatch } = makeDispatch(data, { keychain });
      const call = async (channel: string, payload: unknown) =>
        (await dispatch(channel, APP_PAGE, payload)) as Result<any>;
      const listed = await call('keychain/list', {});
      expect(listed).toMatchObject({ ok: true, value: { entries: [imported.json] } });
      const opened = await call('session/open', { walletId: s.setId });
      if (!opened.ok) throw new Error(opened.message);
      const sessionId = opened.value.sessionId as string;
      const fromKeychain = await call('session/add-child-key', { sessionId, childKey: { kind: 'keychain', id } });
      expect(fromKeychain).toMatchObject({
        ok: true,
        value: { last: { accepted: true, holder: { index: 1, label: 'Alice' } } },
      });
      const fromFile = await call('session/add-child-key', {
        sessionId,
        childKey: { kind: 'file', path: carol, passphrase: PASSES[2] },
      });
      expect(fromFile).toMatchObject({ ok: true, value: { last: { accepted: true } } });
      expect(await call('health/check', { sessionId })).toMatchObject({
        ok: true,
        value: { ok: true, publicKeyHex: s.publicKey },
      });

      // The CLI removes it like any entry.
      expect(jk(['keychain', 'remove', id]).json).toEqual({ removed: id });
      expect(jk(['keychain', 'list']).json).toEqual({ entries: [] });
    }, 60_000);

    it('with several wallets stored, --from-keychain alone names them; --set-id or a file chooses', () => {
      const jk = withService();
      const a = split('Family savings', { generate: true });
      const b = split('Shop', { generate: true });
      expect(jk(['keychain', 'import', a.files[0]!]).status).toBe(0);
      expect(jk(['keychain', 'import', b.files[0]!]).status).toBe(0);
      expect(jk(['keychain', 'import', b.files[1]!]).status).toBe(0);

      const choose = jk(['restore', '--from-keychain']);
      expect(choose.status).toBe(1);
      expect(choose.error?.code).toBe('INVALID_ARGUMENT');
      expect(choose.error?.message).toContain(`"Family savings" (set id ${a.setId})`);
      expect(choose.error?.message).toContain(`"Shop" (set id ${b.setId})`);
      expect(choose.error?.message).toContain('--set-id');

      const shop = jk([
        'sign',
        '--message-hex',
        '00',
        '--algo',
        'ecdsa-sha256',
        '--from-keychain',
        '--set-id',
        b.setId,
      ]);
      expect(shop.error).toBeUndefined();
      expect(shop.json.publicKeyHex).toBe(b.publicKey);
      // A file given alongside chooses its wallet: Alice of "Family savings" from the keychain, Carol from her file.
      const family = jk(['sign', '--message-hex', '00', '--algo', 'ecdsa-sha256', '--from-keychain', a.files[2]!]);
      expect(family.error).toBeUndefined();
      expect(family.json.publicKeyHex).toBe(a.publicKey);
    });
  },
);

describe('jointkey keychain without a keychain, and its usage errors', () => {
  it.skipIf(process.platform !== 'linux')(
    'with no session bus, list and import are refused with KEYCHAIN_UNAVAILABLE',
    () => {
      const env = {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/jointkey-test-bus',
        JOINTKEY_KEYCHAIN_SERVICE: 'JointKeyTest-nowhere',
      };
      const s = split('Nowhere');
      for (const args of [
        ['keychain', 'list'],
        ['keychain', 'import', s.files[0]!],
        ['restore', '--from-keychain'],
      ]) {
        const r = jointkey(args, { env });
        expect(r.status).toBe(1);
        expect(r.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
        expect(r.error?.message).toContain('Secret Service');
        expect(r.stdout).toBe('');
      }
    },
  );

  it('usage errors exit 2 and name what to do', () => {
    for (const args of [
      ['keychain'],
      ['keychain', 'frobnicate'],
      ['keychain', 'import'],
      ['keychain', 'remove'],
      ['restore', '--set-id', '00'],
      ['sign', '--algo', 'bip340', '--message-hex', '00', '--set-id', '00'],
    ]) {
      const r = jointkey(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.error?.code).toBe('USAGE');
    }
    const bad = jointkey(['keychain', 'remove', 'not-an-id']);
    expect(bad.status).toBe(1);
    expect(bad.error?.code).toBe('INVALID_ARGUMENT');
    expect(bad.error?.message).toContain('jointkey keychain list');
    expect(jointkey(['keychain', '--help']).stdout).toContain('never the kernel keyring');
  });
});
