/**
 * A Bitcoin transaction to sign, as a PSBT (BIP-174 v0, BIP-370 v2), described in plain words for
 * one wallet and signed with its key: P2WPKH inputs with ECDSA (BIP-143 sighash, low s, SIGHASH_ALL)
 * and P2TR key-path inputs with BIP-340 Schnorr over the BIP-341 sighash, the key tweaked per
 * BIP-341 (no script tree unless the PSBT names one, PSBT_IN_TAP_MERKLE_ROOT). Parsing, sighashes and
 * signing are @scure/btc-signer's; this module decides what may be signed and says why not.
 *
 * Everything refusable is refused by {@link describePsbt}, which needs only the public key, so that
 * no holder enters a child key for a PSBT that will not be signed. Not constant-time beyond what
 * noble gives; the private key is the caller's to wipe.
 */
import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';
import { base64 } from '@scure/base';
import { OutScript, SigHash, Transaction } from '@scure/btc-signer';
import { abytes, aobject, bytesToHex, equalBytes, randomBytes, typeName, type Rng } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';
import { type BitcoinNetworkName, BITCOIN_NETWORKS, addressOfScript, p2trScript, p2wpkhScript } from './network.js';

/** The largest PSBT taken, binary: 4 MiB (a standard transaction is at most 400,000 weight units). */
export const MAX_PSBT_BYTES = 4 * 1024 * 1024;
/**
 * The most inputs taken: 500 (signing is quadratic in the inputs: 500 take seconds). A standard
 * transaction is at most 100,000 vbytes, about 1,400 SegWit inputs; larger spends are split.
 */
export const MAX_PSBT_INPUTS = 500;
/** The most outputs taken: 3,200 (each output is at least 31 vbytes in a standard transaction of 100,000). */
export const MAX_PSBT_OUTPUTS = 3_200;
/** The largest transaction nodes relay (standardness: 400,000 weight units). */
export const MAX_STANDARD_VSIZE = 100_000;
/** The fee-rate sanity bound unless stated: 1,000 sat/vB (a thousand times the usual minimum relay fee). */
export const DEFAULT_MAX_FEE_RATE = 1_000;
/** The absolute fee sanity bound unless stated: 0.1 BTC (Bitcoin Core's default -maxtxfee). */
export const DEFAULT_MAX_FEE_SAT = 10_000_000n;

const SAT_PER_BTC = 100_000_000n;
const MAGIC = new Uint8Array([0x70, 0x73, 0x62, 0x74, 0xff]); // "psbt" 0xff

export interface PsbtOptions {
  /** The network the owners mean; when absent, what the PSBT says, else mainnet. */
  network?: BitcoinNetworkName | undefined;
  /** The owners have seen the fee and accept it above the sanity bound. */
  acceptHighFee?: boolean | undefined;
  /** The fee-rate bound, sat/vB (default {@link DEFAULT_MAX_FEE_RATE}). */
  maxFeeRate?: number | undefined;
  /** The absolute fee bound, satoshis (default {@link DEFAULT_MAX_FEE_SAT}). */
  maxFeeSat?: bigint | undefined;
}

/** Whose an input or output is: this wallet's SegWit (P2WPKH) or Taproot (P2TR key-path) address, or another's. */
export type Owner = 'segwit' | 'taproot' | 'other';

export interface PsbtInput {
  index: number;
  /** The transaction id and output it spends, `txid:vout`. */
  outpoint: string;
  amountSat: bigint;
  /** The address it spends from, when its script has one. */
  address: string | undefined;
  owner: Owner;
  /** Already finalized (someone else's, signed before): nothing to add. */
  finalized: boolean;
}

export interface PsbtOutput {
  index: number;
  amountSat: bigint;
  /** The address paid, or undefined for a script no address writes (OP_RETURN data…). */
  address: string | undefined;
  scriptHex: string;
  /** This wallet's own address: change coming back. */
  owner: Owner;
}

export interface PsbtDescription {
  version: 0 | 2;
  network: BitcoinNetworkName;
  /** How the network was decided: stated by the owners, read from the PSBT, or assumed (mainnet). */
  networkFrom: 'stated' | 'psbt' | 'assumed';
  inputs: PsbtInput[];
  outputs: PsbtOutput[];
  feeSat: bigint;
  /** The virtual size once signed, estimated from the inputs' kinds (vbytes). */
  vsize: number;
  /** fee / vsize, sat/vB, to two decimals. */
  feeRate: number;
  /** The inputs this wallet signs. */
  toSign: number[];
  /** Plain words for the holders. */
  lines: string[];
}

/**
 * A wallet's Bitcoin keys on one network: its SegWit (P2WPKH) key — null for a wallet with no SegWit
 * address (FROST) — and its Taproot (BIP-86 internal) key; public keys 33-byte compressed, private 32.
 */
export interface BitcoinKeys {
  segwit: Uint8Array | null;
  taproot: Uint8Array;
}

