/**
 * The handlers of `leftovers/…`: the plaintext JointKey files left in the folders JointKey wrote
 * (its data folder and its folders, and every folder a ceremony journal says a holder's file or
 * paper backup went to: main/ceremony/ceremonies.ts foldersWritten), and deleting one of them — or
 * a paper backup just written — by the id main gave for it (./leftovers.ts). Plain Node.
 */
import type { Handlers } from '../ipc/contract.js';
import { foldersWritten } from './ceremonies.js';
import { readJournals } from './journal.js';
import type { OfferedFiles } from '../files/leftovers.js';

type LeftoverChannel = Extract<keyof Handlers, `leftovers/${string}`>;

export interface LeftoverContext {
  dataDir: string;
  /** The files main offered to delete, by id (a paper backup written, a leftover listed). */
  offered: OfferedFiles;
}

export function createLeftoverHandlers(ctx: LeftoverContext): Pick<Handlers, LeftoverChannel> {
  return {
    'leftovers/list': () => {
      const folders = foldersWritten(ctx.dataDir);
      const papers = readJournals(ctx.dataDir).flatMap((j) =>
        j.files.filter((f) => f.kind === 'paper-backup').map((f) => f.path),
      );
      return { folders, files: ctx.offered.list(folders, papers) };
    },
    'leftovers/delete': ({ id }) => ctx.offered.delete(id),
  };
}
