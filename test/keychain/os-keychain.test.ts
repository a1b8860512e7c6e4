/**
 * The OS keychain against a real Secret Service: gnome-keyring-daemon on a private session bus,
 * started by scripts/with-secret-service.sh (npm run test:unit). Each test uses its own service name,
 * so no entry of a real user is ever listed, read or removed.
 */
import { randomBytes } from 'node:crypto';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../main/core/bytes.js';
import { isJointKeyError, type ErrorCode } from '../../main/core/errors.js';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import { restore } from '../../main/core/wallet/restore.js';
import { childKeyToText } from '../../main/core/formats/text-form.js';
import { OsKeychain, childKeysFromKeychain, keychainId, parseKeychainId } from '../../main/keychain/os-keychain.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { slip39SplitKey } from '../../main/core/wallet/kinds/slip39.js';
import { slip39ChildKeyFromFile } from '../../main/core/formats/slip39-file.js';
import { keySet, secretSet, seededRng } from '../support/sets.js';
import {
  REQUIRE_SECRET_SERVICE,
  buildKeychainProbe,
  secretServiceCall,
  secretServiceMissing,
  startPrivateSecretService,
} from '../support/secret-service.js';
import { type JointKeyRead, keychainFormOf } from '../../main/core/wallet/kinds/jointkey.js';
import { type Slip39Wallet, slip39KeychainForm } from '../../main/core/wallet/kinds/slip39.js';
import type { KeychainChildKey } from '../../main/keychain/os-keychain.js';

/** A stored JointKey child key, as the keychain reads it back. */
const jk = (k: KeychainChildKey) => k.read as JointKeyRead;
/** Stores a holder's SLIP-39 words of a wallet, as keychain import does. */
const storeWords = (kc: { store: OsKeychain['store'] }, mnemonic: string, wallet: Slip39Wallet) =>
  kc.store(slip39KeychainForm(wallet, mnemonic));

