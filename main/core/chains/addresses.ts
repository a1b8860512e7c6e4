/**
 * What a person sees for a wallet: the addresses of its public key, so the owners can check that
 * the key they split (and later restore) is the wallet they meant.
 * - Ethereum: the last 20 bytes of Keccak-256 of the uncompressed point (Ethereum Yellow Paper
 *   §7 / appendix F), EIP-55 mixed-case checksum (viem's `publicKeyToAddress`);
 * - Bitcoin native segwit v0, P2WPKH (BIP-141/BIP-173, as derived under BIP-84), and key-path-only
 *   taproot, P2TR (BIP-341 output key Q = P + int(hash_TapTweak(P))·G with no script tree, as
 *   BIP-86 specifies; BIP-350 bech32m), both from @scure/btc-signer;
 * - Ed25519: the 32-byte public key in base58 (Bitcoin alphabet), which is a Solana address
 *   (@scure/base).
 *
 * Public keys only; nothing here is secret. A public key that is not a point of its curve is a
 * JointKeyError('INVALID_KEY'), so no address is ever shown for garbage.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base58 } from '@scure/base';
import { NETWORK, p2tr, p2wpkh, TEST_NETWORK } from '@scure/btc-signer';
import { publicKeyToAddress } from 'viem/accounts';
import { abytes, bytesToHex, typeName } from '../bytes.js';
import { curveById, type CurveId } from '../math/curves.js';
import { JointKeyError } from '../errors.js';

/** Bitcoin mainnet (bc1…) or testnet/signet (tb1…). */
export type BitcoinNetwork = 'mainnet' | 'testnet';

/** The addresses of one wallet public key; which ones are present depends on the curve. */
export interface WalletAddresses {
  /** secp256k1: EIP-55 checksummed, 0x… */
  ethereum?: string;
  /** secp256k1: native segwit v0 (bc1q… / tb1q…). */
  bitcoinP2wpkh?: string;
  /** secp256k1: key-path taproot per BIP-86 (bc1p… / tb1p…). */
  bitcoinP2tr?: string;
  /** ed25519: the public key in base58 (a Solana address). */
  base58?: string;
}

function btcNetwork(network: unknown): typeof NETWORK {
  if (typeof network !== 'string') throw new TypeError(`network must be a string, got ${typeName(network)}`);
  if (network === 'mainnet') return NETWORK;
  if (network === 'testnet') return TEST_NETWORK;
  throw new RangeError("network must be 'mainnet' or 'testnet'");
}

/** Checks a 33-byte compressed secp256k1 public key; returns the decoded point. */
function secp256k1Point(publicKey: unknown): ReturnType<typeof secp256k1.Point.fromBytes> {
  abytes(publicKey, 'publicKey', 33);
  try {
    return secp256k1.Point.fromBytes(publicKey as Uint8Array);
  } catch {
    throw new JointKeyError(
      'INVALID_KEY',
      'This is not a valid secp256k1 public key (a compressed point: 02 or 03, then the x coordinate of a point on the curve). Check that it was copied whole.',
    );
  }
}

/**
 * The Ethereum address of a 33-byte compressed secp256k1 public key: EIP-55 checksummed `0x…`.
 * Throws TypeError/RangeError for a non-Uint8Array or wrong length, JointKeyError('INVALID_KEY')
 * when the bytes are not a point of the curve.
 */
export function ethereumAddress(publicKey33: Uint8Array): string {
  const point = secp256k1Point(publicKey33);
  return publicKeyToAddress(`0x${bytesToHex(point.toBytes(false))}`);
}

/**
 * The native segwit v0 (P2WPKH) address of a 33-byte compressed secp256k1 public key: bech32 of
 * HASH160(publicKey), `bc1q…` on mainnet, `tb1q…` on testnet (BIP-84's receive addresses).
 * Throws as {@link ethereumAddress}, and TypeError/RangeError for a network other than 'mainnet' or
 * 'testnet'.
 */
export function bitcoinP2wpkhAddress(publicKey33: Uint8Array, network: BitcoinNetwork = 'mainnet'): string {
  secp256k1Point(publicKey33);
  const address = p2wpkh(publicKey33, btcNetwork(network)).address;
  if (address === undefined) throw new Error('p2wpkh gave no address');
  return address;
}

/**
 * The key-path-only taproot (P2TR) address of a 33-byte compressed secp256k1 public key, as BIP-86
 * derives it: the x-only internal key P, tweaked with hash_TapTweak(P) and no script tree
 * (BIP-341), bech32m `bc1p…` / `tb1p…`. The key's y parity does not matter (BIP-340 x-only keys).
 * Throws as {@link bitcoinP2wpkhAddress}.
 */
export function bitcoinP2trAddress(publicKey33: Uint8Array, network: BitcoinNetwork = 'mainnet'): string {
  secp256k1Point(publicKey33);
  const address = p2tr(publicKey33.subarray(1), undefined, btcNetwork(network)).address;
  if (address === undefined) throw new Error('p2tr gave no address');
  return address;
}

/**
 * A 32-byte Ed25519 public key (RFC 8032 §5.1.2 encoding) in base58 with Bitcoin's alphabet, the
 * form Solana shows as an address. Throws TypeError/RangeError for a non-Uint8Array or wrong length,
 * JointKeyError('INVALID_KEY') when the bytes are not a point of the curve (RFC 8032 strict
 * decoding: y < p).
 */
export function ed25519PublicKeyBase58(publicKey32: Uint8Array): string {
  abytes(publicKey32, 'publicKey', 32);
  try {
    ed25519.Point.fromBytes(publicKey32, false);
  } catch {
    throw new JointKeyError(
      'INVALID_KEY',
      'This is not a valid Ed25519 public key (not a point of the curve). Check that it was copied whole.',
    );
  }
  return base58.encode(publicKey32);
}

/**
 * Every address JointKey shows for a wallet public key: secp256k1 (33 bytes compressed) gives
 * `ethereum`, `bitcoinP2wpkh` and `bitcoinP2tr` (on `network`); ed25519 (32 bytes) gives `base58`.
 * Throws TypeError/RangeError for an unknown curve or network, or a key of the wrong type or length;
 * JointKeyError('INVALID_KEY') for bytes that are not a point.
 */
export function addressesOf(
  curve: CurveId,
  publicKey: Uint8Array,
  network: BitcoinNetwork = 'mainnet',
): WalletAddresses {
  const info = curveById(curve);
  btcNetwork(network);
  if (info.id === 'ed25519') return { base58: ed25519PublicKeyBase58(publicKey) };
  return {
    ethereum: ethereumAddress(publicKey),
    bitcoinP2wpkh: bitcoinP2wpkhAddress(publicKey, network),
    bitcoinP2tr: bitcoinP2trAddress(publicKey, network),
  };
}
