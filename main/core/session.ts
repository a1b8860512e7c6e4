/**
 * A joint signing session, in the main process (never the renderer): the holders enter their child
 * keys one at a time; each is checked on entry against the wallet (right wallet, right set, not a
 * duplicate, intact share) and the session reports progress ("2 of 3 — still missing: Carol"). When
 * the rule is met it restores the key, checks it gives the wallet's public key, signs, verifies the
 * signature, overwrites the key and every child key buffer it holds, and returns public results only.
 *
 * JS cannot guarantee zeroing: the session overwrites every buffer it holds (listed by
 * {@link SigningSession.secretBuffers} for tests), but the engine may have made copies.
 */
import { bytesToHex, wipe } from './bytes.js';
import { type ChildKey, type SetPublic, nameOf } from './child-key.js';
import { JointKeyError } from './errors.js';
import { type EthTransfer, describeEthTransfer, signEthTransfer } from './eth-tx.js';
import { restore } from './restore.js';
import { setIdOf } from './set-public.js';
import { type SignatureAlgo, curveOfAlgo, signMessage, verifyMessage } from './signing.js';
import { cap, verifyChildKey } from './verify.js';

export type SignRequest =
  | { kind: 'message'; algo: SignatureAlgo; message: Uint8Array }
  | { kind: 'eth-transfer'; tx: EthTransfer }
  | { kind: 'health-check' };

export type SignResult =
  | { kind: 'message'; algo: SignatureAlgo; publicKeyHex: string; signatureHex: string }
  | { kind: 'eth-transfer'; rawTx: string; hash: string; from: string }
  | { kind: 'health-check'; publicKeyHex: string; ok: true };

export interface Progress {
  /** Child keys entered so far. */
  have: number;
  /** Child keys needed. */
  need: number;
  /** Holders whose child key was entered, by index. */
  entered: { index: number; label: string }[];
  /** Holders who have not entered theirs. */
  missing: { index: number; label: string }[];
  ready: boolean;
  /** "2 of 3 — still missing: Carol" */
  summary: string;
}

export class SigningSession {
  readonly set: SetPublic;
  readonly setId: Uint8Array;
  #entered = new Map<number, ChildKey>();
  #secrets: Uint8Array[] = [];
  #closed = false;

  constructor(set: SetPublic) {
    if (typeof set !== 'object' || set === null || !Array.isArray(set.labels))
      throw new TypeError('set must be a set’s public data');
    this.set = set;
    this.setId = setIdOf(set);
  }

  /** Plain words of what will be signed, to show every holder before anyone enters a child key. */
  describe(request: SignRequest): string[] {
    if (request.kind === 'eth-transfer') return describeEthTransfer(request.tx);
    if (request.kind === 'health-check')
      return ['Check that the child keys still restore this wallet. Nothing is signed.'];
    return [
      `Sign a message of ${request.message.length} bytes with ${request.algo}`,
      `message (hex): ${bytesToHex(request.message.subarray(0, 64))}${request.message.length > 64 ? '…' : ''}`,
    ];
  }

  /**
   * Takes one holder's child key. Checks it at once against the wallet: JointKeyError
   * DIFFERENT_WALLET, DIFFERENT_SET, DIFFERENT_SCHEME, INCONSISTENT_CHILD_KEY, INDEX_ZERO,
   * CHILD_KEY_MISMATCH, DUPLICATE_CHILD_KEY, each naming the child key. The session keeps the child
   * key (and wipes it when done); on refusal it wipes it at once.
   */
  add(childKey: ChildKey): Progress {
    this.#open();
    try {
      verifyChildKey(childKey, this.set, this.setId);
      if (this.#entered.has(childKey.index)) {
        const missing = this.progress().missing.map((m) => m.label);
        throw new JointKeyError(
          'DUPLICATE_CHILD_KEY',
          `${cap(nameOf(childKey))} was already entered. Each holder’s child key counts once: ${missing.join(', ') || 'nobody else'} still ${missing.length === 1 ? 'has' : 'have'} to enter theirs.`,
        );
      }
    } catch (e) {
      wipe(childKey.share);
      throw e;
    }
    this.#entered.set(childKey.index, childKey);
    this.#secrets.push(childKey.share);
    return this.progress();
  }

  progress(): Progress {
    const need = this.set.threshold;
    const have = this.#entered.size;
    const entered = [...this.#entered.keys()]
      .sort((a, b) => a - b)
      .map((i) => ({ index: i, label: this.set.labels[i - 1] as string }));
    const missing = this.set.labels
      .map((label, i) => ({ index: i + 1, label }))
      .filter((h) => !this.#entered.has(h.index));
    const ready = have >= need;
    const summary = ready
      ? `${have} of ${need} — ready to sign`
      : need === this.set.parties
        ? `${have} of ${need} — still missing: ${missing.map((m) => m.label).join(', ')}`
        : `${have} of ${need} — ${need - have} more from any of: ${missing.map((m) => m.label).join(', ')}`;
    return { have, need, entered, missing, ready, summary };
  }

  /**
   * Restores the key from the child keys entered, checks it against the wallet's public key, signs
   * the request, verifies the signature, and wipes the key and every child key. The session is then
   * closed. Throws JointKeyError TOO_FEW_CHILD_KEYS (naming who is missing), the restore errors,
   * or INVALID_ARGUMENT for a request the wallet's curve cannot sign.
   */
  sign(request: SignRequest): SignResult {
    this.#open();
    let key: Uint8Array | undefined;
    try {
      const curve = this.set.curve;
      if (curve === null && request.kind !== 'health-check')
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          'This set holds a secret, not a key: it can be restored, not used to sign.',
        );
      if (request.kind === 'message' && curveOfAlgo(request.algo) !== curve)
        throw new JointKeyError(
          'INVALID_ARGUMENT',
          `A ${curve} wallet cannot sign with ${request.algo}. Choose ${curve === 'ed25519' ? 'ed25519' : 'ecdsa-sha256 or bip340'}.`,
        );
      if (request.kind === 'eth-transfer' && curve !== 'secp256k1')
        throw new JointKeyError('INVALID_ARGUMENT', 'Only a secp256k1 wallet can sign an Ethereum transaction.');
      const restored = restore([...this.#entered.values()], { set: this.set });
      key = restored.secret;
      this.#secrets.push(key);
      if (request.kind === 'health-check')
        return { kind: 'health-check', publicKeyHex: bytesToHex(this.set.walletId), ok: true };
      if (request.kind === 'eth-transfer') {
        const s = signEthTransfer(key, request.tx);
        return { kind: 'eth-transfer', rawTx: s.rawTx, hash: s.hash, from: s.from };
      }
      const signature = signMessage(request.algo, key, request.message);
      if (!verifyMessage(request.algo, this.set.walletId, request.message, signature))
        throw new Error('the signature did not verify against the wallet’s public key');
      return {
        kind: 'message',
        algo: request.algo,
        publicKeyHex: bytesToHex(this.set.walletId),
        signatureHex: bytesToHex(signature),
      };
    } finally {
      if (key) wipe(key);
      if (this.progress().ready) this.close();
    }
  }

  /** Wipes every child key entered (and the key, if restored) and closes the session. */
  close(): void {
    for (const b of this.#secrets) wipe(b);
    this.#entered.clear();
    this.#closed = true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Every secret buffer the session held (child key shares, the restored key): for tests to check they were overwritten. */
  secretBuffers(): readonly Uint8Array[] {
    return this.#secrets;
  }

  #open(): void {
    if (this.#closed)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This signing session is over and its child keys were wiped. Start a new session to sign again.',
      );
  }
}