/**
 * Whose PSBT it is: one 33-byte compressed key for both address kinds on every network (a JointKey
 * wallet), or keys by network (a BIP-32 wallet: coin type 0 on mainnet, coin type 1 on testnet,
 * signet and regtest, as BIP-44/84/86 say).
 */
export type PsbtWallet = Uint8Array | { mainnet: BitcoinKeys; test: BitcoinKeys };

export interface SignedPsbt {
  /** The PSBT with this wallet's signatures added (not finalized: the coordinator may combine and finalize). */
  psbt: Uint8Array;
  signedInputs: number[];
  /** Every input can be finalized: `txHex` is then the raw transaction, ready to broadcast. */
  complete: boolean;
  txHex: string | undefined;
}

const refuse = (message: string) => new JointKeyError('INVALID_PSBT', message);

/** An amount of satoshis in BTC with its 8 decimals: "0.00123456 BTC". TypeError for a non-bigint. */
export function formatBtc(sat: bigint): string {
  if (typeof sat !== 'bigint') throw new TypeError(`sat must be a bigint, got ${typeName(sat)}`);
  const neg = sat < 0n;
  const a = neg ? -sat : sat;
  return `${neg ? '-' : ''}${a / SAT_PER_BTC}.${(a % SAT_PER_BTC).toString().padStart(8, '0')} BTC`;
}

/**
 * A PSBT's bytes from what a file holds: the binary form (starting `psbt\xff`) or its base64 (with
 * or without surrounding white space). Throws TypeError for a non-Uint8Array, JointKeyError
 * INVALID_PSBT for anything else (empty, too large, not base64, not a PSBT).
 */
export function psbtBytes(content: Uint8Array): Uint8Array {
  abytes(content, 'content');
  if (content.length > MAX_PSBT_BYTES * 2)
    throw refuse(
      `This file is too large for a PSBT (over ${MAX_PSBT_BYTES * 2} bytes). Choose the PSBT file your wallet software exported.`,
    );
  if (content.length >= MAGIC.length && equalBytes(content.subarray(0, MAGIC.length), MAGIC)) return content;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content).trim();
  } catch {
    text = '';
  }
  if (text.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
    throw refuse(
      'This is not a PSBT: neither the binary form (starting “psbt”) nor its base64 (starting “cHNidP8”). Export the unsigned transaction from your wallet software as a PSBT file, and choose that file.',
    );
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(text);
  } catch {
    throw refuse(
      'This PSBT’s base64 is damaged (characters changed or cut). Export it again from your wallet software.',
    );
  }
  if (bytes.length < MAGIC.length || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC))
    throw refuse(
      'This base64 does not hold a PSBT (it does not start with “cHNidP8”). Export the unsigned transaction from your wallet software as a PSBT.',
    );
  return bytes;
}

/** Reads a compact size at `at`; undefined when cut short. */
function compactSize(b: Uint8Array, at: number): { value: number; next: number } | undefined {
  const first = b[at];
  if (first === undefined) return undefined;
  const len = first < 0xfd ? 0 : first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
  if (at + 1 + len > b.length) return undefined;
  let v = len === 0 ? first : 0;
  for (let i = len; i >= 1; i--) v = v * 256 + (b[at + i] as number);
  return { value: v, next: at + 1 + len };
}

/**
 * The input and output counts a PSBT's global map declares, read without parsing the rest (so an
 * oversized PSBT is refused before it is parsed): v0's unsigned transaction, v2's counts.
 */
function declaredCounts(b: Uint8Array): { inputs: number; outputs: number } | undefined {
  let at = MAGIC.length;
  let inputs: number | undefined;
  let outputs: number | undefined;
  for (let entries = 0; entries < 10_000; entries++) {
    const keyLen = compactSize(b, at);
    if (!keyLen) return undefined;
    if (keyLen.value === 0) break;
    const keyType = b[keyLen.next];
    const valLen = compactSize(b, keyLen.next + keyLen.value);
    if (!valLen || valLen.next + valLen.value > b.length) return undefined;
    const value = b.subarray(valLen.next, valLen.next + valLen.value);
    if (keyType === 0x00 && keyLen.value === 1) {
      // The unsigned transaction: version (4), then the input count (no witness marker in a PSBT).
      const n = compactSize(value, 4);
      if (n) inputs = n.value;
      if (n && n.value <= MAX_PSBT_INPUTS) {
        let p = n.next;
        for (let i = 0; i < n.value && p !== -1; i++) {
          const script = compactSize(value, p + 36);
          p = script ? script.next + script.value + 4 : -1;
        }
        const m = p === -1 ? undefined : compactSize(value, p);
        if (m) outputs = m.value;
      }
    }
    if (keyType === 0x04 && keyLen.value === 1) inputs = compactSize(value, 0)?.value;
    if (keyType === 0x05 && keyLen.value === 1) outputs = compactSize(value, 0)?.value;
    at = valLen.next + valLen.value;
  }
  return inputs === undefined ? undefined : { inputs, outputs: outputs ?? 0 };
}

