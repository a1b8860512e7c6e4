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
import { aarray, abytes, aint, aobject, bytesToHex, wipe } from '../bytes.js';
import { type CurveRef } from '../formats/child-key.js';
import { JointKeyError } from '../errors.js';
import { type EthTransfer, describeEthTransfer, ethAddressOf, signEthTransfer } from '../chains/eth-tx.js';
import { type EthCallContext, describeEthCall } from '../chains/eth-calls.js';
import {
  type EthTypedData,
  describePersonalMessage,
  describeTypedData,
  signPersonalMessage,
  signTypedData,
} from '../chains/eth-messages.js';
import { type SignatureAlgo, curveOfAlgo, signMessage, verifyMessage } from '../chains/signing.js';
import { base64 } from '@scure/base';
import { type PsbtOptions, type SignedPsbt, describePsbt, signPsbt } from '../chains/bitcoin/psbt.js';
import { type SignedSolTransfer, type SolTransfer, describeSolTransfer, signSolTransfer } from '../chains/solana.js';

export type SignRequest =
  | { kind: 'message'; algo: SignatureAlgo; message: Uint8Array }
  /** A plain ETH transfer: one with call data is refused here (BLIND_SIGNING); send it as an eth-call. */
  | { kind: 'eth-transfer'; tx: EthTransfer }
  /** An Ethereum transaction calling a contract, and how to read its data (ERC-20 token, ABI, blind). */
  | { kind: 'eth-call'; tx: EthTransfer; call: EthCallContext }
  /** An EIP-191 personal message (personal_sign). */
  | { kind: 'eth-personal'; message: Uint8Array }
  /** EIP-712 typed data (eth_signTypedData_v4), as parseTypedData checks it. */
  | { kind: 'eth-typed-data'; typedData: EthTypedData }
  | { kind: 'health-check' }
  /** A Bitcoin PSBT (binary or base64 bytes, v0 or v2) and how to read it: network, fee bounds. */
  | { kind: 'bitcoin-psbt'; psbt: Uint8Array; options: PsbtOptions }
  /** A Solana SOL transfer from the wallet's address (an Ed25519 wallet's). */
  | { kind: 'sol-transfer'; transfer: SolTransfer };

export type SignResult =
  | { kind: 'message'; algo: SignatureAlgo; publicKeyHex: string; signatureHex: string }
  /** A signed Ethereum transaction: a transfer's or a contract call's. */
  | { kind: 'eth-transfer'; rawTx: string; hash: string; from: string }
  /** A signed Ethereum message (personal or typed data): 65 bytes r‖s‖v, hex with 0x; its signer; the hash signed. */
  | { kind: 'eth-message'; signature: string; address: string; digest: string }
  | { kind: 'health-check'; publicKeyHex: string; ok: true }
  | {
      kind: 'bitcoin-psbt';
      /** The PSBT with this wallet's signatures, base64. */
      psbtBase64: string;
      signedInputs: number[];
      /** Every input can be finalized: `txHex` is the raw transaction to broadcast. */
      complete: boolean;
      txHex?: string;
    }
  /** A signed Solana transfer: the wire transaction (base64 and base58), its signature (the transaction id), the sender. */
  | ({ kind: 'sol-transfer' } & SignedSolTransfer);

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

const KINDS = [
  'message',
  'eth-transfer',
  'eth-call',
  'eth-personal',
  'eth-typed-data',
  'health-check',
  'bitcoin-psbt',
  'sol-transfer',
];
const KINDS_ERROR =
  'request.kind must be message, eth-transfer, eth-call, eth-personal, eth-typed-data, health-check, bitcoin-psbt or sol-transfer';
const ETH_KINDS = ['eth-transfer', 'eth-call', 'eth-personal', 'eth-typed-data'];

/** Whether a request is for Ethereum (a transaction or a message), which only a secp256k1 key signs. */
const isEth = (request: SignRequest) => ETH_KINDS.includes(request.kind);

/** An Ethereum request in plain words; a transfer with call data is described (and refused) as a call nothing decodes. */
function describeEth(request: SignRequest): string[] {
  if (request.kind === 'eth-transfer')
    return request.tx.data === '0x' || typeof request.tx?.data !== 'string'
      ? describeEthTransfer(request.tx)
      : describeEthCall(request.tx, {});
  if (request.kind === 'eth-call') return describeEthCall(request.tx, request.call);
  if (request.kind === 'eth-personal') return describePersonalMessage(request.message);
  if (request.kind === 'eth-typed-data') return describeTypedData(request.typedData);
  throw new TypeError(KINDS_ERROR);
}

/**
 * Plain words of what will be signed, to show every holder before anyone enters a child key. A
 * PSBT is described for the wallet (its `curve` and `publicKey`), and refused here when it cannot
 * be signed (describePsbt's JointKeyErrors). Throws TypeError/RangeError for a malformed request.
 */
