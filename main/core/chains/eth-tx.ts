/**
 * Ethereum EIP-1559 (type 2) transactions: checking what the owners agreed to send, describing it in
 * plain words before anyone signs, signing it with the restored key (secp256k1 ECDSA over the
 * Keccak-256 of its serialization, EIP-2718/EIP-1559), and verifying the result. Serialization and
 * parsing are viem's; the signature is noble's (RFC 6979 nonces, low-s).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  formatEther,
  formatGwei,
  getAddress,
  isAddress,
  keccak256,
  parseTransaction,
  serializeTransaction,
  type Hex,
  type TransactionSerializableEIP1559,
} from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { abytes, astring, bytesToHex, hexToBytesStrict, typeName } from '../bytes.js';
import { JointKeyError } from '../errors.js';

/** What the owners agreed to send. Amounts in wei, as bigints. */
export interface EthTransfer {
  chainId: number;
  nonce: number;
  to: string;
  valueWei: bigint;
  gas: bigint;
  maxFeePerGasWei: bigint;
  maxPriorityFeePerGasWei: bigint;
  /** Call data, hex with 0x; '0x' for a plain transfer. */
  data: string;
}

export interface SignedEthTransfer {
  /** The signed transaction, ready for eth_sendRawTransaction. */
  rawTx: Hex;
  /** Its hash (the transaction id). */
  hash: Hex;
  /** The sender: the wallet's address. */
  from: string;
}

const U256 = 1n << 256n;
const MAX_DATA_BYTES = 128 * 1024;

const KNOWN_CHAINS: Record<number, string> = {
  1: 'Ethereum mainnet',
  11155111: 'Sepolia testnet',
  17000: 'Holesky testnet',
  10: 'OP Mainnet',
  8453: 'Base',
  42161: 'Arbitrum One',
  137: 'Polygon',
  31337: 'a local development chain (Hardhat)',
  1337: 'a local development chain',
};

function big(value: unknown, title: string, max = U256): bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${title} must be a bigint, got ${typeName(value)}`);
  if (value < 0n || value >= max) throw new RangeError(`${title} is out of range`);
  return value;
}

/**
 * Checks a transfer's fields: types and ranges (TypeError/RangeError naming the field), a
 * checksummed-or-lowercase address (JointKeyError INVALID_ARGUMENT for a mistyped one), a fee cap at
 * least the priority fee. Returns it with the address in EIP-55 form.
 */
export function checkEthTransfer(tx: EthTransfer): EthTransfer {
  if (typeof tx !== 'object' || tx === null) throw new TypeError('transaction must be an object');
  for (const [k, max] of [
    ['chainId', 2 ** 48],
    ['nonce', 2 ** 48],
  ] as const) {
    const v = tx[k];
    if (typeof v !== 'number') throw new TypeError(`${k} must be a number, got ${typeName(v)}`);
    if (!Number.isSafeInteger(v) || v < (k === 'chainId' ? 1 : 0) || v >= max)
      throw new RangeError(`${k} is out of range`);
  }
  const to = astring(tx.to, 'to', 42);
  if (!isAddress(to, { strict: false }) || (to !== to.toLowerCase() && !isAddress(to, { strict: true })))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The recipient address "${to}" is not a valid Ethereum address (or its capital letters do not match its checksum). Copy it again from the recipient.`,
    );
  big(tx.valueWei, 'valueWei');
  big(tx.gas, 'gas', 1n << 64n);
  if (tx.gas < 21000n) throw new RangeError('gas must be at least 21000 (the cost of a plain transfer)');
  big(tx.maxFeePerGasWei, 'maxFeePerGasWei');
  big(tx.maxPriorityFeePerGasWei, 'maxPriorityFeePerGasWei');
  if (tx.maxPriorityFeePerGasWei > tx.maxFeePerGasWei)
    throw new RangeError('maxPriorityFeePerGasWei must not exceed maxFeePerGasWei');
  const data = astring(tx.data, 'data', 2 + 2 * MAX_DATA_BYTES);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data))
    throw new RangeError('data must be hex with 0x and an even number of digits');
  return { ...tx, to: getAddress(to), data: data.toLowerCase() };
}