function parse(bytes: Uint8Array): Transaction {
  if (bytes.length > MAX_PSBT_BYTES)
    throw refuse(
      `This PSBT is ${bytes.length} bytes, more than the ${MAX_PSBT_BYTES} any standard transaction needs. Check that it is the right file.`,
    );
  const counts = declaredCounts(bytes);
  if (counts && counts.inputs > MAX_PSBT_INPUTS)
    throw refuse(
      `This PSBT has ${counts.inputs} inputs: JointKey signs at most ${MAX_PSBT_INPUTS} in one transaction. Spend these coins in several smaller transactions in your wallet software.`,
    );
  if (counts && counts.outputs > MAX_PSBT_OUTPUTS)
    throw refuse(
      `This PSBT has ${counts.outputs} outputs: more than a standard transaction can hold (at most ${MAX_PSBT_OUTPUTS} are taken). Build a smaller transaction in your wallet software.`,
    );
  let tx: Transaction;
  try {
    tx = Transaction.fromPSBT(bytes, { allowUnknownOutputs: true, allowUnknownInputs: true, allowUnknown: true });
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 200) : 'unreadable';
    throw refuse(
      `This PSBT cannot be read (${why}): it is damaged or cut short. Export it again from your wallet software.`,
    );
  }
  if (tx.inputsLength === 0)
    throw refuse('This PSBT spends nothing (no inputs). Build the transaction again in your wallet software.');
  if (tx.outputsLength === 0)
    throw refuse('This PSBT pays nobody (no outputs). Build the transaction again in your wallet software.');
  if (tx.inputsLength > MAX_PSBT_INPUTS || tx.outputsLength > MAX_PSBT_OUTPUTS)
    throw refuse(
      `This PSBT has more inputs or outputs than a standard transaction can hold. Build a smaller transaction.`,
    );
  return tx;
}

type ScureInput = ReturnType<Transaction['getInput']>;

/** The output an input spends (script and amount), or undefined when the PSBT does not carry it. */
function prevOut(input: ScureInput): { script: Uint8Array; amount: bigint } | undefined {
  if (input.witnessUtxo) return input.witnessUtxo;
  const prev = input.nonWitnessUtxo?.outputs[input.index ?? -1];
  return prev ? { script: prev.script, amount: prev.amount } : undefined;
}

/** Network hints in a PSBT: global xpubs' version bytes, BIP-44/49/84/86 coin types in derivation paths. */
function networkHints(tx: Transaction): Set<'mainnet' | 'test'> {
  const hints = new Set<'mainnet' | 'test'>();
  const global = (tx as unknown as { global: { xpub?: [{ version: number }, unknown][] } }).global;
  for (const [xpub] of global.xpub ?? []) {
    if ([0x0488b21e, 0x049d7cb2, 0x04b24746].includes(xpub.version)) hints.add('mainnet');
    if ([0x043587cf, 0x044a5262, 0x045f1cf6].includes(xpub.version)) hints.add('test');
  }
  const H = 0x80000000;
  const path = (p: readonly number[]) => {
    if (p.length >= 2 && [44, 49, 84, 86].map((x) => x + H).includes(p[0] as number)) {
      if (p[1] === H) hints.add('mainnet');
      if (p[1] === H + 1) hints.add('test');
    }
  };
  const each = (o: {
    bip32Derivation?: [Uint8Array, { path: number[] }][];
    tapBip32Derivation?: [Uint8Array, { der: { path: number[] } }][];
  }) => {
    for (const [, d] of o.bip32Derivation ?? []) path(d.path);
    for (const [, d] of o.tapBip32Derivation ?? []) path(d.der.path);
  };
  for (let i = 0; i < tx.inputsLength; i++) each(tx.getInput(i) as Parameters<typeof each>[0]);
  for (let i = 0; i < tx.outputsLength; i++) each(tx.getOutput(i) as Parameters<typeof each>[0]);
  return hints;
}

function decideNetwork(
  tx: Transaction,
  stated: BitcoinNetworkName | undefined,
): Pick<PsbtDescription, 'network' | 'networkFrom'> {
  if (stated !== undefined && !BITCOIN_NETWORKS.includes(stated))
    throw new RangeError('network must be mainnet, testnet, signet or regtest');
  const hints = networkHints(tx);
  if (hints.size > 1)
    throw new JointKeyError(
      'NETWORK_MISMATCH',
      'This PSBT names keys of both Bitcoin mainnet and a test network: it mixes networks. Build it again in your wallet software on one network.',
    );
  const said = [...hints][0];
  if (stated !== undefined) {
    if ((said === 'mainnet' && stated !== 'mainnet') || (said === 'test' && stated === 'mainnet'))
      throw new JointKeyError(
        'NETWORK_MISMATCH',
        `This PSBT is for ${said === 'mainnet' ? 'Bitcoin mainnet' : 'a test network (testnet, signet or regtest)'}, but you said ${stated}. Check which network your wallet software is on, and state that one.`,
      );
    return { network: stated, networkFrom: 'stated' };
  }
  if (said === 'test') return { network: 'testnet', networkFrom: 'psbt' };
  if (said === 'mainnet') return { network: 'mainnet', networkFrom: 'psbt' };
  return { network: 'mainnet', networkFrom: 'assumed' };
}

