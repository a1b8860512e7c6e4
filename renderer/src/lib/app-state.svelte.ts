/**
 * The app's shared state: which screen is shown and the wallet list, loaded through the bridge.
 * One small class with runes; screens read it and call its methods.
 */
import type { Response } from '../../../main/ipc/contract.js';
import { type Failure, type JointKeyApi, NO_BRIDGE } from './api.js';
import type { ScreenId } from './screens.js';

export type WalletList = Response<'wallets/list'>;
export type WalletSummary = WalletList['wallets'][number];

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; failure: Failure };

export class AppState {
  screen = $state<ScreenId>('wallets');
  wallets = $state<Loadable<WalletList>>({ state: 'loading' });
  readonly #api: JointKeyApi | undefined;

  constructor(api: JointKeyApi | undefined) {
    this.#api = api;
  }

  go(screen: ScreenId): void {
    this.screen = screen;
  }

  async loadWallets(): Promise<void> {
    this.wallets = { state: 'loading' };
    if (!this.#api) {
      this.wallets = { state: 'failed', failure: NO_BRIDGE };
      return;
    }
    const r = await this.#api.wallets.list({});
    this.wallets = r.ok ? { state: 'ready', value: r.value } : { state: 'failed', failure: r };
  }
}
