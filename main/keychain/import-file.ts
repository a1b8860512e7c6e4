/**
 * Keychain import of a child-key file, shared by the app (keychain/import) and the CLI (jointkey
 * keychain import): the child key is stored in its kind's keychain form, checked against the wallet
 * record this computer has of it — or, where the child key's own form carries its wallet's public
 * data, without one.
 */
import type { ChildKeyRead, KeychainForm } from '../core/wallet/kind.js';
import { walletOfChildKey } from '../wallets/store.js';
import type { KeychainEntry, OsKeychain } from './os-keychain.js';

/**
 * What the keychain would store for `read`, with the wallet records of `dataDir`, and whether a
 * record was found. `noRecord` is added to the refusal when none is (the CLI names --data-dir).
 */
export function keychainFormOf(
  read: ChildKeyRead,
  dataDir: string,
  noRecord = '',
): { form: KeychainForm; walletKnown: boolean } {
  const wallet = walletOfChildKey(dataDir, read);
  if (wallet) return { form: wallet.keychainForm(read), walletKnown: true };
  return { form: read.kind.keychainFormWithoutRecord(read, noRecord), walletKnown: false };
}

/** Stores the child key `read` from a file into `keychain` (see {@link keychainFormOf}); the keychain's errors as they are. */
export async function storeChildKeyFile(
  keychain: OsKeychain,
  read: ChildKeyRead,
  dataDir: string,
  noRecord = '',
): Promise<KeychainEntry> {
  return keychain.store(keychainFormOf(read, dataDir, noRecord).form);
}