interface Ours {
  /** The P2WPKH output script, or undefined for a wallet with no SegWit address. */
  wpkh: Uint8Array | undefined;
  /** The BIP-86 output script (no script tree). */
  tr: Uint8Array;
  xonly: Uint8Array;
}

function ownerOfOutput(script: Uint8Array, ours: Ours): Owner {
  if (ours.wpkh && equalBytes(script, ours.wpkh)) return 'segwit';
  if (equalBytes(script, ours.tr)) return 'taproot';
  return 'other';
}

/** Whose an input is: this wallet's P2WPKH, its P2TR key path (BIP-86, or the script tree the PSBT names for its internal key), or another's. */
function ownerOfInput(input: ScureInput, script: Uint8Array, ours: Ours): Owner {
  if (ours.wpkh && equalBytes(script, ours.wpkh)) return 'segwit';
  if (input.tapInternalKey && !equalBytes(input.tapInternalKey, ours.xonly)) return 'other';
  if (input.tapMerkleRoot) {
    return equalBytes(script, taprootScript(ours.xonly, input.tapMerkleRoot)) ? 'taproot' : 'other';
  }
  return equalBytes(script, ours.tr) ? 'taproot' : 'other';
}

/** `OP_1 <Q>` with Q = P + hash_TapTweak(P ‖ merkleRoot)·G (BIP-341). */
function taprootScript(xonly: Uint8Array, merkleRoot: Uint8Array): Uint8Array {
  const P = schnorr.utils.lift_x(bytesToBigInt(xonly));
  const t = bytesToBigInt(schnorr.utils.taggedHash('TapTweak', xonly, merkleRoot));
  if (t >= secp256k1.Point.CURVE().n)
    throw refuse('This PSBT’s Taproot script tree gives an invalid tweak. Build it again.');
  const Q = P.add(secp256k1.Point.BASE.multiply(t));
  return OutScript.encode({ type: 'tr', pubkey: Q.toBytes(true).subarray(1) });
}

function psbtVersion(tx: Transaction): 0 | 2 {
  return (tx as unknown as { global: { version?: number } }).global.version === 2 ? 2 : 0;
}

function bytesToBigInt(b: Uint8Array): bigint {
  return BigInt(`0x${bytesToHex(b) || '0'}`);
}

/** Witness weight of a finalized input of this kind, as Bitcoin Core estimates it (signatures at their largest). */
function witnessWeight(input: ScureInput, script: Uint8Array, owner: Owner): { scriptSig: number; witness: number } {
  if (input.finalScriptWitness || input.finalScriptSig) {
    const w = input.finalScriptWitness;
    let witness = 0;
    if (w) {
      witness = 1;
      for (const item of w) witness += (item.length < 0xfd ? 1 : 3) + item.length;
    }
    return { scriptSig: input.finalScriptSig?.length ?? 0, witness };
  }
  if (owner === 'segwit') return { scriptSig: 0, witness: 1 + 1 + 72 + 1 + 33 };
  if (owner === 'taproot') return { scriptSig: 0, witness: 1 + 1 + 64 + (input.sighashType ? 1 : 0) };
  let type: string;
  try {
    type = OutScript.decode(script).type;
  } catch {
    type = 'unknown';
  }
  if (type === 'wpkh') return { scriptSig: 0, witness: 108 };
  if (type === 'tr') return { scriptSig: 0, witness: 67 };
  if (type === 'pkh') return { scriptSig: 107, witness: 0 };
  if (type === 'sh' && input.redeemScript?.length === 22) return { scriptSig: 23, witness: 108 };
  // Unknown spending conditions: the least they can weigh, so the fee rate shown is an upper bound.
  return { scriptSig: 0, witness: 0 };
}

function asighash(input: ScureInput, owner: Owner, index: number): void {
  const t = input.sighashType;
  if (t === undefined) return;
  const ok = owner === 'taproot' ? t === SigHash.DEFAULT || t === SigHash.ALL : t === SigHash.ALL;
  if (!ok)
    throw refuse(
      `Input ${index} asks for signature hash type ${t}; JointKey signs only SIGHASH_ALL (the whole transaction, as it is shown). Build the transaction again without a special sighash type.`,
    );
}

function apoint(value: unknown, what: string): Uint8Array {
  const publicKey33 = value as Uint8Array;
  abytes(publicKey33, what, 33);
  try {
    secp256k1.Point.fromBytes(publicKey33);
  } catch {
    throw new JointKeyError('INVALID_KEY', 'This is not a valid secp256k1 public key. Check the wallet record.');
  }
  return publicKey33;
}

