/**
 * PSBTs built by an independent implementation, bitcoinjs-lib (with libsecp256k1 compiled to wasm,
 * tiny-secp256k1), for the tests: a wallet's SegWit and Taproot inputs, a foreign input, a payment
 * and change. And the checks a coordinator runs on what JointKey signed: every signature validated,
 * every input finalized, the transaction extracted — all by bitcoinjs-lib.
 */
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import { sha256 } from '@noble/hashes/sha2.js';

bitcoin.initEccLib(ecc);

export { bitcoin, ecc };

export type Net = 'mainnet' | 'testnet' | 'regtest';
export const NETWORKS: Record<Net, bitcoin.networks.Network> = {
  mainnet: bitcoin.networks.bitcoin,
  testnet: bitcoin.networks.testnet,
  regtest: bitcoin.networks.regtest,
};

/** A deterministic private key for tests (never a real wallet's). */
export function testKey(label: string): Uint8Array {
  return sha256(new TextEncoder().encode(`jointkey psbt test key ${label}`));
}

export const toXOnly = (pub: Uint8Array): Uint8Array => pub.slice(1, 33);

export interface BuildOptions {
  network?: Net;
  /** Inputs of the wallet: 'wpkh' and/or 'tr'. */
  mine?: ('wpkh' | 'tr')[];
  /** A foreign P2WPKH input (its key is the test's own). */
  foreign?: boolean;
  /** Leave out the previous output of input `n`. */
  dropUtxo?: number;
  /** Fee in satoshis (default 2,000). */
  fee?: bigint;
  /** Each input's amount in satoshis (default 100,000). */
  amount?: bigint;
  /** Add the change output back to the wallet's SegWit address. */
  change?: boolean;
  /** PSBT_GLOBAL_XPUB or BIP-84 derivation paths saying the network, when set. */
  coinType?: 0 | 1;
  /** The Taproot input's key, where it is not `pub` (a BIP-32 wallet: m/86' beside m/84'). */
  trPub?: Uint8Array;
}

export const FOREIGN_KEY = testKey('foreign');
const AMOUNT = 100_000n;

/** A PSBT spending the wallet's (public key `pub`) inputs as asked, paying 50,000 sat out and the rest (minus the fee) to change. */
export function buildPsbt(pub: Uint8Array, o: BuildOptions = {}): bitcoin.Psbt {
  const network = NETWORKS[o.network ?? 'mainnet'];
  const psbt = new bitcoin.Psbt({ network });
  const mine = o.mine ?? ['wpkh', 'tr'];
  let n = 0;
  const txid = (i: number) => sha256(new Uint8Array([i, 7, 7]));
  const add = (script: Uint8Array, extra: Record<string, unknown> = {}) => {
    const i = n++;
    const der =
      o.coinType === undefined
        ? {}
        : {
            bip32Derivation: [
              {
                masterFingerprint: new Uint8Array([1, 2, 3, 4]),
                path: `m/84'/${o.coinType}'/0'/0/${i}`,
                pubkey: pub,
              },
            ],
          };
    psbt.addInput({
      hash: txid(i),
      index: i,
      ...(o.dropUtxo === i ? {} : { witnessUtxo: { script, value: o.amount ?? AMOUNT } }),
      ...extra,
      ...(script.length === 22 ? der : {}),
    });
  };
  for (const m of mine) {
    if (m === 'wpkh') add(bitcoin.payments.p2wpkh({ pubkey: pub, network }).output as Uint8Array);
    else
      add(bitcoin.payments.p2tr({ internalPubkey: toXOnly(o.trPub ?? pub), network }).output as Uint8Array, {
        tapInternalKey: toXOnly(o.trPub ?? pub),
      });
  }
  if (o.foreign)
    add(
      bitcoin.payments.p2wpkh({ pubkey: ecc.pointFromScalar(FOREIGN_KEY, true) as Uint8Array, network })
        .output as Uint8Array,
    );
  const total = (o.amount ?? AMOUNT) * BigInt(n);
  const fee = o.fee ?? 2_000n;
  const pay = 50_000n;
  const other = bitcoin.payments.p2wpkh({ hash: sha256(new Uint8Array([9])).slice(0, 20), network });
  psbt.addOutput({ script: other.output as Uint8Array, value: pay });
  if (o.change !== false)
    psbt.addOutput({
      script: bitcoin.payments.p2wpkh({ pubkey: pub, network }).output as Uint8Array,
      value: total - pay - fee,
    });
  return psbt;
}

/** A signer of the foreign input, for bitcoinjs-lib. */
export const foreignSigner = {
  publicKey: ecc.pointFromScalar(FOREIGN_KEY, true) as Uint8Array,
  sign: (hash: Uint8Array) => ecc.sign(hash, FOREIGN_KEY),
};

/** bitcoinjs-lib's validator of ECDSA and Schnorr signatures (libsecp256k1). */
export function validator(pubkey: Uint8Array, msghash: Uint8Array, signature: Uint8Array): boolean {
  return pubkey.length === 32
    ? ecc.verifySchnorr(msghash, pubkey, signature)
    : ecc.verify(msghash, pubkey, signature, true);
}

/** A PSBT v0 whose unsigned transaction has `n` inputs and one output, with empty maps (built by hand: fast). */
export function psbtWithInputs(n: number): Uint8Array {
  const parts: number[] = [];
  const varint = (v: number) =>
    v < 0xfd
      ? [v]
      : v <= 0xffff
        ? [0xfd, v & 0xff, v >> 8]
        : [0xfe, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
  const tx: number[] = [2, 0, 0, 0, ...varint(n)];
  for (let i = 0; i < n; i++) tx.push(...new Array(32).fill(i & 0xff), i & 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff);
  tx.push(1, ...new Array(8).fill(0), 0, 0, 0, 0, 0);
  parts.push(0x70, 0x73, 0x62, 0x74, 0xff, 1, 0, ...varint(tx.length));
  const out = new Uint8Array(parts.length + tx.length + 1 + n + 1);
  out.set(parts);
  out.set(tx, parts.length);
  return out; // the separators (zeros) follow
}
