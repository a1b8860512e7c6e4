/**
 * The handlers of this computer's keychain (`keychain/…`): list the child keys it holds (labels
 * only), preview a child-key file before it is stored, store it, remove an entry — only once a person
 * confirmed it in main's own dialog. Plain Node; the keychain is the context's (a service name of
 * their own in the tests).
 */
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import { type Confirm, requireConfirmation } from '../dialogs/confirm.js';
import { openChildKeyFile, openEnteredFile } from '../files/child-key-files.js';
import type { Handlers } from '../ipc/contract.js';
import { keychainFormOf, storeChildKeyFile } from './import-file.js';
import { type OsKeychain, parseKeychainId } from './os-keychain.js';

type KeychainChannel = Extract<keyof Handlers, `keychain/${string}`>;

export interface KeychainContext {
  dataDir: string;
  keychain: OsKeychain;
  /** Main's own dialog (main/dialogs/confirm.ts): asked before an entry is removed. */
  confirm: Confirm;
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
      const entry = (await ctx.keychain.list()).find((e) => e.id === parseKeychainId(id).id);
      if (!entry)
        throw new JointKeyError(
          'KEYCHAIN_ENTRY_NOT_FOUND',
          'This computer’s keychain has no such JointKey entry. Reload the list of what it holds, then choose one from it.',
        );
      const whose =
        entry.holder === null
          ? `the keychain entry ${entry.id}, which JointKey cannot read`
          : `${entry.holder}’s child key of ${entry.wallet}`;
      await requireConfirmation(
        ctx.confirm,
        {
          title: 'JointKey — remove a child key from this computer’s keychain',
          message: `Remove ${whose} from this computer’s keychain?`,
          detail: [
            `${entry.holder ?? 'Its holder'} then signs with their child-key file or paper backup: the entry cannot be brought back, only stored again from that file.`,
            `Entry ${entry.id} (holder ${entry.index}).`,
          ],
          confirmLabel: 'Remove',
        },
        'Nothing was removed: it was not confirmed in JointKey’s own dialog. To remove the entry, press Remove again and confirm in that dialog.',
      );
      await ctx.keychain.remove(entry.id);
      return { removed: true as const };
    },
  };
}
