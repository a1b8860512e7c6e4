/**
 * Runs keychain operations in a process of its own and prints their outcomes as JSON, for tests that
 * need another session bus than the test process's (the keyring library keeps the first Secret
 * Service connection it makes, or fails to make, for the life of the process).
 *
 * Usage: node probe.mjs SERVICE OP…, where OP is store:N, read:N, remove:N (holder N of a fixed
 * test wallet), list, childKeys, or keyutils:N (what the kernel keyring holds for holder N's entry).
 * Prints [{ok: true, value} | {ok: false, code, message}] — labels and codes, never a child key.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { isJointKeyError } from '../../main/core/errors.js';
import { OsKeychain, keychainId } from '../../main/keychain/os-keychain.js';
import { keySet } from './sets.js';
import { keychainFormOf } from '../../main/core/wallet/kinds/jointkey.js';

const [service, ...ops] = process.argv.slice(2);
const kc = new OsKeychain({ service: service as string });
const s = keySet('shamir', 'probe');
const holder = (n: string | undefined) => s.childKeys[Number(n) - 1]!;

const results: unknown[] = [];
for (const op of ops) {
  const [name, arg] = op.split(':');
  try {
    let value: unknown;
    if (name === 'store') value = await kc.store(keychainFormOf(holder(arg), s.set));
    else if (name === 'read') value = (await kc.read(keychainId(holder(arg)))).length;
    else if (name === 'remove') value = await kc.remove(keychainId(holder(arg)));
    else if (name === 'list') value = await kc.list();
    else if (name === 'childKeys') value = (await kc.childKeys()).map((k) => k.id);
    else if (name === 'keyutils') {
      const entry = new AsyncEntry(kc.service, keychainId(holder(arg)), { linux: { store: 'keyutils' } });
      value = await entry.getPassword().then(
        (v) => (v === null ? 'empty' : 'holds an entry'),
        () => 'not usable',
      );
    } else throw new Error(`unknown op ${op}`);
    results.push({ ok: true, value: value ?? null });
  } catch (e) {
    if (!isJointKeyError(e)) throw e;
    results.push({ ok: false, code: e.code, message: e.message });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
