/**
 * The handlers of the split ceremony's channels (`ceremony/…`), in plain Node: main/app-handlers.ts
 * spreads them into the app's handlers. The ceremonies live in the context's {@link Ceremonies};
 * showing a holder's words is the context's own function (Electron's window in the app, a browser
 * page in tests).
 */
import { JointKeyError } from '../core/errors.js';
import type { ClipboardGuard } from './clipboard-guard.js';
import { join } from 'node:path';
import { walletFromJson } from '../core/wallet/kinds/index.js';
import { walletSummaryOf } from '../wallets/summary.js';
import { encryptedChildKeyFileName } from '../files/encrypted-child-key.js';
import type { Handlers } from '../ipc/contract.js';
import type { Ceremonies } from './ceremonies.js';
import type { OfferedFiles } from '../files/leftovers.js';

type CeremonyChannel = Extract<keyof Handlers, `ceremony/${string}`>;

/** What the ceremony handlers need from the app's context. */
export interface CeremonyContext {
  ceremonies: Ceremonies;
  /** Shows an HTML page in a window of its own — JavaScript disabled, sandboxed, no preload. */
  showWords: (page: { html: string; title: string }) => Promise<void>;
  /** The person's Documents folder: holders' files go to <documentsDir>/JointKey/<wallet label> by default. */
  documentsDir: string;
  /** The system clipboard, guarded: a child key copied there is cleared after 30 seconds. Absent: no copying. */
  clipboard?: ClipboardGuard | undefined;
  /** The files main offered to delete: a paper backup written is one (deleted by id, never by a path from the page). */
  offered: OfferedFiles;
}

/** The default folder for a wallet's files: "~/Documents/JointKey/Family savings". */
export function defaultFolder(documentsDir: string, walletLabel: string): string {
  const name = encryptedChildKeyFileName(walletLabel, { index: 0, label: 'x' }).replace(
    / - 0 x\.jointkey\.age$|^0 x\.jointkey\.age$/,
    '',
  );
  return join(documentsDir, 'JointKey', name || 'Shared wallet');
}

export function createCeremonyHandlers(ctx: CeremonyContext): Pick<Handlers, CeremonyChannel> {
  const c = ctx.ceremonies;
  return {
    'ceremony/start': async (request) => {
      const started = await c.start(request);
      return { ...started, defaultFolder: defaultFolder(ctx.documentsDir, started.walletLabel) };
    },
    'ceremony/check-passphrase': ({ ceremonyId, index, passphrase }) =>
      c.checkPassphrase(ceremonyId, index, passphrase),
    'ceremony/hand-off-file': ({ ceremonyId, index, passphrase, folder }) =>
      c.handOffFile(ceremonyId, index, passphrase, folder),
    'ceremony/paper-backup': async ({ ceremonyId, index, folder }) => {
      const written = await c.paperBackup(ceremonyId, index, folder);
      return { ...written, deleteId: ctx.offered.offer(written.path) };
    },
    'ceremony/show-words': async ({ ceremonyId, index }) => {
      await ctx.showWords(c.wordsPage(ceremonyId, index));
      return { shown: true as const };
    },
    'ceremony/copy-words': async ({ ceremonyId, index }) => {
      if (!ctx.clipboard)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'This window cannot use the clipboard. Show the words, or save the file or the paper backup instead.',
        );
      const { clearsAfterMs } = await ctx.clipboard.copySecret(c.wordsText(ceremonyId, index));
      return { copied: true as const, clearedAfterSeconds: Math.round(clearsAfterMs / 1000) };
    },
    'ceremony/confirm-receipt': ({ ceremonyId, index, proof }) => c.confirm(ceremonyId, index, proof),
    'ceremony/finish': ({ ceremonyId }) => {
      const { record, receipts } = c.finish(ceremonyId);
      return { wallet: walletSummaryOf(walletFromJson(record)), receipts };
    },
    'ceremony/abandon': ({ ceremonyId }) => {
      c.abandon(ceremonyId);
      return { abandoned: true as const };
    },
    'ceremony/unfinished': () => ({ stopped: c.unfinished() }),
    'ceremony/dismiss': ({ ceremonyId }) => {
      c.dismiss(ceremonyId);
      return { dismissed: true as const };
    },
  };
}
