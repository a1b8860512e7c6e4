/** The handler of the Wallets screen (`wallets/list`): the wallet records on this computer, damaged ones named. */
import { basename, join } from 'node:path';
import type { Handlers } from '../ipc/contract.js';
import { listWalletRecords } from './store.js';
import { type WalletSummary, walletSummaryOf } from './summary.js';

export function createWalletHandlers(ctx: { dataDir: string }): Pick<Handlers, 'wallets/list'> {
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
  };
}