/** Checks a {@link PsbtWallet}: a key, or both networks' SegWit and Taproot keys. TypeError/RangeError, INVALID_KEY. */
function awallet(wallet: unknown): PsbtWallet {
  if (wallet instanceof Uint8Array) return apoint(wallet, 'publicKey');
  aobject(wallet, 'wallet');
  for (const net of ['mainnet', 'test'] as const) {
    const k = (wallet as Record<string, unknown>)[net];
    aobject(k, `wallet.${net}`);
    if ((k as BitcoinKeys).segwit !== null) apoint((k as BitcoinKeys).segwit, `wallet.${net}.segwit`);
    apoint((k as BitcoinKeys).taproot, `wallet.${net}.taproot`);
  }
  return wallet as PsbtWallet;
}

/** The wallet's keys on `network`. */
function bitcoinKeysOn(wallet: PsbtWallet, network: BitcoinNetworkName): BitcoinKeys {
  if (wallet instanceof Uint8Array) return { segwit: wallet, taproot: wallet };
  return network === 'mainnet' ? wallet.mainnet : wallet.test;
}

function ours(keys: BitcoinKeys): Ours {
  return {
    wpkh: keys.segwit === null ? undefined : p2wpkhScript(keys.segwit),
    tr: p2trScript(keys.taproot),
    xonly: keys.taproot.slice(1),
  };
}

function aoptions(options: unknown): PsbtOptions {
  aobject(options, 'options');
  const o = options as PsbtOptions;
  if (o.acceptHighFee !== undefined && typeof o.acceptHighFee !== 'boolean')
    throw new TypeError(`options.acceptHighFee must be a boolean, got ${typeName(o.acceptHighFee)}`);
  if (
    o.maxFeeRate !== undefined &&
    (typeof o.maxFeeRate !== 'number' || !(o.maxFeeRate > 0) || !Number.isFinite(o.maxFeeRate))
  )
    throw new RangeError('options.maxFeeRate must be a positive number of sat/vB');
  if (o.maxFeeSat !== undefined && (typeof o.maxFeeSat !== 'bigint' || o.maxFeeSat <= 0n))
    throw new RangeError('options.maxFeeSat must be a positive bigint of satoshis');
  return o;
}

/** Reads and checks a PSBT for `wallet` (or, with null, for any wallet: NOTHING_TO_SIGN is then not checked). */
function parsed(
  psbt: Uint8Array,
  wallet: PsbtWallet | null,
  options: PsbtOptions,
): { tx: Transaction; d: PsbtDescription; keys: BitcoinKeys | undefined } {
  abytes(psbt, 'psbt');
  const o = aoptions(options);
  const tx = parse(psbtBytes(psbt));
  const { network, networkFrom } = decideNetwork(tx, o.network);
  const keys = wallet === null ? undefined : bitcoinKeysOn(wallet, network);
  const mine = keys === undefined ? undefined : ours(keys);
  const inputs: PsbtInput[] = [];
  let weight = 4 * tx.unsignedTx.length;
  let anyWitness = false;
  let inTotal = 0n;
  const seen = new Set<string>();
  for (let i = 0; i < tx.inputsLength; i++) {
    const input = tx.getInput(i);
    const prev = prevOut(input);
    const outpoint = `${bytesToHex(input.txid ?? new Uint8Array())}:${input.index ?? '?'}`;
    if (seen.has(outpoint))
      throw refuse(
        `Input ${i} spends ${outpoint} a second time: no valid transaction does. Build it again in your wallet software.`,
      );
    seen.add(outpoint);
    if (!prev)
      throw new JointKeyError(
        'MISSING_PREVIOUS_OUTPUT',
        `Input ${i} (${outpoint}) does not carry the output it spends (no witness UTXO or previous transaction), so its amount — and the fee — cannot be shown. Have your wallet software include the previous outputs (Bitcoin Core and Electrum do) and export the PSBT again.`,
      );
    const owner = mine ? ownerOfInput(input, prev.script, mine) : 'other';
    if (owner !== 'other') asighash(input, owner, i);
    const w = witnessWeight(input, prev.script, owner);
    weight += 4 * w.scriptSig + w.witness;
    if (w.witness > 0) anyWitness = true;
    inTotal += prev.amount;
    inputs.push({
      index: i,
      outpoint,
      amountSat: prev.amount,
      address: addressOfScript(prev.script, network),
      owner,
      finalized: !!(input.finalScriptSig || input.finalScriptWitness),
    });
  }
  if (anyWitness) weight += 2;
  const outputs: PsbtOutput[] = [];
  let outTotal = 0n;
  for (let i = 0; i < tx.outputsLength; i++) {
    const out = tx.getOutput(i);
    const script = out.script ?? new Uint8Array();
    const amount = out.amount ?? 0n;
    outTotal += amount;
    outputs.push({
      index: i,
      amountSat: amount,
      address: addressOfScript(script, network),
      scriptHex: bytesToHex(script),
      owner: mine ? ownerOfOutput(script, mine) : 'other',
    });
  }
  const feeSat = inTotal - outTotal;
  if (feeSat < 0n)
    throw refuse(
      `This PSBT pays out ${formatBtc(outTotal)} but spends only ${formatBtc(inTotal)}: it cannot be valid. Build the transaction again in your wallet software.`,
    );
  const vsize = Math.ceil(weight / 4);
  if (vsize > MAX_STANDARD_VSIZE)
    throw refuse(
      `This transaction would be about ${vsize} vbytes, more than Bitcoin nodes relay (${MAX_STANDARD_VSIZE}). Spend these coins in several smaller transactions in your wallet software.`,
    );
  const feeRate = Math.round((Number(feeSat) / vsize) * 100) / 100;
  const maxRate = o.maxFeeRate ?? DEFAULT_MAX_FEE_RATE;
  const maxFee = o.maxFeeSat ?? DEFAULT_MAX_FEE_SAT;
  if (!o.acceptHighFee && (feeRate > maxRate || feeSat > maxFee))
    throw new JointKeyError(
      'FEE_TOO_HIGH',
      `This transaction pays a fee of ${formatBtc(feeSat)} (about ${feeRate} sat/vB), above the sanity bound of ${maxRate} sat/vB or ${formatBtc(maxFee)}. A fee this high is usually a mistake (a missing change output, a wrong unit). Check it in your wallet software; only if it is what you mean, accept the high fee (--accept-high-fee) and sign again.`,
    );
  const toSign = inputs.filter((x) => x.owner !== 'other' && !x.finalized).map((x) => x.index);
  if (mine && toSign.length === 0)
    throw new JointKeyError(
      'NOTHING_TO_SIGN',
      `None of this PSBT's ${inputs.length} inputs spends from this wallet's SegWit or Taproot address: there is nothing for it to sign. Check that the PSBT was built from this wallet (import its descriptors in your wallet software) and that you chose the right wallet.`,
    );
  const d: PsbtDescription = {
    version: psbtVersion(tx),
    network,
    networkFrom,
    inputs,
    outputs,
    feeSat,
    vsize,
    feeRate,
    toSign,
    lines: [],
  };
  d.lines = linesOf(d);
  return { tx, d, keys };
}

