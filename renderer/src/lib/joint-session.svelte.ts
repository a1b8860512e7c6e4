/**
 * The state of a joint signing session or health check in the renderer: the step, the wallet, what
 * main described, the progress and the last verdict, and the public result. The session itself —
 * the child keys, the restored key — lives in main; this class holds its id and public replies only.
 */
import type { Failure, JointKeyApi } from './api.js';
import { runCall } from './api.js';
import type { Request, Response } from '../../../main/ipc/contract.js';
import type { KeychainEntry, Progress, SignRequestWire, Verdict } from './sign-flow.js';

export type Wallet = Response<'session/open'>['wallet'];
export type SignResult = Response<'session/sign'>;
export type HealthResult = Response<'health/check'>;
export type ChildKeyInput = Request<'session/add-child-key'>['childKey'];
export type Step = 'choose' | 'compose' | 'review' | 'enter' | 'result';

export class JointSession {
  step = $state<Step>('choose');
  wallet = $state<Wallet | undefined>();
  sessionId = $state<string | undefined>();
  lines = $state<string[]>([]);
  kind = $state<SignRequestWire['kind'] | undefined>();
  progress = $state<Progress | undefined>();
  last = $state<Verdict | undefined>();
  keychain = $state<KeychainEntry[]>([]);
  result = $state<SignResult | undefined>();
  health = $state<HealthResult | undefined>();
  error = $state<Failure | undefined>();
  busy = $state(false);
  readonly #api: JointKeyApi | undefined;

  constructor(api: JointKeyApi | undefined) {
    this.#api = api;
  }

  get api(): JointKeyApi | undefined {
    return this.#api;
  }

  async #run<T>(f: (api: JointKeyApi) => Promise<{ ok: true; value: T } | Failure>): Promise<T | undefined> {
    return runCall(this, this.#api, f);
  }

  /** Opens a session on the chosen wallet in main; reads which of its child keys this computer's keychain holds. */
  async open(walletId: string, next: Step, purpose?: 'rekey'): Promise<boolean> {
    await this.close();
    const v = await this.#run((api) => api.session.open({ walletId, ...(purpose ? { purpose } : {}) }));
    if (!v) return false;
    this.sessionId = v.sessionId;
    this.wallet = v.wallet;
    this.progress = v.progress;
    const k = await this.#api?.keychain.list({});
    this.keychain = k?.ok ? k.value.entries : [];
    this.step = next;
    return true;
  }

  /** Has main describe (and fix) what will be signed. */
  async describe(request: SignRequestWire): Promise<boolean> {
    const sessionId = this.sessionId;
    if (!sessionId) return false;
    const v = await this.#run((api) => api.session.describe({ sessionId, request }));
    if (!v) return false;
    this.lines = v.lines;
    this.kind = v.kind;
    this.step = 'review';
    return true;
  }

  /** One holder's child key, straight to main. The verdict and progress come back; never the key. */
  async add(childKey: ChildKeyInput): Promise<Verdict | undefined> {
    const sessionId = this.sessionId;
    if (!sessionId) return undefined;
    const v = await this.#run((api) => api.session.addChildKey({ sessionId, childKey }));
    if (!v) return undefined;
    this.progress = v.progress;
    this.last = v.last;
    return v.last;
  }

  async sign(): Promise<void> {
    const sessionId = this.sessionId;
    if (!sessionId) return;
    const v = await this.#run((api) => api.session.sign({ sessionId }));
    if (v) {
      this.result = v;
      this.step = 'result';
    }
  }

  async check(): Promise<void> {
    const sessionId = this.sessionId;
    if (!sessionId) return;
    const v = await this.#run((api) => api.health.check({ sessionId }));
    if (v) {
      this.health = v;
      this.step = 'result';
    }
  }

  /** The session was handed to a rekey (main ended it once it borrowed the key): forget its id here. */
  forget(): void {
    this.sessionId = undefined;
  }

  /** Ends the session in main (its child keys wiped, its result forgotten) and clears everything here. */
  async close(): Promise<void> {
    const sessionId = this.sessionId;
    this.sessionId = undefined;
    this.wallet = undefined;
    this.lines = [];
    this.kind = undefined;
    this.progress = undefined;
    this.last = undefined;
    this.result = undefined;
    this.health = undefined;
    this.error = undefined;
    this.step = 'choose';
    if (sessionId && this.#api) await this.#api.session.close({ sessionId });
  }
}
