/**
 * The handlers of this computer's keychain (`keychain/…`): list the child keys it holds (labels
 * only), preview a child-key file before it is stored, store it, remove an entry. Plain Node; the
 * keychain is the context's (a service name of their own in the tests).
 */
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { openChildKeyFile, openEnteredFile } from '../files/child-key-files.js';
import type { Handlers } from '../ipc/contract.js';
import { keychainFormOf, storeChildKeyFile } from './import-file.js';
import type { OsKeychain } from './os-keychain.js';

type KeychainChannel = Extract<keyof Handlers, `keychain/${string}`>;

export interface KeychainContext {
  dataDir: string;
  keychain: OsKeychain;
}

export function createKeychainHandlers(ctx: KeychainContext): Pick<Handlers, KeychainChannel> {
  return {
    'keychain/list': async () => ({ entries: await ctx.keychain.list() }),

    'keychain/inspect': async ({ path, passphrase }) => {
      let file;
      try {
        file = await openChildKeyFile(path, passphrase);
      } catch (e) {
        if (isJointKeyError(e) && e.code === 'PASSPHRASE_NEEDED')
          throw new JointKeyError(
            'PASSPHRASE_NEEDED',
            'This child-key file is encrypted: enter its passphrase (the one you chose when the wallet was created).',
          );
        throw e;
      }
      try {
        const { form, walletKnown } = keychainFormOf(file.read, ctx.dataDir);
        let inKeychain: boolean | null;
        try {
          inKeychain = (await ctx.keychain.list()).some((e) => e.id === form.id);
        } catch {
          inKeychain = null;
        }
        return {
          id: form.id,
          setId: form.setId,
          index: form.index,
          parties: form.parties,
          threshold: form.threshold,
          wallet: form.wallet,
          holder: form.holder,
          encrypted: file.encrypted,
          walletKnown,
          inKeychain,
        };
      } finally {
        file.read.wipe();
      }
    },

    'keychain/import': async ({ path, passphrase }) => {
      const { read } = await openEnteredFile(path, passphrase);
      try {
        return { entry: await storeChildKeyFile(ctx.keychain, read, ctx.dataDir) };
      } finally {
        read.wipe();
      }
    },

    'keychain/remove': async ({ id }) => {
      await ctx.keychain.remove(id);
      return { removed: true as const };
    },
  };
}