function linesOf(d: PsbtDescription): string[] {
  const whose = (o: Owner) =>
    o === 'segwit'
      ? 'this wallet’s SegWit address'
      : o === 'taproot'
        ? 'this wallet’s Taproot address'
        : 'someone else’s';
  const net =
    d.networkFrom === 'stated'
      ? `Bitcoin ${d.network} (as you stated)`
      : d.networkFrom === 'psbt'
        ? `Bitcoin ${d.network === 'testnet' ? 'testnet or signet' : d.network} (as the PSBT says)`
        : 'Bitcoin mainnet (the PSBT does not say; state another network if this is not mainnet)';
  const lines = [
    `A Bitcoin transaction (PSBT v${d.version}) on ${net}: ${d.inputs.length} input${d.inputs.length === 1 ? '' : 's'}, ${d.outputs.length} output${d.outputs.length === 1 ? '' : 's'}.`,
  ];
  for (const i of d.inputs)
    lines.push(
      `Input ${i.index}: ${formatBtc(i.amountSat)} from ${i.address ?? 'a script with no address'} — ${whose(i.owner)}${
        i.owner !== 'other'
          ? i.finalized
            ? ' (already signed)'
            : ', signed now'
          : i.finalized
            ? ' (already signed)'
            : ', not signed by this wallet'
      }`,
    );
  for (const o of d.outputs)
    lines.push(
      `Output ${o.index}: ${formatBtc(o.amountSat)} to ${o.address ?? `a script with no address (${o.scriptHex.slice(0, 40)}${o.scriptHex.length > 40 ? '…' : ''})`}${
        o.owner !== 'other' ? ` — change back to ${whose(o.owner)}` : ''
      }`,
    );
  lines.push(`Fee: ${formatBtc(d.feeSat)} — about ${d.feeRate} sat/vB for about ${d.vsize} vbytes.`);
  lines.push(`This wallet signs input${d.toSign.length === 1 ? '' : 's'} ${d.toSign.join(', ')}.`);
  return lines;
}

/**
 * Checks what can be checked of a PSBT without knowing the wallet — every refusal of
 * {@link describePsbt} but NOTHING_TO_SIGN — so that a bad PSBT is refused before any child key is
 * even read. Returns the description with every input and output marked 'other'.
 */
export function checkPsbt(psbt: Uint8Array, options: PsbtOptions = {}): PsbtDescription {
  return parsed(psbt, null, options).d;
}