function serializable(tx: EthTransfer): TransactionSerializableEIP1559 {
  return {
    type: 'eip1559',
    chainId: tx.chainId,
    nonce: tx.nonce,
    to: tx.to as Hex,
    value: tx.valueWei,
    gas: tx.gas,
    maxFeePerGas: tx.maxFeePerGasWei,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGasWei,
    data: tx.data as Hex,
  };
}

/** A chain in words: its name when known, and its id ("Sepolia testnet (chain id 11155111)"). */
export function describeChain(chainId: number | bigint): string {
  if (typeof chainId !== 'number' && typeof chainId !== 'bigint')
    throw new TypeError(`chainId must be a number or bigint, got ${typeName(chainId)}`);
  if (typeof chainId === 'number' && !Number.isSafeInteger(chainId)) throw new RangeError('chainId must be an integer');
  if (chainId < 0 || BigInt(chainId) >= U256) throw new RangeError('chainId is out of range');
  const name = KNOWN_CHAINS[Number(chainId)];
  return name ? `${name} (chain id ${chainId})` : `chain id ${chainId}`;
}

/**
 * The transfer in plain words, for everyone to read before signing: amount in ETH, recipient,
 * most it can cost in fees, chain, and whether it carries call data.
 */
export function describeEthTransfer(tx: EthTransfer): string[] {
  const t = checkEthTransfer(tx);
  const chain = describeChain(t.chainId);
  return [
    `Send ${formatEther(t.valueWei)} ETH`,
    `to ${t.to}`,
    `on ${chain}`,
    `paying at most ${formatEther(t.gas * t.maxFeePerGasWei)} ETH in fees (gas limit ${t.gas}, fee cap ${formatGwei(t.maxFeePerGasWei)} gwei, tip ${formatGwei(t.maxPriorityFeePerGasWei)} gwei)`,
    `as transaction number ${t.nonce} from this wallet`,
    t.data === '0x'
      ? 'with no contract call data'
      : `with ${(t.data.length - 2) / 2} bytes of contract call data: ${t.data.slice(0, 10)}…`,
  ];
}

/** The Ethereum address of a compressed secp256k1 public key (EIP-55). */
export function ethAddressOf(publicKey: Uint8Array): string {
  abytes(publicKey, 'publicKey', 33);
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false);
  return publicKeyToAddress(`0x${bytesToHex(uncompressed)}`);
}

/**
 * Signs an EIP-1559 transfer with a secp256k1 private key and verifies the result: the signature
 * against the public key, and the signed transaction parsed back to the same fields and sender.
 * Throws TypeError/RangeError for bad fields, JointKeyError INVALID_ARGUMENT for a bad address,
 * INVALID_KEY for a bad key; an Error if verification fails (it never should).
 */
export function signEthTransfer(privateKey: Uint8Array, tx: EthTransfer): SignedEthTransfer {
  abytes(privateKey, 'privateKey', 32);
  const t = checkEthTransfer(tx);
  const unsigned = serializeTransaction(serializable(t));
  const digest = hexToBytesStrict(keccak256(unsigned).slice(2), 'digest');
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: 'recovered' }),
    'recovered',
  );
  const publicKey = secp256k1.getPublicKey(privateKey, true);
  if (!secp256k1.verify(sig.toBytes('compact'), digest, publicKey, { prehash: false, lowS: true }))
    throw new Error('the transaction signature did not verify');
  if (bytesToHex(sig.recoverPublicKey(digest).toBytes(true)) !== bytesToHex(publicKey))
    throw new Error('the transaction signature does not recover to the wallet');
  const rawTx = serializeTransaction(serializable(t), {
    r: `0x${sig.r.toString(16).padStart(64, '0')}`,
    s: `0x${sig.s.toString(16).padStart(64, '0')}`,
    yParity: sig.recovery as 0 | 1,
  });
  const from = ethAddressOf(publicKey);
  const parsed = parseTransaction(rawTx);
  if (
    parsed.to?.toLowerCase() !== t.to.toLowerCase() ||
    // viem leaves out a zero value, nonce or empty data when it parses.
    (parsed.value ?? 0n) !== t.valueWei ||
    (parsed.nonce ?? 0) !== t.nonce ||
    (parsed.data ?? '0x').toLowerCase() !== t.data ||
    parsed.chainId !== t.chainId ||
    parsed.gas !== t.gas
  )
    throw new Error('the signed transaction does not parse back to what was signed');
  return { rawTx, hash: keccak256(rawTx), from };
}
