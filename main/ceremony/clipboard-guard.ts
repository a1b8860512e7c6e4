/**
 * A child key copied to the clipboard does not stay there: the guard writes it, and after 30 seconds
 * clears the clipboard — unless the person has copied something else since, which is left alone.
 * On quit, {@link ClipboardGuard.clearNow} clears a child key still there at once.
 *
 * The clipboard is injected: Electron's `clipboard` in the app, the X11 clipboard (xclip) in the tests.
 */

/** The system clipboard's text. */
export interface TextClipboard {
  readText(): string | Promise<string>;
  writeText(text: string): void | Promise<void>;
}

/** How long a copied child key stays on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000;

export class ClipboardGuard {
  readonly #clipboard: TextClipboard;
  readonly #clearAfterMs: number;
  #pending: { text: string; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(clipboard: TextClipboard, clearAfterMs = CLIPBOARD_CLEAR_MS) {
    if (typeof clipboard?.readText !== 'function' || typeof clipboard.writeText !== 'function')
      throw new TypeError('clipboard must have readText and writeText');
    if (!Number.isSafeInteger(clearAfterMs) || clearAfterMs < 0) throw new RangeError('clearAfterMs must be ≥ 0');
    this.#clipboard = clipboard;
    this.#clearAfterMs = clearAfterMs;
  }

  /** Puts `text` on the clipboard and schedules its removal; returns when it will be cleared. */
  async copySecret(text: string): Promise<{ clearsAfterMs: number }> {
    await this.clearNow();
    await this.#clipboard.writeText(text);
    const timer = setTimeout(() => void this.clearNow(), this.#clearAfterMs);
    timer.unref?.();
    this.#pending = { text, timer };
    return { clearsAfterMs: this.#clearAfterMs };
  }

  /** Clears the clipboard now if it still holds the copied secret; leaves anything else alone. */
  async clearNow(): Promise<void> {
    const p = this.#pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending = undefined;
    if ((await this.#clipboard.readText()) === p.text) await this.#clipboard.writeText('');
  }
}
