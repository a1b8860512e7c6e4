/**
 * The system's dialogs (`dialog/…`): choose a child-key file, choose a folder. Plain Node: the
 * dialogs are the context's functions (Electron's in main/index.ts; the tests give their own).
 * The sandboxed page gets only the path chosen.
 */
import { JointKeyError } from '../core/errors.js';
import type { Handlers, Request } from '../ipc/contract.js';

type DialogChannel = Extract<keyof Handlers, `dialog/${string}`>;
/** What a file chosen in the open dialog is for. */
export type FilePurpose = Request<'dialog/open-file'>['purpose'];

export interface DialogContext {
  /** Asks the person to choose a child-key file, a PSBT, an ABI, or a FROST request, commitment or share: its path, or null if they cancelled. */
  chooseFile: (purpose: FilePurpose) => Promise<string | null> | string | null;
  /** Asks the person for a folder; null when they cancel. */
  chooseFolder: (options: { defaultPath?: string | undefined; title?: string | undefined }) => Promise<string | null>;
}

export const NO_FILE_DIALOG = (): never => {
  throw new JointKeyError(
    'INVALID_ARGUMENT',
    'This window cannot open a file dialog. Type the child key’s words instead, or use the jointkey command line.',
  );
};

export const NO_FOLDER_DIALOG = (): never => {
  throw new JointKeyError(
    'INVALID_ARGUMENT',
    'This window cannot open a folder dialog. Type the folder’s full path instead.',
  );
};

export function createDialogHandlers(ctx: DialogContext): Pick<Handlers, DialogChannel> {
  return {
    'dialog/open-file': async ({ purpose }) => ({ path: (await ctx.chooseFile(purpose)) ?? null }),
    'dialog/choose-folder': async ({ defaultPath, title }) => ({
      folder: await ctx.chooseFolder({ defaultPath, title }),
    }),
  };
}
