/**
 * The app's signing sessions, in the main process (never the renderer), beside the split ceremonies
 * (main/ceremony/ceremonies.ts): each holds one wallet's session by a random id. A session idle longer
 * than `idleMs` is closed — its child keys wiped — by a timer, and again checked on every use; the app
 * closes all of them on quit. JS cannot guarantee zeroing (see main/core/wallet/session.ts).
 */
import { randomUUID } from 'node:crypto';
import { JointKeyError } from '../core/errors.js';
import type { Platform, Wallet, WalletSession } from '../core/wallet/kind.js';
import type { SignRequest } from '../core/wallet/session.js';

/** One open signing session and what it was asked to sign. */
export interface SessionEntry {
  session: WalletSession;
  wallet: Wallet;
  /** What `session/describe` fixed, and its canonical JSON (to tell a repeat from a change). */
  request?: {
    sign: SignRequest;
    key: string;
    kind: string;
    lines: string[];
    /** A message given as text, as text (main's confirmation quotes it beside the lines). */
    text?: string;
  };
  /** 'rekey': the child keys are entered for a rekey or refresh (`session/rekey`), not to sign. */
  purpose?: 'rekey' | undefined;
  lastUsed: number;
  timer?: ReturnType<typeof setTimeout> | undefined;
}

export interface SessionOptions {
  now?: () => number;
  newId?: () => string;
  /** A session idle this long is closed and its child keys wiped (15 minutes by default). */
  idleMs?: number;
  /** At most this many sessions at once. */
  max?: number;
  /** What the wallets' kinds need of the platform (Node's native PBKDF2 in the app). */
  platform?: Platform;
}

export const SESSION_IDLE_MS = 15 * 60 * 1000;

export const SESSION_OVER =
  'This signing session is over: it was closed, timed out or finished, and its child keys were wiped. Open the wallet again to start a new session.';

export class SigningSessions {
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly idleMs: number;
  readonly max: number;
  readonly #platform: Platform;
  readonly #entries = new Map<string, SessionEntry>();

  constructor(o: SessionOptions = {}) {
    this.#now = o.now ?? Date.now;
    this.#newId = o.newId ?? randomUUID;
    this.idleMs = o.idleMs ?? SESSION_IDLE_MS;
    this.max = o.max ?? 8;
    this.#platform = o.platform ?? {};
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** The entry of session `id` as it is (for tests and for closing), without touching it. */
  get(id: string): SessionEntry | undefined {
    return this.#entries.get(id);
  }

  /** Opens a session on `wallet`; INVALID_ARGUMENT when `max` are open. */
  open(wallet: Wallet): { id: string; entry: SessionEntry } {
    this.closeIdle();
    if (this.#entries.size >= this.max)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        `${this.max} signing sessions are already open. Finish or cancel one of them first.`,
      );
    const id = this.#newId();
    const entry: SessionEntry = { session: wallet.openSession(this.#platform), wallet, lastUsed: this.#now() };
    this.#entries.set(id, entry);
    this.#arm(id, entry);
    return { id, entry };
  }

  /** Session `id`, touched (its idle clock restarts); INVALID_ARGUMENT once it is over. */
  use(id: string): SessionEntry {
    this.closeIdle();
    const entry = this.#entries.get(id);
    if (!entry) throw new JointKeyError('INVALID_ARGUMENT', SESSION_OVER);
    entry.lastUsed = this.#now();
    this.#arm(id, entry);
    return entry;
  }

  /** Closes session `id` (wipes its child keys); an unknown one is fine. */
  close(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.session.close();
    this.#entries.delete(id);
  }

  /** Forgets a session its wallet's kind has closed (it closes itself once it has signed). */
  forgetIfClosed(id: string): void {
    if (this.#entries.get(id)?.session.closed) this.close(id);
  }

  /** Closes sessions idle past the limit, or closed by their kind. */
  closeIdle(): void {
    const now = this.#now();
    for (const [id, entry] of this.#entries)
      if (now - entry.lastUsed > this.idleMs || entry.session.closed) this.close(id);
  }

  /** Closes every session (the app calls it before quitting). */
  closeAll(): void {
    for (const id of [...this.#entries.keys()]) this.close(id);
  }

  /** A real timer: the session is wiped when it stays idle, not only at the next call. */
  #arm(id: string, entry: SessionEntry): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (this.#entries.get(id) === entry) this.close(id);
    }, this.idleMs + 1);
    entry.timer.unref?.();
  }
}
