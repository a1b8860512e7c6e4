/**
 * Keychain import of a child-key file, shared by the app (keychain/import) and the CLI (jointkey
 * keychain import): a JointKey child key is stored with its set's public data (from the file, or from
 * the wallet record for a text-form child key); a SLIP-39 file's words are stored under the id of the
 * wallet this computer has a record of (`<wallet id hex>/<holder index>`).
 */
import { bytesToHex } from '../core/bytes.js';
import { JointKeyError } from '../core/errors.js';
import type { ChildKeyFromDisk } from '../files/child-key-files.js';
import { findWalletRecord, slip39WalletOf } from '../files/wallet-store.js';
import type { KeychainEntry, OsKeychain } from './os-keychain.js';

/**
 * Stores the child key `read` from a file into `keychain`, with the wallet records of `dataDir`.
 * `noRecord` is added to the refusal when no record is found: what else the person can do there
 * (the CLI names --data-dir). Throws DIFFERENT_WALLET (SLIP-39 words of a wallet without a record),
 * INVALID_ARGUMENT (a text-form child key without a record), and the errors of the keychain's store.
 */
export async function storeChildKeyFile(
  keychain: OsKeychain,
  read: ChildKeyFromDisk,
  dataDir: string,
  noRecord = '',
): Promise<KeychainEntry> {
  if (read.kind === 'slip39')
    return keychain.storeSlip39(read.slip39.mnemonic, slip39WalletOf(dataDir, read, noRecord));
  const set = read.set ?? findWalletRecord(dataDir, bytesToHex(read.childKey.setId))?.set;
  if (!set)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `${read.path} holds a child key in text form, without its wallet’s public data, and this computer has no record of that wallet. Import the child-key file (*.jointkey.json) instead.${noRecord}`,
    );
  return keychain.store(read.childKey, set);
}
