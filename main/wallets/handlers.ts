/**
 * The handlers of the Wallets screen: `wallets/list` (the wallet records on this computer, damaged
 * ones named) and `wallets/log` (a wallet's record of use in plain words, verified). A holder's check
 * alone (`wallets/check-alone`) reads a child key as signing does: main/signing/check-alone.ts.
 */
import { basename, join } from 'node:path';
import type { Handlers } from '../ipc/contract.js';
import { readSettings } from '../settings/store.js';
import { walletHistory } from './history.js';
import { listWalletRecords, requireWalletRecord } from './store.js';
import { supersessionOf } from './superseded.js';
import { type WalletSummary, walletSummaryOf } from './summary.js';

type WalletChannel = Exclude<Extract<keyof Handlers, `wallets/${string}`>, 'wallets/check-alone'>;

export interface WalletContext {
  dataDir: string;
}

export function createWalletHandlers(ctx: WalletContext): Pick<Handlers, WalletChannel> {
  return {
    'wallets/list': () => {
      const folder = join(ctx.dataDir, 'wallets');
      const wallets: WalletSummary[] = [];
      const damaged: { file: string; code: string; message: string }[] = [];
      for (const e of listWalletRecords(ctx.dataDir))
        if ('wallet' in e) {
          // A set a rekey or refresh replaced is listed, kept, and says so.
          const s = supersessionOf(ctx.dataDir, e.wallet.record.id);
          wallets.push({
            ...walletSummaryOf(e.wallet),
            ...(s ? { replaced: { by: s.supersededBy, at: s.at, how: s.how } } : {}),
          });
        } else damaged.push({ file: basename(e.path), ...e.error });
      return { folder, wallets, damaged };
    },

    'wallets/log': ({ walletId }) =>
      walletHistory(
        ctx.dataDir,
        requireWalletRecord(ctx.dataDir, walletId),
        readSettings(ctx.dataDir).checkEveryMonths,
      ),
  };
}
