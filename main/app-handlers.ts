/**
 * The app's IPC handlers, composed from each domain's (ceremony/, signing/, frost/, keychain/, wallets/,
 * settings/, dialogs/), and the context they share. Plain Node, no Electron: main/index.ts gives the
 * context Electron's dialogs and windows; the tests give their own.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { JointKeyError } from './core/errors.js';
import { Ceremonies } from './ceremony/ceremonies.js';
import { type CeremonyContext, createCeremonyHandlers } from './ceremony/handlers.js';
import { type ConfirmContext, NO_CONFIRM_DIALOG, oneAtATime } from './dialogs/confirm.js';
import { type DialogContext, NO_FILE_DIALOG, NO_FOLDER_DIALOG, createDialogHandlers } from './dialogs/handlers.js';
import type { Handlers } from './ipc/contract.js';
import { createKeychainHandlers } from './keychain/handlers.js';
import { OsKeychain } from './keychain/os-keychain.js';
import { nativePbkdf2 } from './native/pbkdf2.js';
import { createSettingsHandlers } from './settings/handlers.js';
import { type SigningContext, createSigningHandlers } from './signing/handlers.js';
import { SignedResults } from './signing/results.js';
import { SESSION_IDLE_MS, SigningSessions } from './signing/sessions.js';
import { createWalletHandlers } from './wallets/handlers.js';
import { createCheckAloneHandler } from './signing/check-alone.js';
import { OfferedFiles } from './files/leftovers.js';
import { createLeftoverHandlers } from './ceremony/leftover-handlers.js';
import { type FrostContext, NO_SAVE_DIALOG, createFrostHandlers } from './frost/handlers.js';

/**
 * What the handlers work on: the data folder, the open ceremonies and sessions, the keychain, the
 * dialogs — among them `confirm`, main's own dialog asked before signing and before a keychain entry
 * is used or removed (main/dialogs/confirm.ts), which no channel can answer.
 */
export interface AppContext extends CeremonyContext, SigningContext, DialogContext, ConfirmContext, FrostContext {
  /** The app's data folder (wallet records in `<dataDir>/wallets/`). */
  dataDir: string;
}

export interface ContextOptions extends Partial<Omit<AppContext, 'dataDir'>> {
  dataDir: string;
  /** Milliseconds since the epoch (the sessions' and results' clock). */
  now?: () => number;
  /** A new session id (a random UUID). */
  newSessionId?: () => string;
  /** A session idle this long is closed and its child keys wiped (15 minutes). */
  idleMs?: number;
  /** At most this many sessions are open at once. */
  maxSessions?: number;
}

export const DEFAULT_IDLE_MS = SESSION_IDLE_MS;

/**
 * A context with secure defaults: the real clock, random session ids, a 15-minute idle limit, and no
 * dialogs — so nothing is signed and no keychain entry used or removed until `confirm` is given.
 */
export function createContext(options: ContextOptions): AppContext {
  const {
    now = Date.now,
    newSessionId,
    idleMs = DEFAULT_IDLE_MS,
    maxSessions = 8,
    confirm = NO_CONFIRM_DIALOG,
    ...rest
  } = options;
  return {
    sessions: new SigningSessions({
      now,
      idleMs,
      max: maxSessions,
      platform: { pbkdf2: nativePbkdf2 },
      ...(newSessionId ? { newId: newSessionId } : {}),
    }),
    results: new SignedResults(now, idleMs),
    keychain: new OsKeychain(),
    ceremonies: new Ceremonies({ dataDir: options.dataDir }),
    offered: new OfferedFiles(),
    documentsDir: join(homedir(), 'Documents'),
    showWords: () => {
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This window cannot show words. Save the file or the paper backup instead.',
      );
    },
    chooseFolder: NO_FOLDER_DIALOG,
    chooseFile: NO_FILE_DIALOG,
    chooseSaveFile: NO_SAVE_DIALOG,
    ...rest,
    // No dialog, no confirmation: refused, never approved in the person's place; one dialog at a time.
    confirm: oneAtATime(confirm),
  };
}

/** The handlers of every channel, bound to a context. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    ...createCeremonyHandlers(ctx),
    ...createSigningHandlers(ctx),
    ...createKeychainHandlers(ctx),
    ...createWalletHandlers(ctx),
    ...createCheckAloneHandler(ctx),
    ...createSettingsHandlers(ctx),
    ...createDialogHandlers(ctx),
    ...createLeftoverHandlers(ctx),
    ...createFrostHandlers(ctx),
  };
}

/** Closes every open session and abandons every split ceremony, wiping their keys (the app calls it before quitting). */
export function closeAllSessions(ctx: AppContext): void {
  ctx.sessions.closeAll();
  ctx.results.clear();
  ctx.ceremonies.abandonAll();
}