/** The JointKeyError an async call refuses with; fails the test on anything else, or on success. */
async function refused(f: () => Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  try {
    await f();
  } catch (e) {
    if (isJointKeyError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal (a JointKeyError), got a result');
}

const services: OsKeychain[] = [];
/** A keychain under a service name of its own, emptied after the tests. */
function testKeychain(): OsKeychain {
  const k = new OsKeychain({ service: `JointKeyTest-${bytesToHex(randomBytes(6))}` });
  services.push(k);
  return k;
}

const missing = secretServiceMissing();
if (missing) console.warn(`keychain tests skipped: ${missing}`);

/** Keychain operations in a child process, on a session bus of the test's choosing. */
let probe: Awaited<ReturnType<typeof buildKeychainProbe>>;
beforeAll(async () => {
  if (process.platform === 'linux') probe = await buildKeychainProbe();
});
afterAll(() => probe?.remove());

describe('the Secret Service the keychain tests need', () => {
  it.skipIf(!REQUIRE_SECRET_SERVICE)(
    'is reachable when the wrapper started it (JOINTKEY_REQUIRE_SECRET_SERVICE=1: fail, never skip)',
    () => {
      expect(missing).toBeUndefined();
    },
  );
});

describe('entry ids', () => {
  it('are the set id in hex, a slash and the holder index; anything else is refused with a hint', () => {
    const s = keySet('shamir', 'ids');
    const ck = s.childKeys[1]!;
    const id = keychainId(ck);
    expect(id).toBe(`${bytesToHex(s.setId)}/2`);
    expect(parseKeychainId(` ${id.toUpperCase()} `)).toEqual({ id, setId: bytesToHex(s.setId), index: 2 });
    for (const bad of [
      '',
      'abc/1',
      `${bytesToHex(s.setId)}/0`,
      `${bytesToHex(s.setId)}/256`,
      `${bytesToHex(s.setId)}`,
      7,
    ])
      expect(() => parseKeychainId(bad)).toThrow(/not a keychain entry id.*jointkey keychain list/s);
  });

  it('a service name must be a non-empty string', () => {
    expect(() => new OsKeychain({ service: '' })).toThrow(RangeError);
    expect(() => new OsKeychain({ service: 5 as unknown as string })).toThrow(TypeError);
    expect(new OsKeychain().service).toBe('JointKey');
  });
});

describe.skipIf(missing !== undefined)(
  `the OS keychain on a real Secret Service${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    afterAll(async () => {
      for (const k of services) for (const e of await k.list()) await k.remove(e.id);
    });

    it('keeps a SLIP-39 holder’s words under its wallet id, lists them, and leaves them out of --from-keychain', async () => {
      const kc = testKeychain();
      const rng = seededRng('keychain/slip39');
      const { wallet, walletId, mnemonics } = slip39SplitKey('secp256k1', generatePrivateKey('secp256k1', rng), {
        labels: ['Alice', 'Bob', 'Carol'],
        walletLabel: 'Family words',
        threshold: 2,
        rng,
      });
      expect(
        (
          await refused(() =>
            storeWords(
              kc,
              slip39SplitKey('secp256k1', generatePrivateKey('secp256k1', rng), { labels: ['X', 'Y'], rng })
                .mnemonics[0]!,
              wallet,
            ),
          )
        ).code,
      ).toBe('DIFFERENT_WALLET');
      const entry = await storeWords(kc, mnemonics[1]!.toUpperCase(), wallet);
      const id = `${bytesToHex(walletId)}/2`;
      expect(entry).toEqual({ id, setId: bytesToHex(walletId), index: 2, wallet: 'Family words', holder: 'Bob' });
      expect(await kc.list()).toEqual([entry]);
      const stored = slip39ChildKeyFromFile(JSON.parse(await kc.read(id)));
      expect(stored.mnemonic).toBe(mnemonics[1]);
      expect(stored.label).toBe('Bob');
      expect((await refused(() => storeWords(kc, mnemonics[1]!, wallet))).code).toBe('KEYCHAIN_ENTRY_EXISTS');
      // restore/sign --from-keychain read it as the SLIP-39 words it is.
      const fromKeychain = await kc.childKeys();
      expect(fromKeychain.map((k) => [k.id, k.read.kind.id, k.read.holder.index])).toEqual([[id, 'slip39', 2]]);
      fromKeychain.forEach((k) => k.read.wipe());
      await kc.remove(id);
      expect(await kc.list()).toEqual([]);
    });

    it('stores, lists labels only, reads back exactly, never replaces, removes, and refuses a second remove', async () => {
      const kc = testKeychain();
      const s = keySet('shamir', 'roundtrip');
      const ck = s.childKeys[0]!;
      const id = keychainId(ck);
      const text = childKeyToFile(ck, s.set);

      expect(await kc.list()).toEqual([]);
      const stored = await kc.store(keychainFormOf(ck, s.set));
      expect(stored).toEqual({ id, setId: bytesToHex(s.setId), index: 1, wallet: 'Family', holder: 'Alice' });

      const listed = await kc.list();
      expect(listed).toEqual([stored]);
      const shown = JSON.stringify(listed);
      expect(shown).not.toContain(childKeyToText(ck));
      expect(shown).not.toContain('jk1');
      expect(shown).not.toContain(bytesToHex(ck.share));
      expect(shown).not.toContain('childKey');

      expect(await kc.read(id)).toBe(text);

      const again = await refused(() => kc.store(keychainFormOf(ck, s.set)));
      expect(again.code).toBe('KEYCHAIN_ENTRY_EXISTS');
      expect(again.message).toContain(`jointkey keychain remove ${id}`);
      expect(await kc.read(id)).toBe(text);

      await kc.remove(id);
      expect(await kc.list()).toEqual([]);
      expect((await refused(() => kc.read(id))).code).toBe('KEYCHAIN_ENTRY_NOT_FOUND');
      const gone = await refused(() => kc.remove(id));
      expect(gone.code).toBe('KEYCHAIN_ENTRY_NOT_FOUND');
      expect(gone.message).toContain('jointkey keychain list');
    });

    it('two holders of one wallet are two entries, and their child keys restore the key', async () => {
      const kc = testKeychain();
      const s = keySet('shamir', 'two-holders');
      await kc.store(keychainFormOf(s.childKeys[2]!, s.set));
      await kc.store(keychainFormOf(s.childKeys[0]!, s.set));
      const listed = await kc.list();
      expect(listed.map((e) => [e.index, e.holder, e.wallet])).toEqual([
        [1, 'Alice', 'Family'],
        [3, 'Carol', 'Family'],
      ]);
      expect(new Set(listed.map((e) => e.id)).size).toBe(2);

      const back = await kc.childKeys();
      expect(back.map((k) => jk(k).childKey.label)).toEqual(['Alice', 'Carol']);
      const r = restore(
        back.map((k) => jk(k).childKey),
        { set: jk(back[0]!).set! },
      );
      expect(bytesToHex(r.secret)).toBe(bytesToHex(s.key));
    });

    it('entries of another service, and accounts that are not JointKey ids, are not listed', async () => {
      const mine = testKeychain();
      const other = testKeychain();
      const s = keySet('xor', 'services');
      await other.store(keychainFormOf(s.childKeys[0]!, s.set));
      await new AsyncEntry(mine.service, 'someone@example.org', { linux: { store: 'secret-service' } }).setPassword(
        'another app’s password',
      );
      try {
        expect(await mine.list()).toEqual([]);
        expect((await other.list()).map((e) => e.holder)).toEqual(['Alice']);
      } finally {
        await new AsyncEntry(mine.service, 'someone@example.org', {
          linux: { store: 'secret-service' },
        }).deleteCredential();
      }
    });

    it('with several wallets stored, childKeysFromKeychain needs a set id and names the wallets to choose from', async () => {
      const kc = testKeychain();
      const a = keySet('shamir', 'wallet-a');
      const b = secretSet('gf256', 'wallet-b');
      await kc.store(keychainFormOf(a.childKeys[0]!, a.set));
      await kc.store(keychainFormOf(b.childKeys[1]!, b.set));

      const choose = await refused(() => childKeysFromKeychain(undefined, { service: kc.service }));
      expect(choose.code).toBe('INVALID_ARGUMENT');
      expect(choose.message).toContain(`"Family" (set id ${bytesToHex(a.setId)})`);
      expect(choose.message).toContain(bytesToHex(b.setId));
      expect(choose.message).not.toContain('jk1');

      const got = await childKeysFromKeychain(bytesToHex(b.setId).toUpperCase(), { service: kc.service });
      expect(got.map((k) => [k.id, jk(k).childKey.label])).toEqual([[keychainId(b.childKeys[1]!), 'Bob']]);
      expect(bytesToHex(jk(got[0]!).childKey.share)).toBe(bytesToHex(b.childKeys[1]!.share));

      const none = await refused(() => childKeysFromKeychain('00'.repeat(16), { service: kc.service }));
      expect(none.code).toBe('KEYCHAIN_ENTRY_NOT_FOUND');
      expect((await refused(() => childKeysFromKeychain('xyz', { service: kc.service }))).code).toBe(
        'INVALID_ARGUMENT',
      );
      const empty = await refused(() => childKeysFromKeychain(undefined, { service: testKeychain().service }));
      expect(empty.code).toBe('KEYCHAIN_ENTRY_NOT_FOUND');
      expect(empty.message).toContain('jointkey keychain import');
    });

    it('an entry changed outside JointKey is listed without labels and refused when used', async () => {
      const kc = testKeychain();
      const s = keySet('shamir', 'changed');
      const id = keychainId(s.childKeys[0]!);
      const other = childKeyToFile(s.childKeys[1]!, s.set); // Bob's child key under Alice's id
      await new AsyncEntry(kc.service, id, { linux: { store: 'secret-service' } }).setPassword(other);
      expect(await kc.list()).toEqual([
        { id, setId: bytesToHex(s.setId), index: 1, wallet: null, holder: null, problem: 'TAMPERED_FILE' },
      ]);
      const used = await refused(() => kc.childKeys());
      expect(used.code).toBe('TAMPERED_FILE');
      expect(used.message).toContain(`jointkey keychain remove ${id}`);
      expect(used.message).not.toContain('jk1');
    });

    it('a locked keyring is refused with KEYCHAIN_LOCKED (locked over D-Bus, on a Secret Service of its own)', async () => {
      const own = await startPrivateSecretService();
      try {
        const service = 'JointKeyTest-locked';
        const stored = probe.run(own.address, service, ['store:1', 'list']);
        expect(stored.map((r) => r.ok)).toEqual([true, true]);
        expect(stored[1]).toMatchObject({ ok: true, value: [{ holder: 'Alice' }] });

        secretServiceCall(
          own.address,
          '/org/freedesktop/secrets',
          'org.freedesktop.Secret.Service.Lock',
          'array:objpath:/org/freedesktop/secrets/aliases/default',
        );
        const locked = secretServiceCall(
          own.address,
          '/org/freedesktop/secrets/aliases/default',
          'org.freedesktop.DBus.Properties.Get',
          'string:org.freedesktop.Secret.Collection',
          'string:Locked',
        );
        expect(locked).toContain('boolean true');

        const ops = ['list', 'read:1', 'store:2', 'remove:1', 'childKeys'];
        const results = probe.run(own.address, service, ops);
        expect(results).toHaveLength(ops.length);
        for (const r of results) {
          expect(r).toMatchObject({ ok: false, code: 'KEYCHAIN_LOCKED' });
          expect(r.ok ? '' : r.message).toMatch(/Unlock it/);
        }
      } finally {
        await own.stop();
      }
    });
  },
);

describe.skipIf(process.platform !== 'linux')('on Linux, only the Secret Service', () => {
  it('with no session bus, storing, listing and reading are refused with KEYCHAIN_UNAVAILABLE, and nothing goes to the kernel keyring', () => {
    const service = `JointKeyTest-${bytesToHex(randomBytes(6))}`;
    const results = probe.run('unix:path=/nonexistent/jointkey-test-bus', service, [
      'store:1',
      'list',
      'read:1',
      'keyutils:1',
    ]);
    for (const r of results.slice(0, 3)) {
      expect(r).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
      const message = r.ok ? '' : r.message;
      expect(message).toContain('GNOME Keyring');
      expect(message).toContain('kernel keyring');
      expect(message).toContain('restart');
    }
    // keyring-rs's fallback store, asked directly: it holds nothing for this entry (or cannot be used here at all).
    expect(results[3]).toMatchObject({ ok: true });
    expect(results[3]).not.toMatchObject({ value: 'holds an entry' });
  });
});