export function describeRequest(request: SignRequest, curve?: CurveRef | null, publicKey?: Uint8Array): string[] {
  aobject(request, 'request');
  if (request.kind === 'bitcoin-psbt') {
    if (curve === undefined || publicKey === undefined)
      throw new TypeError('a PSBT is described for a wallet: give its curve and public key');
    if (curve === null)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This set holds a secret, not a key: it cannot sign a Bitcoin transaction.',
      );
    checkRequest(curve, request);
    return describePsbt(request.psbt, publicKey, request.options).lines;
  }
  if (isEth(request)) {
    if (curve === null)
      throw new JointKeyError('INVALID_ARGUMENT', 'This set holds a secret, not a key: it cannot sign for Ethereum.');
    if (curve !== undefined) checkRequest(curve, request);
    return describeEth(request);
  }
  if (request.kind === 'sol-transfer') {
    if (curve === null)
      throw new JointKeyError('INVALID_ARGUMENT', 'This set holds a secret, not a key: it cannot sign for Solana.');
    if (curve !== undefined) checkRequest(curve, request);
    return describeSolTransfer(request.transfer, curve === undefined ? undefined : publicKey);
  }
  if (request.kind === 'health-check')
    return ['Check that the child keys still restore this wallet. Nothing is signed.'];
  if (request.kind !== 'message') throw new TypeError(KINDS_ERROR);
  abytes(request.message, 'request.message');
  return [
    `Sign a message of ${request.message.length} bytes with ${request.algo}`,
    `message (hex): ${bytesToHex(request.message.subarray(0, 64))}${request.message.length > 64 ? '…' : ''}`,
  ];
}

/**
 * The progress of a session: `labels` the holders in order, `need` the rule's threshold, `entered`
 * the indices (1-based) of the child keys taken. Throws TypeError/RangeError for bad arguments.
 */
export function progressOf(labels: readonly string[], need: number, entered: readonly number[]): Progress {
  aarray(labels, 'labels', 2, 255);
  aint(need, 'need', 1, labels.length);
  aarray(entered, 'entered', 0, labels.length);
  const taken = new Set(entered.map((i) => aint(i, 'entered index', 1, labels.length)));
  const have = taken.size;
  const enteredHolders = [...taken].sort((a, b) => a - b).map((i) => ({ index: i, label: labels[i - 1] as string }));
  const missing = labels.map((label, i) => ({ index: i + 1, label })).filter((h) => !taken.has(h.index));
  const ready = have >= need;
  const summary = ready
    ? `${have} of ${need} — ready to sign`
    : need === labels.length
      ? `${have} of ${need} — still missing: ${missing.map((m) => m.label).join(', ')}`
      : `${have} of ${need} — ${need - have} more from any of: ${missing.map((m) => m.label).join(', ')}`;
  return { have, need, entered: enteredHolders, missing, ready, summary };
}

/** Refuses a request the wallet's curve cannot sign, before any child key is combined. */
export function checkRequest(curve: CurveRef, request: SignRequest): void {
  if (curve !== 'secp256k1' && curve !== 'ed25519') throw new RangeError('curve must be secp256k1 or ed25519');
  aobject(request, 'request');
  if (!KINDS.includes(request.kind)) throw new TypeError(KINDS_ERROR);
  if (request.kind === 'message' && curveOfAlgo(request.algo) !== curve)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `A ${curve} wallet cannot sign with ${request.algo}. Choose ${curve === 'ed25519' ? 'ed25519' : 'ecdsa-sha256 or bip340'}.`,
    );
  if (isEth(request) && curve !== 'secp256k1')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `Only a secp256k1 wallet has an Ethereum address: an Ed25519 wallet cannot sign an Ethereum ${request.kind === 'eth-transfer' || request.kind === 'eth-call' ? 'transaction' : 'message'}. Choose a secp256k1 wallet.`,
    );
  if (request.kind === 'bitcoin-psbt' && curve !== 'secp256k1')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'Only a secp256k1 wallet has Bitcoin addresses: an Ed25519 wallet cannot sign a Bitcoin transaction. Choose a secp256k1 wallet.',
    );
  if (request.kind === 'sol-transfer' && curve !== 'ed25519')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'Only an Ed25519 wallet has a Solana address: a secp256k1 wallet cannot sign a Solana transaction. Choose an Ed25519 wallet.',
    );
}

/**
 * Signs `request` with the restored `key` of a wallet whose public key is `walletId`, and verifies
 * the signature against it; a health check signs nothing. The caller has checked that the key gives
 * `walletId` and wipes the key. Throws JointKeyError INVALID_ARGUMENT for a request the curve cannot
 * sign, TypeError/RangeError for bad arguments.
 */
