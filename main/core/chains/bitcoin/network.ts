/**
 * Bitcoin's networks as JointKey names them, and how an output script is written as an address on
 * each: bech32 (BIP-173) for SegWit v0, bech32m (BIP-350) for v1+, base58check for the old forms,
 * by @scure/btc-signer. Mainnet `bc1…`; testnet and signet `tb1…` (one address form for both);
 * regtest `bcrt1…`. The scripts themselves are the same on every network.
 */
import { Address, NETWORK, OutScript, p2tr, p2wpkh, TEST_NETWORK } from '@scure/btc-signer';
import { abytes, typeName } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';

export type BitcoinNetworkName = 'mainnet' | 'testnet' | 'signet' | 'regtest';

/** The networks, in a stable order. */
export const BITCOIN_NETWORKS: readonly BitcoinNetworkName[] = Object.freeze([
  'mainnet',
  'testnet',
  'signet',
  'regtest',
] as const);

type ScureNetwork = typeof NETWORK;
const REGTEST: ScureNetwork = { ...TEST_NETWORK, bech32: 'bcrt' };

/** @scure/btc-signer's parameters of `network`. Throws TypeError for a non-string, RangeError for an unknown name. */
export function scureNetwork(network: BitcoinNetworkName): ScureNetwork {
  if (typeof network !== 'string') throw new TypeError(`network must be a string, got ${typeName(network)}`);
  if (network === 'mainnet') return NETWORK;
  if (network === 'testnet' || network === 'signet') return TEST_NETWORK;
  if (network === 'regtest') return REGTEST;
  throw new RangeError('network must be mainnet, testnet, signet or regtest');
}

/** The P2WPKH output script (`0 <HASH160(key)>`) of a 33-byte compressed key. TypeError/RangeError for a non-Uint8Array or wrong length. */
export function p2wpkhScript(publicKey33: Uint8Array): Uint8Array {
  abytes(publicKey33, 'publicKey', 33);
  return p2wpkh(publicKey33).script;
}

/** The key-path-only P2TR output script (`1 <Q>`, Q tweaked per BIP-341 with no script tree) of a 33-byte compressed key. TypeError/RangeError as {@link p2wpkhScript}; JointKeyError('INVALID_KEY') for an x not on the curve. */
export function p2trScript(publicKey33: Uint8Array): Uint8Array {
  abytes(publicKey33, 'publicKey', 33);
  try {
    return p2tr(publicKey33.subarray(1)).script;
  } catch {
    throw new JointKeyError('INVALID_KEY', 'This is not a valid secp256k1 public key: its x is not on the curve.');
  }
}

/**
 * The address of an output script on `network`, or undefined for a script no address writes
 * (OP_RETURN data, bare multisig, nonstandard). Throws TypeError/RangeError for a bad network.
 */
export function addressOfScript(script: Uint8Array, network: BitcoinNetworkName): string | undefined {
  abytes(script, 'script');
  const net = scureNetwork(network);
  if (script.length > 10_000) return undefined; // longer than any script can be (consensus MAX_SCRIPT_SIZE)
  try {
    const decoded = OutScript.decode(script);
    if (decoded.type === 'unknown' || decoded.type === 'ms' || decoded.type === 'pk' || decoded.type === 'tr_ms')
      return undefined;
    return Address(net).encode(decoded);
  } catch {
    return undefined;
  }
}