/**
 * Reads a PSBT (binary or base64, v0 or v2) and describes it for `wallet`: its 33-byte compressed
 * secp256k1 public key, or its keys by network ({@link PsbtWallet}). Refuses — JointKeyError with a code and what to do — a PSBT
 * that is damaged, cut short, too large (over {@link MAX_PSBT_INPUTS} inputs), whose inputs lack the
 * outputs they spend (MISSING_PREVIOUS_OUTPUT), for another network than stated (NETWORK_MISMATCH),
 * with nothing of this wallet's to sign (NOTHING_TO_SIGN), a fee over the bound unless accepted
 * (FEE_TOO_HIGH), or a sighash type other than ALL on this wallet's inputs (INVALID_PSBT).
 * TypeError/RangeError for wrong argument types; INVALID_KEY for a key not on the curve.
 */
export function describePsbt(psbt: Uint8Array, wallet: PsbtWallet, options: PsbtOptions = {}): PsbtDescription {
  abytes(psbt, 'psbt');
  return parsed(psbt, awallet(wallet), options).d;
}

type Internals = {
  preimageWitnessV0(idx: number, script: Uint8Array, sighash: number, amount: bigint): Uint8Array;
  preimageWitnessV1(idx: number, scripts: Uint8Array[], sighash: number, amounts: bigint[]): Uint8Array;
};

/**
 * Signs this wallet's inputs of `psbt` (as {@link describePsbt} refuses, first) with the restored
 * 32-byte private key of `wallet` — one key, or the SegWit and Taproot keys of the PSBT's network
 * (the keys {@link PsbtWallet} gives on that network) — verifies each signature against the
 * sighash and the wallet's key (tweaked for Taproot), and returns the PSBT with the signatures added,
 * and the raw transaction when every input is complete. Others' inputs are left as they were.
 * `rng` gives BIP-340's auxiliary randomness. Throws as describePsbt, and Error if a signature made
 * does not verify (never expected).
 */
export function signPsbt(
  psbt: Uint8Array,
  privateKey: Uint8Array | BitcoinKeys,
  wallet: PsbtWallet,
  options: PsbtOptions = {},
  rng: Rng = randomBytes,
): SignedPsbt {
  const priv: BitcoinKeys = privateKey instanceof Uint8Array ? { segwit: privateKey, taproot: privateKey } : privateKey;
  aobject(priv, 'privateKey');
  if (priv.segwit !== null) abytes(priv.segwit, 'privateKey', 32);
  abytes(priv.taproot, 'privateKey', 32);
  if (typeof rng !== 'function') throw new TypeError(`rng must be a function, got ${typeName(rng)}`);
  abytes(psbt, 'psbt');
  const { tx, d, keys } = parsed(psbt, awallet(wallet), options);
  const pub = keys as BitcoinKeys;
  const matches = (k: Uint8Array | null, p: Uint8Array | null) =>
    k === null || p === null ? k === p : equalBytes(secp256k1.getPublicKey(k, true), p);
  if (!matches(priv.segwit, pub.segwit) || !matches(priv.taproot, pub.taproot))
    throw new JointKeyError('WRONG_RESULT', 'The key restored is not this wallet’s: nothing was signed.');
  const internals = tx as unknown as Internals;
  const scripts = d.inputs.map((_, i) => prevOut(tx.getInput(i))?.script as Uint8Array);
  const amounts = d.inputs.map((x) => x.amountSat);
  for (const i of d.toSign) {
    const input = d.inputs[i] as PsbtInput;
    const before = tx.getInput(i);
    if (input.owner === 'taproot') {
      if (!before.tapInternalKey) tx.updateInput(i, { tapInternalKey: pub.taproot.slice(1) }, true);
      const aux = rng(32);
      if (!(aux instanceof Uint8Array) || aux.length !== 32) throw new TypeError('rng must return 32 bytes');
      tx.signIdx(priv.taproot, i, [SigHash.DEFAULT, SigHash.ALL], aux);
      const after = tx.getInput(i);
      const sig = after.tapKeySig;
      if (!sig) throw new Error('no Taproot signature was made');
      const sighash = sig.length === 65 ? (sig[64] as number) : SigHash.DEFAULT;
      const msg = internals.preimageWitnessV1(i, scripts, sighash, amounts);
      const outputKey = (scripts[i] as Uint8Array).subarray(2);
      if (!schnorr.verify(sig.subarray(0, 64), msg, outputKey))
        throw new Error('a Taproot signature did not verify against the output key');
    } else {
      const segwit = pub.segwit as Uint8Array;
      tx.signIdx(priv.segwit as Uint8Array, i, [SigHash.ALL]);
      const partial = tx.getInput(i).partialSig?.find(([k]) => equalBytes(k, segwit));
      if (!partial) throw new Error('no SegWit signature was made');
      const sig = partial[1];
      const hash160 = (scripts[i] as Uint8Array).subarray(2);
      const scriptCode = OutScript.encode({ type: 'pkh', hash: hash160 });
      const msg = internals.preimageWitnessV0(i, scriptCode, sig[sig.length - 1] as number, amounts[i] as bigint);
      if (!secp256k1.verify(sig.subarray(0, -1), msg, segwit, { prehash: false, lowS: true, format: 'der' }))
        throw new Error('a SegWit signature did not verify (or its s was high)');
    }
  }
  return finished(tx, d.version, d.toSign);
}

