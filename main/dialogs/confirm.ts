/**
 * Main's own confirmation: before a signature is made, a stored child key used or removed, main asks
 * the person in a native dialog of its own (Electron's message box in main/index.ts), in main's words.
 * No IPC channel answers it, so the page can neither confirm in the person's place nor change the
 * words. Without a dialog (a context that has none) the answer is always no. docs/security.md.
 */
import { JointKeyError } from '../core/errors.js';

/** What main's dialog shows: a title, one question, the lines under it, and the confirming button's label. */
export interface ConfirmPrompt {
  title: string;
  /** The question, e.g. "Use Bob’s child key of Family savings to sign: Send 0.5 ETH …?" */
  message: string;
  /** The lines under it, e.g. what will be signed, exactly as session/describe gave them. */
  detail: string[];
  /** The confirming button ("Sign", "Remove", …); the other button cancels and is the default. */
  confirmLabel: string;
}

/** Shows `prompt` in main's own dialog: true only when the person pressed its confirming button. */
export type Confirm = (prompt: ConfirmPrompt) => Promise<boolean>;

export interface ConfirmContext {
  confirm: Confirm;
}

/** The confirmation of a context without dialogs: always refused (never approved in the person's place). */
export const NO_CONFIRM_DIALOG: Confirm = () =>
  Promise.reject(
    new JointKeyError(
      'CONFIRMATION_REFUSED',
      'This window cannot show JointKey’s own confirmation dialog, so nothing was signed, used or removed. Use the JointKey app, or the jointkey command line.',
    ),
  );

/**
 * Asks `prompt` in main's dialog; returns when confirmed, else throws JointKeyError
 * CONFIRMATION_REFUSED with `refused` (which says nothing happened and what to do). A dialog that
 * fails throws its own error: either way nothing goes ahead.
 */
export async function requireConfirmation(confirm: Confirm, prompt: ConfirmPrompt, refused: string): Promise<void> {
  if ((await confirm(prompt)) !== true) throw new JointKeyError('CONFIRMATION_REFUSED', refused);
}

/**
 * `confirm`, one dialog at a time: while one is open, another is refused with CONFIRMATION_REFUSED
 * (a page cannot pile dialogs up behind the one the person is reading).
 */
export function oneAtATime(confirm: Confirm): Confirm {
  let open = false;
  return async (prompt) => {
    if (open)
      throw new JointKeyError(
        'CONFIRMATION_REFUSED',
        'Another of JointKey’s confirmation dialogs is open, so nothing was done. Answer that one first, then try again.',
      );
    open = true;
    try {
      return await confirm(prompt);
    } finally {
      open = false;
    }
  };
}
