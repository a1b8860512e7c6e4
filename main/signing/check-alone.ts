/**
 * `wallets/check-alone`: a holder checks their own child key alone, as often as they like — typed,
 * from its file, or from this computer's keychain once they confirmed in main's own dialog. The child
 * key is read as a signing session reads it (readEntered), compared with the wallet's record in
 * memory, wiped, and the check is added to the wallet's record of use. Nothing is signed.
 */
import { isJointKeyError } from '../core/errors.js';
import type { ChildKeyRead } from '../core/wallet/kind.js';
import { type Confirm, requireConfirmation } from '../dialogs/confirm.js';
import type { Handlers } from '../ipc/contract.js';
import type { OsKeychain } from '../keychain/os-keychain.js';
import { recordUse } from '../wallets/log.js';
import { requireWalletRecord } from '../wallets/store.js';
import { refuseSuperseded } from '../wallets/superseded.js';
import { readEntered } from './handlers.js';

export interface CheckAloneContext {
  dataDir: string;
  keychain: OsKeychain;
  /** Main's own dialog, asked before a keychain entry is used. */
  confirm: Confirm;
}

export function createCheckAloneHandler(ctx: CheckAloneContext): Pick<Handlers, 'wallets/check-alone'> {
  return {
    'wallets/check-alone': async ({ walletId, childKey }) => {
      const wallet = requireWalletRecord(ctx.dataDir, walletId);
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