/** The PSBT with its signatures, and the raw transaction when every input can be finalized. */
function finished(tx: Transaction, version: 0 | 2, signedInputs: number[]): SignedPsbt {
  let txHex: string | undefined;
  try {
    const done = tx.clone();
    done.finalize();
    txHex = bytesToHex(done.extract());
  } catch {
    txHex = undefined;
  }
  return { psbt: tx.toPSBT(version), signedInputs, complete: txHex !== undefined, txHex };
}

/** What a signer of hashes (a FROST wallet's holders) signs: each of the wallet's Taproot inputs' BIP-341 sighash. */
export interface TaprootSighashes {
  description: PsbtDescription;
  /** The wallet's Taproot inputs to sign, in order. */
  inputs: number[];
  /** Each input's BIP-341 signature hash (32 bytes), signed by the output key with BIP-340. */
  sighashes: Uint8Array[];
}

function sighashesOf(
  tx: Transaction,
  d: PsbtDescription,
): { inputs: number[]; sighashes: Uint8Array[]; types: number[] } {
  const segwit = d.toSign.filter((i) => d.inputs[i]?.owner !== 'taproot');
  if (segwit.length > 0)
    throw refuse(
      `Inputs ${segwit.join(', ')} spend from a SegWit address, which this wallet signs with its key, not by its holders’ shares. Build the transaction from the wallet’s Taproot address only.`,
    );
  const internals = tx as unknown as Internals;
  const scripts = d.inputs.map((_, i) => prevOut(tx.getInput(i))?.script as Uint8Array);
  const amounts = d.inputs.map((x) => x.amountSat);
  const types = d.toSign.map((i) => tx.getInput(i).sighashType ?? SigHash.DEFAULT);
  return {
    inputs: [...d.toSign],
    sighashes: d.toSign.map((i, k) => internals.preimageWitnessV1(i, scripts, types[k] as number, amounts)),
    types,
  };
}

/**
 * The BIP-341 signature hash of each of `wallet`'s Taproot key-path inputs of `psbt`, for signers who
 * sign the hash itself (the holders of a FROST wallet, whose group key is the output key), with
 * the PSBT's description. Refuses as {@link describePsbt}, and a PSBT whose inputs to sign include a
 * SegWit one (INVALID_PSBT).
 */
export function taprootSighashes(psbt: Uint8Array, wallet: PsbtWallet, options: PsbtOptions = {}): TaprootSighashes {
  abytes(psbt, 'psbt');
  const { tx, d } = parsed(psbt, awallet(wallet), options);
  const { inputs, sighashes } = sighashesOf(tx, d);
  return { description: d, inputs, sighashes };
}

/**
 * Adds BIP-340 signatures made elsewhere (by a FROST wallet's holders, aggregated) to `wallet`'s
 * Taproot inputs of `psbt`, one 64-byte signature per input of {@link taprootSighashes}, in order.
 * Each is verified against its sighash and the input's output key before it is added
 * (WRONG_RESULT otherwise: nothing is returned). Returns the PSBT with the signatures, and the
 * raw transaction when every input is complete.
 */
export function addTaprootSignatures(
  psbt: Uint8Array,
  wallet: PsbtWallet,
  options: PsbtOptions | undefined,
  signatures: readonly Uint8Array[],
): SignedPsbt {
  abytes(psbt, 'psbt');
  const { tx, d, keys } = parsed(psbt, awallet(wallet), options === undefined ? {} : options);
  const { inputs, sighashes, types } = sighashesOf(tx, d);
  if (!Array.isArray(signatures) || signatures.length !== inputs.length)
    throw new RangeError(`signatures must give one signature per Taproot input to sign (${inputs.length})`);
  signatures.forEach((sig, k) => abytes(sig, `signatures[${k}]`, 64));
  inputs.forEach((i, k) => {
    const outputKey = (prevOut(tx.getInput(i)) as { script: Uint8Array }).script.subarray(2);
    const sig = signatures[k] as Uint8Array;
    if (!schnorr.verify(sig, sighashes[k] as Uint8Array, outputKey))
      throw new JointKeyError(
        'WRONG_RESULT',
        `The signature for input ${i} does not verify against its Taproot output key: nothing was added. Sign again.`,
      );
    const type = types[k] as number;
    const tapKeySig = type === SigHash.DEFAULT ? sig : new Uint8Array([...sig, type]);
    if (!tx.getInput(i).tapInternalKey)
      tx.updateInput(i, { tapInternalKey: (keys as BitcoinKeys).taproot.slice(1) }, true);
    tx.updateInput(i, { tapKeySig }, true);
  });
  return finished(tx, d.version, inputs);
}
