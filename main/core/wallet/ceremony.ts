/**
 * The split ceremony, the method's middle steps: "send each owner their child key, confirm they
 * have it, then delete the original key". The ceremony holds the original key and the child keys
 * while each holder takes theirs; a holder's receipt records that they proved they have it — they
 * re-opened their file with their passphrase, or re-typed their words — and that what they
 * presented is exactly the child key they were given and verifies against the set. Only after
 * every holder's receipt may the ceremony finish, which overwrites the original key and every child
 * key it holds. Until then a generated wallet's addresses are not offered for deposits (funds sent
 * there before every holder has a copy could be lost); an imported key's source is never touched.
 *
 * JS cannot guarantee zeroing: the ceremony overwrites every buffer it holds (listed by
 * {@link SplitCeremony.secretBuffers} for tests), but the engine may have made copies.
 */
import { aarray, aint, astring } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { cap } from '../formats/verify.js';

/** Where the original key came from: made here, or imported (its source stays as it was). */
export type KeyOrigin = 'generated' | 'imported';
/** How a holder proved they have their child key. */
export const RECEIPT_METHODS = ['file', 'words'] as const;
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];

export interface Receipt {
  index: number;
  holder: string;
  method: ReceiptMethod;
  /** ISO date of the confirmation. */
  confirmedAt: string;
}

export interface CeremonyProgress {
  confirmed: number;
  parties: number;
  /** Holders still to confirm, in holder order. */
  waiting: { index: number; label: string }[];
  complete: boolean;
  /** "2 of 3 holders have confirmed — waiting for Carol" */
  summary: string;
}

/**
 * A hand-off's receipts and lifecycle, shared by the JointKey ceremony ({@link SplitCeremony}) and
 * the SLIP-39 one (./slip39-wallet.ts): one receipt per holder, in holder order, what is still
 * missing, and the end — after the last receipt, or abandoned — which calls {@link wipeSecrets}.
 * Each subclass checks what a holder presents in its own way, then calls {@link record}.
 */
export class HandOff {
  readonly labels: readonly string[];
  readonly origin: KeyOrigin;
  #receipts = new Map<number, Receipt>();
  #finished = false;

  /** Takes the holders' labels, in holder order (2 to 255). Throws TypeError/RangeError otherwise. */
  constructor(labels: readonly string[], origin: KeyOrigin) {
    aarray(labels, 'labels', 2, 255);
    labels.forEach((l, i) => astring(l, `labels[${i}]`, 256));
    if (origin !== 'generated' && origin !== 'imported') throw new TypeError('origin must be generated or imported');
    this.labels = [...labels];
    this.origin = origin;
  }

  /** Refuses any step once the ceremony has ended. */
  protected open(): void {
    if (this.#finished)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This ceremony has ended and its keys were wiped. Start a new one to split a key.',
      );
  }

  /** Holder `index`'s label; RangeError outside 1..N. */
  holder(index: number): string {
    aint(index, 'index', 1, this.labels.length);
    return this.labels[index - 1] as string;
  }

  /**
   * Records holder `index`'s receipt once the subclass has checked what they presented; confirming
   * again replaces nothing and returns the first receipt. Throws TypeError/RangeError for bad arguments.
   */
  protected record(index: number, method: ReceiptMethod, confirmedAt: string): Receipt {
    this.open();
    const holder = this.holder(index);
    if (!RECEIPT_METHODS.includes(method)) throw new TypeError(`method must be ${RECEIPT_METHODS.join(' or ')}`);
    astring(confirmedAt, 'confirmedAt', 64);
    if (Number.isNaN(Date.parse(confirmedAt))) throw new RangeError('confirmedAt must be an ISO date');
    const first = this.#receipts.get(index);
    if (first) return first;
    const receipt: Receipt = { index, holder, method, confirmedAt: new Date(confirmedAt).toISOString() };
    this.#receipts.set(index, receipt);
    return receipt;
  }

  /** The receipts so far, in holder order. */
  get receipts(): Receipt[] {
    return [...this.#receipts.values()].sort((a, b) => a.index - b.index);
  }

  progress(): CeremonyProgress {
    const parties = this.labels.length;
    const waiting = this.labels.flatMap((label, i) => (this.#receipts.has(i + 1) ? [] : [{ index: i + 1, label }]));
    const confirmed = parties - waiting.length;
    const complete = waiting.length === 0;
    return {
      confirmed,
      parties,
      waiting,
      complete,
      summary: complete
        ? `All ${parties} holders have confirmed their child keys.`
        : `${confirmed} of ${parties} holders have confirmed — waiting for ${waiting.map((w) => w.label).join(', ')}`,
    };
  }

  /**
   * Refuses, with JointKeyError RECEIPT_MISSING naming who has not confirmed, a step that needs
   * every receipt — offering a generated wallet's addresses for deposits, or finishing.
   */
  requireComplete(step: string): void {
    astring(step, 'step', 200);
    const p = this.progress();
    if (!p.complete)
      throw new JointKeyError(
        'RECEIPT_MISSING',
        `${cap(step)} waits until every holder has confirmed their child key: ${p.summary}.`,
      );
  }

  /** May the wallet's addresses be shown for deposits? An imported key's: yes; a generated one's: after every receipt. */
  get depositsAllowed(): boolean {
    return this.origin === 'imported' || this.progress().complete;
  }

  /**
   * Ends the ceremony after every receipt: overwrites the original key and every child key it
   * holds, and returns the receipts. Throws JointKeyError RECEIPT_MISSING before the last receipt.
   */
  finish(): Receipt[] {
    this.open();
    this.requireComplete('Deleting the original key');
    const receipts = this.receipts;
    this.#end();
    return receipts;
  }

  /** Abandons the ceremony: overwrites everything it holds. An imported key's source is untouched. */
  abandon(): void {
    if (!this.#finished) this.#end();
  }

  get finished(): boolean {
    return this.#finished;
  }

  #end(): void {
    this.wipeSecrets();
    this.#finished = true;
  }

  /** Overwrites what the ceremony holds: the subclass's key and child keys (nothing here). */
  protected wipeSecrets(): void {}
}
