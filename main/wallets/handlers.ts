/**
 * The handlers of the Wallets screen: `wallets/list` (the wallet records on this computer, damaged
 * ones named), `wallets/log` (a wallet's record of use in plain words, verified) and
 * `wallets/check-alone` (a holder checks their own child key alone; the check is recorded).
 */
import { basename, join } from 'node:path';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import type { ChildKeyRead, Wallet } from '../core/wallet/kind.js';
import { type Confirm, requireConfirmation } from '../dialogs/confirm.js';
import type { Handlers } from '../ipc/contract.js';
import type { OsKeychain } from '../keychain/os-keychain.js';
import { readSettings } from '../settings/store.js';
import { readEntered } from '../signing/handlers.js';
import { walletHistory } from './history.js';
import { recordUse } from './log.js';
import { findWalletRecord, listWalletRecords } from './store.js';
import { refuseSuperseded } from './superseded.js';
import { type WalletSummary, walletSummaryOf } from './summary.js';

type WalletChannel = Extract<keyof Handlers, `wallets/${string}`>;

export interface WalletContext {
  dataDir: string;
  keychain: OsKeychain;
  /** Main's own dialog, asked before a keychain entry is used. */
  confirm: Confirm;
}

function walletOf(dataDir: string, walletId: string): Wallet {
  const found = findWalletRecord(dataDir, walletId);
  if (!found)
    throw new JointKeyError(
      'FILE_NOT_FOUND',
      `No wallet record with this id is in ${join(dataDir, 'wallets')}. Reload the list of wallets and choose one from it.`,
    );
  return found.wallet;
}

export function createWalletHandlers(ctx: WalletContext): Pick<Handlers, WalletChannel> {
  return {
    'wallets/list': () => {
      const folder = join(ctx.dataDir, 'wallets');
      const wallets: WalletSummary[] = [];
      const damaged: { file: string; code: string; message: string }[] = [];
      for (const e of listWalletRecords(ctx.dataDir))
        if ('wallet' in e) wallets.push(walletSummaryOf(e.wallet));
        else damaged.push({ file: basename(e.path), ...e.error });
      return { folder, wallets, damaged };
    },

    'wallets/log': ({ walletId }) =>
      walletHistory(ctx.dataDir, walletOf(ctx.dataDir, walletId), readSettings(ctx.dataDir).checkEveryMonths),

    'wallets/check-alone': async ({ walletId, childKey }) => {
      const wallet = walletOf(ctx.dataDir, walletId);
      const name = wallet.record.label || 'this wallet';
      let read: ChildKeyRead;
      try {
        read = await readEntered(childKey, wallet, ctx.keychain);
      } catch (e) {
        if (!isJointKeyError(e)) throw e;
        return { intact: false as const, code: e.code, message: e.message };
      }
      try {
        if (childKey.kind === 'keychain') {
          const holder = `${read.holder.label || `Holder ${read.holder.index}`}’s child key`;
          // A stored child key is used only once a person confirmed it in main's own dialog.
          await requireConfirmation(
            ctx.confirm,
            {
              title: 'JointKey — use a child key from this computer’s keychain',
              message: `Use ${holder} of ${read.walletLabel || name} to check it alone?`,
              detail: [
                'It is compared with the wallet’s record in memory, and wiped. Nothing is signed; the check is added to the wallet’s record of use.',
              ],
              confirmLabel: `Check ${holder}`,
            },
            `${read.holder.label || 'This holder'}’s child key in this computer’s keychain was not checked: it was not confirmed in JointKey’s own dialog. To check it, choose it again and confirm in that dialog; or enter it from its file or paper.`,
          );
        }
        refuseSuperseded(ctx.dataDir, read);
        const check = wallet.checkAlone(read);
        const at = new Date();
        const logged = recordUse(
          ctx.dataDir,
          wallet.record.id,
          'checked',
          { how: 'alone', holders: [{ ...check.holder, from: read.source.from }] },
          at,
        );
        return {
          intact: true as const,
          summary: check.summary,
          holder: check.holder,
          checked: check.checked,
          ...(check.note ? { note: check.note } : {}),
          at: at.toISOString(),
          ...(logged.logged
            ? {}
            : { logError: `The check was not recorded in ${name}’s record of use: ${logged.error.message}` }),
        };
      } catch (e) {
        if (!isJointKeyError(e)) throw e;
        return { intact: false as const, code: e.code, message: e.message };
      } finally {
        read.wipe();
      }
    },
  };
}