export function signWithKey(
  curve: CurveRef | null,
  walletId: Uint8Array,
  key: Uint8Array,
  request: SignRequest,
): SignResult {
  abytes(walletId, 'walletId');
  abytes(key, 'key');
  aobject(request, 'request');
  if (request.kind === 'health-check') return { kind: 'health-check', publicKeyHex: bytesToHex(walletId), ok: true };
  if (curve === null)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'This set holds a secret, not a key: it can be restored, not used to sign.',
    );
  checkRequest(curve, request);
  if (isEth(request)) return signEth(walletId, key, request);
  if (request.kind === 'bitcoin-psbt') return psbtSignResult(signPsbt(request.psbt, key, walletId, request.options));
  if (request.kind === 'sol-transfer') return solSignResult(signSolTransfer(key, request.transfer, walletId));
  if (request.kind !== 'message') throw new TypeError(KINDS_ERROR);
  const signature = signMessage(request.algo, key, request.message);
  if (!verifyMessage(request.algo, walletId, request.message, signature))
    throw new Error('the signature did not verify against the wallet’s public key');
  return {
    kind: 'message',
    algo: request.algo,
    publicKeyHex: bytesToHex(walletId),
    signatureHex: bytesToHex(signature),
  };
}

/**
 * Signs an Ethereum request with `key`, after describing it (so that what cannot be described —
 * call data nothing decodes, not accepted blind; typed data off its schema — is refused here too),
 * and checks the signer is the wallet's address (the key of `walletId`).
 */
function signEth(walletId: Uint8Array, key: Uint8Array, request: SignRequest): SignResult {
  describeEth(request);
  const wallet = ethAddressOf(walletId);
  if (request.kind === 'eth-transfer' || request.kind === 'eth-call') {
    const s = signEthTransfer(key, request.tx);
    if (s.from !== wallet) throw new Error('the transaction was signed by another key than the wallet’s');
    return { kind: 'eth-transfer', rawTx: s.rawTx, hash: s.hash, from: s.from };
  }
  const s =
    request.kind === 'eth-personal'
      ? signPersonalMessage(key, request.message)
      : request.kind === 'eth-typed-data'
        ? signTypedData(key, request.typedData)
        : undefined;
  if (!s) throw new TypeError(KINDS_ERROR);
  if (s.address !== wallet) throw new Error('the message signature does not recover to the wallet’s address');
  return { kind: 'eth-message', signature: s.signature, address: s.address, digest: s.digest };
}

/** A signed PSBT as a session's result: the PSBT in base64, the inputs signed, the raw transaction when complete. */
export function psbtSignResult(s: SignedPsbt): SignResult {
  aobject(s, 'signed');
  abytes(s.psbt, 'signed.psbt');
  return {
    kind: 'bitcoin-psbt',
    psbtBase64: base64.encode(s.psbt),
    signedInputs: s.signedInputs,
    complete: s.complete,
    ...(s.txHex !== undefined ? { txHex: s.txHex } : {}),
  };
}

/** A signed Solana transfer as a session's result. */
export function solSignResult(s: SignedSolTransfer): SignResult {
  aobject(s, 'signed');
  for (const k of ['transactionBase64', 'transactionBase58', 'signature', 'from'] as const)
    if (typeof s[k] !== 'string') throw new TypeError(`signed.${k} must be a string`);
  return {
    kind: 'sol-transfer',
    transactionBase64: s.transactionBase64,
    transactionBase58: s.transactionBase58,
    signature: s.signature,
    from: s.from,
  };
}

/**
 * What a signing session holds and how it ends, shared by the JointKey session ({@link SigningSession})
 * and the SLIP-39 one (./slip39-wallet.ts): every secret buffer it takes is kept here, and
 * {@link close} overwrites them all; after that every step is refused.
 */
export class SecretSession {
  #secrets: Uint8Array[] = [];
  #closed = false;

  /** Keeps a secret buffer, to overwrite when the session closes. */
  protected keep(buffer: Uint8Array): void {
    this.#secrets.push(buffer);
  }

  /** Refuses any step once the session is over. */
  protected open(): void {
    if (this.#closed)
      throw new JointKeyError(
        'INVALID_ARGUMENT',
        'This signing session is over and its child keys were wiped. Start a new session to sign again.',
      );
  }

  /**
   * The refusal of a holder's child key entered twice: `entered` says whose ("Child key 1 (Alice)
   * was already entered"), `rule` how each counts ("Each holder’s child key counts once"), and the
   * holders still missing are named.
   */
  protected alreadyEntered(entered: string, rule: string, missing: readonly string[]): JointKeyError {
    return new JointKeyError(
      'DUPLICATE_CHILD_KEY',
      `${entered}. ${rule}: ${missing.join(', ') || 'nobody else'} still ${missing.length === 1 ? 'has' : 'have'} to enter theirs.`,
    );
  }

  /** Forgets the entries (the subclass's); the buffers are already overwritten. */
  protected forget(): void {}

  /** Wipes every child key entered (and the key, if restored) and closes the session. */
  close(): void {
    for (const b of this.#secrets) wipe(b);
    this.forget();
    this.#closed = true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Every secret buffer the session held (child key shares, the restored key): for tests to check they were overwritten. */
  secretBuffers(): readonly Uint8Array[] {
    return this.#secrets;
  }
}
