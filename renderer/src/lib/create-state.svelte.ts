/**
 * The Create a shared wallet flow's state: the step, the drafts, the ceremony main opened (public
 * data only), each holder's hand-off and the receipts. Secrets (an imported key, passphrases) are
 * held only until main has taken them, then cleared.
 */
import type { Failure, JointKeyApi } from './api.js';
import { runCall } from './api.js';
import type { Response } from '../../../main/ipc/contract.js';
import {
  type HandedOff,
  type KeyDraft,
  type RuleId,
  type StepId,
  emptyKeyDraft,
  rekeyRequest,
  ruleOf,
  startRequest,
} from './create-flow.js';
import type { WalletSummary } from './app-state.svelte.js';

export type Started = Response<'ceremony/start'>;
export type CeremonyProgress = Started['progress'];
export type FinishedWallet = Response<'ceremony/finish'>['wallet'];
export type StoppedCeremony = Response<'ceremony/unfinished'>['stopped'][number];

export class CreateState {
  step = $state<StepId>('key');
  key = $state<KeyDraft>(emptyKeyDraft());
  walletLabel = $state('');
  holders = $state<string[]>(['', '', '']);
  rule = $state<RuleId>('all');
  threshold = $state(2);
  /** The SLIP-39 rule's threshold: 0 until chosen, which means all N. */
  slip39Threshold = $state(0);
  busy = $state(false);
  error = $state<Failure | undefined>();
  started = $state<Started | undefined>();
  folder = $state('');
  /** The holder being handed their child key (1-based). */
  current = $state(1);
  handed = $state<Record<number, HandedOff>>({});
  progress = $state<CeremonyProgress | undefined>();
  wallet = $state<FinishedWallet | undefined>();
  /** Where the finished wallet's key came from. */
  origin = $state<Started['origin']>('generated');
  /**
   * A rekey or refresh: the wallet whose key gets a new set of child keys. Its "key" step is the
   * current holders entering their child keys (`rekeySession`, a session opened for a rekey).
   */
  rekeyOf = $state<WalletSummary | undefined>();
  rekeySession = $state<string | undefined>();
  /**
   * Main ended the rekey's session on a failure after it borrowed the key (its child keys wiped):
   * the screen goes back to entering them, in a new session, with main's reason shown.
   */
  rekeySessionEnded = $state(false);
  /** What the finished rekey was: a rekey (other owners or rule) or a refresh (the same ones). */
  how = $state<'rekeyed' | 'refreshed' | undefined>();
  /** Ceremonies that stopped before finishing (a crash), from their journals. */
  stopped = $state<StoppedCeremony[]>([]);
  readonly #api: JointKeyApi | undefined;

  constructor(api: JointKeyApi | undefined) {
    this.#api = api;
  }

  get api(): JointKeyApi | undefined {
    return this.#api;
  }

  /** Starts a rekey of `wallet`: its name, owners and rule are the new set's starting point (a refresh). */
  startRekey(wallet: WalletSummary): void {
    this.rekeyOf = wallet;
    this.walletLabel = wallet.label;
    this.holders = [...wallet.holders];
    const r = ruleOf(wallet);
    this.rule = r.rule;
    this.threshold = r.threshold;
    this.slip39Threshold = r.slip39Threshold;
    this.go('key');
  }

  /** The new set is the old one (nothing changed): a refresh. */
  get isRefresh(): boolean {
    const w = this.rekeyOf;
    if (!w) return false;
    const r = ruleOf(w);
    return (
      this.walletLabel.trim() === w.label &&
      this.holders.map((h) => h.trim()).join('\n') === w.holders.join('\n') &&
      this.rule === r.rule &&
      (this.rule !== 'any' || this.threshold === r.threshold) &&
      (this.rule !== 'slip39' || (this.slip39Threshold || this.holders.length) === r.slip39Threshold)
    );
  }

  go(step: StepId): void {
    this.error = undefined;
    this.step = step;
  }

  /** Runs one call with the busy flag and the error banner; returns its value, or undefined on failure. */
  async run<T>(call: (api: JointKeyApi) => Promise<{ ok: true; value: T } | Failure>): Promise<T | undefined> {
    return runCall(this, this.#api, call);
  }

  /** Splits the key in main. The key draft is cleared as soon as main has taken it. */
  async start(): Promise<void> {
    if (this.rekeyOf) return this.#startRekey(this.rekeyOf);
    const request = startRequest(
      this.key,
      this.walletLabel,
      this.holders,
      this.rule,
      this.threshold,
      this.slip39Threshold || this.holders.length,
    );
    const kind = this.key.kind;
    const curve = this.key.curve;
    const importKind = this.key.importKind;
    this.key = { ...emptyKeyDraft(), kind, curve, importKind };
    const started = await this.run((api) => api.ceremony.start(request));
    if (!started) return;
    this.started = started;
    this.progress = started.progress;
    this.folder = started.defaultFolder;
    this.current = 1;
    this.handed = {};
    this.go('hand-off');
  }

  /** A rekey: main borrows the key from the session of current child keys (which then ends) and splits it anew. */
  async #startRekey(old: WalletSummary): Promise<void> {
    const sessionId = this.rekeySession;
    if (!sessionId) return;
    const request = rekeyRequest(
      sessionId,
      old,
      this.walletLabel,
      this.holders,
      this.rule,
      this.threshold,
      this.slip39Threshold || this.holders.length,
    );
    const started = await this.run((api) => api.session.rekey(request));
    if (!started) {
      const code = this.error?.code;
      if (code === 'TOO_FEW_CHILD_KEYS' || code === 'INTERNAL') {
        this.rekeySession = undefined;
        this.rekeySessionEnded = true;
        this.step = 'key'; // not go(): main's reason stays on screen
      }
      return;
    }
    this.rekeySession = undefined;
    this.how = started.how;
    this.started = started;
    this.progress = started.progress;
    this.folder = started.defaultFolder;
    this.current = 1;
    this.handed = {};
    this.go('hand-off');
  }

