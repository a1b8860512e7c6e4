/**
 * The state of a check alone on the Wallets screen: one holder enters their own child key, main
 * checks it against the wallet's record and records the check (`wallets/check-alone`). The child
 * key goes straight to main; this class holds the wallet's public summary and main's reply only.
 */
import type { Response } from '../../../main/ipc/contract.js';
import { type Failure, type JointKeyApi, runCall } from './api.js';
import type { WalletSummary } from './app-state.svelte.js';
import type { ChildKeyInput, ChildKeyTaker, KeychainEntry } from './sign-flow.js';

export type AloneResult = Response<'wallets/check-alone'>;
export type WalletHistory = Response<'wallets/log'>;

export class AloneCheck implements ChildKeyTaker {
  keychain = $state<KeychainEntry[]>([]);
  result = $state<AloneResult | undefined>();
  error = $state<Failure | undefined>();
  busy = $state(false);
  /** A check alone has no quorum: no progress, and its verdict is {@link result}. */
  readonly progress = undefined;
  readonly last = undefined;
  readonly #api: JointKeyApi | undefined;

  constructor(
    api: JointKeyApi | undefined,
    readonly wallet: WalletSummary,
  ) {
    this.#api = api;
  }

  get api(): JointKeyApi | undefined {
    return this.#api;
  }

  /** Reads which child keys this computer's keychain holds (labels only), to offer this wallet's. */
  async load(): Promise<void> {
    const k = await this.#api?.keychain.list({});
    this.keychain = k?.ok ? k.value.entries : [];
  }

  /** The holder's child key, straight to main: the reply says whether it is intact, never the key. */
  async add(childKey: ChildKeyInput): Promise<AloneResult | undefined> {
    this.result = undefined;
    const walletId = this.wallet.id;
    const v = await runCall(this, this.#api, (api) => api.wallets.checkAlone({ walletId, childKey }));
    if (v) this.result = v;
    return v;
  }

  /** Clears the reply, to check another child key. */
  again(): void {
    this.result = undefined;
    this.error = undefined;
  }
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** A date as the Wallets screen shows it: "5 December 2026"; "never" for none. */
export function dayOf(iso: string | null): string {
  if (iso === null) return 'never';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : DAY.format(ms);
}

/** A date and time of an entry: "5 December 2026, 09:16 UTC". */
export function momentOf(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${DAY.format(ms)}, ${TIME.format(ms)} UTC`;
}

/** "Not checked in 6 months: Bob, Carol", or undefined when everyone has. */
export function overdueLine(h: Pick<WalletHistory, 'overdue' | 'checkEveryMonths'>): string | undefined {
  if (h.overdue.length === 0) return undefined;
  const period = h.checkEveryMonths === 1 ? 'a month' : `${h.checkEveryMonths} months`;
  return `Not checked in ${period}: ${h.overdue.join(', ')}`;
}