  async chooseFolder(): Promise<void> {
    const r = await this.run((api) =>
      api.dialog.chooseFolder({ defaultPath: this.folder || undefined, title: 'Where to save the child-key files' }),
    );
    if (r?.folder) this.folder = r.folder;
  }

  #mark(index: number, change: Partial<HandedOff>): void {
    this.handed = { ...this.handed, [index]: { ...this.handed[index], ...change } };
  }

  /** Writes holder `index`'s encrypted file. The caller clears its passphrase fields once this returns. */
  async saveFile(index: number, passphrase: string): Promise<boolean> {
    const s = this.started;
    if (!s) return false;
    const r = await this.run((api) =>
      api.ceremony.handOffFile({ ceremonyId: s.ceremonyId, index, passphrase, folder: this.folder }),
    );
    if (r) this.#mark(index, { file: r });
    return !!r;
  }

  async paperBackup(index: number): Promise<void> {
    const s = this.started;
    if (!s) return;
    const r = await this.run((api) =>
      api.ceremony.paperBackup({ ceremonyId: s.ceremonyId, index, folder: this.folder }),
    );
    if (r) this.#mark(index, { paper: r });
  }

  /** Deletes holder `index`'s paper backup (a plaintext PDF) once printed: main deletes it, by the id it gave. */
  async deletePaper(index: number): Promise<void> {
    const paper = this.handed[index]?.paper;
    if (!paper) return;
    const r = await this.run((api) => api.leftovers.delete({ id: paper.deleteId }));
    if (r) this.#mark(index, { paperDeleted: r.path });
  }

  async showWords(index: number): Promise<void> {
    const s = this.started;
    if (!s) return;
    const r = await this.run((api) => api.ceremony.showWords({ ceremonyId: s.ceremonyId, index }));
    if (r) this.#mark(index, { wordsShown: true });
  }

  async copyWords(index: number): Promise<void> {
    const s = this.started;
    if (!s) return;
    const r = await this.run((api) => api.ceremony.copyWords({ ceremonyId: s.ceremonyId, index }));
    if (r) this.#mark(index, { copiedFor: r.clearedAfterSeconds });
  }

  /** The next holder's turn: the screen is cleared between holders. */
  nextHolder(): void {
    const s = this.started;
    if (!s) return;
    this.error = undefined;
    if (this.current < s.parties) this.current += 1;
    else this.go('receipts');
  }

  async confirm(
    index: number,
    proof: { kind: 'file'; path: string; passphrase?: string } | { kind: 'words'; text: string },
  ): Promise<Response<'ceremony/confirm-receipt'>['last'] | undefined> {
    const s = this.started;
    if (!s) return undefined;
    const r = await this.run((api) => api.ceremony.confirmReceipt({ ceremonyId: s.ceremonyId, index, proof }));
    if (!r) return undefined;
    this.progress = r.progress;
    return r.last;
  }

  async finish(): Promise<void> {
    const s = this.started;
    if (!s) return;
    const r = await this.run((api) => api.ceremony.finish({ ceremonyId: s.ceremonyId }));
    if (!r) return;
    this.wallet = r.wallet;
    this.origin = s.origin;
    this.started = undefined;
    this.go('done');
  }

  async loadStopped(): Promise<void> {
    const r = await this.#api?.ceremony.unfinished({});
    if (r?.ok) this.stopped = r.value.stopped;
  }

  async dismiss(ceremonyId: string): Promise<void> {
    const r = await this.run((api) => api.ceremony.dismiss({ ceremonyId }));
    if (r) this.stopped = this.stopped.filter((s) => s.ceremonyId !== ceremonyId);
  }

  /** Cancels the ceremony in main (its keys are wiped) and starts over. */
  async abandon(): Promise<void> {
    const s = this.started;
    this.started = undefined;
    this.progress = undefined;
    this.handed = {};
    this.current = 1;
    if (s && this.#api) await this.#api.ceremony.abandon({ ceremonyId: s.ceremonyId });
    this.go('key');
  }
}
