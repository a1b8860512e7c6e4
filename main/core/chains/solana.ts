/**
 * Solana SOL transfers from an Ed25519 wallet: checking what the owners agreed to send (recipient,
 * amount, recent blockhash), describing it in plain words before anyone enters a child key,
 * compiling it to a legacy transaction message — one System Program `Transfer` instruction
 * (instruction index 2, then the amount as a little-endian u64), the wallet as fee payer and only
 * signer — signing the message bytes with Ed25519 (RFC 8032; a JointKey wallet's restored key, or
 * a FROST wallet's shares together), and assembling the wire transaction.
 *
 * Message compiling and the wire format are Anza's (@solana/transaction-messages,
 * @solana/transactions, the libraries under @solana/kit); addresses are base58 of 32 bytes
 * (@scure/base). The fee payer's signature is the transaction's id. No I/O: broadcasting is left to
 * the `solana` CLI or an RPC node's sendTransaction.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58, base64 } from '@scure/base';
import { address } from '@solana/addresses';
import { AccountRole } from '@solana/instructions';
import {
  appendTransactionMessageInstruction,
  createTransactionMessage,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/transaction-messages';
import { type Transaction, compileTransaction, getTransactionEncoder } from '@solana/transactions';
import { abytes, aobject, astring, typeName } from '../bytes.js';
import { JointKeyError } from '../errors.js';
import { ed25519PublicKeyBase58 } from './addresses.js';

/** What the owners agreed to send, from their wallet. */
export interface SolTransfer {
  /** The recipient's address: base58 of 32 bytes. */
  to: string;
  /** The amount in lamports (1 SOL = 1,000,000,000 lamports): more than 0, less than 2^64. */
  lamports: bigint;
  /** A recent blockhash of the network to send on (base58 of 32 bytes), as the RPC method getLatestBlockhash gives it. */
  recentBlockhash: string;
  /** Who pays the fee: only this wallet's own address is accepted (the default). */
  feePayer?: string;
}

/** A signed transfer, ready for sendTransaction. */
export interface SignedSolTransfer {
  /** The wire transaction (signatures, then the message), base64: sendTransaction's `encoding: "base64"`. */
  transactionBase64: string;
  /** The same bytes in base58 (sendTransaction's default encoding, and `solana` tools'). */
  transactionBase58: string;
  /** The wallet's signature, base58: the transaction's id. */
  signature: string;
  /** The sender and fee payer: the wallet's address. */
  from: string;
}

export const LAMPORTS_PER_SOL = 1_000_000_000n;
const SOL_DECIMALS = 9;
const U64 = 1n << 64n;
/** The System Program's address, and its `Transfer` instruction's index (solana-program's SystemInstruction). */
const SYSTEM_PROGRAM = '11111111111111111111111111111111';
const TRANSFER_INDEX = 2;
/** The base fee per signature (lamports), for the description: a transfer has one signature and no priority fee. */
const FEE_PER_SIGNATURE = 5000n;

/** The blockhash lifetime a message takes (its blockhash is checked as base58 of 32 bytes first). */
type Lifetime = Parameters<typeof setTransactionMessageLifetimeUsingBlockhash>[0];

const bad = (message: string) => new JointKeyError('INVALID_ARGUMENT', message);

/** `1500000000` → `1,500,000,000`. */
const grouped = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Lamports as SOL, with no trailing zeros: 1500000000n → "1.5". */
export function formatSol(lamports: bigint): string {
  if (typeof lamports !== 'bigint') throw new TypeError(`lamports must be a bigint, got ${typeName(lamports)}`);
  if (lamports < 0n || lamports >= U64) throw new RangeError('lamports is out of range');
  const whole = lamports / LAMPORTS_PER_SOL;
  const fraction = (lamports % LAMPORTS_PER_SOL).toString().padStart(SOL_DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * An amount typed in SOL ("1.5", "0.000000001") as lamports. Refuses (JointKeyError
 * INVALID_ARGUMENT) what is not a plain decimal number (a sign, commas, an exponent), more than 9
 * decimals (a lamport is the smallest unit: the amount would otherwise be cut), zero, and 2^64
 * lamports or more.
 */
export function parseSolAmount(text: string): bigint {
  astring(text, 'amount', 100);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m)
    throw bad(
      `"${text.slice(0, 40)}" is not an amount of SOL: give a number more than 0 like 1.5 or 0.01 (a point for decimals, no sign, commas or spaces).`,
    );
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > SOL_DECIMALS)
    throw bad(
      `${text} SOL has ${fraction.length} decimals, but SOL has 9: its smallest unit is 0.000000001 SOL (1 lamport). Round the amount to 9 decimals.`,
    );
  const lamports = BigInt((m[1] as string) + fraction.padEnd(SOL_DECIMALS, '0'));
  if (lamports === 0n) throw bad('The amount is 0 SOL: give the amount to send, more than 0.');
  if (lamports >= U64) throw bad(`${text} SOL is more than a Solana account can hold.`);
  return lamports;
}

/** A base58 address or blockhash of exactly 32 bytes, or a JointKeyError saying which field and what is wrong. */
function base58Of32(value: unknown, title: string, help: string): string {
  astring(value, title, 100);
  const text = value as string;
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(text);
  } catch {
    throw bad(`The ${title} "${text.slice(0, 60)}" is not base58 (letters and digits, without 0, O, I and l). ${help}`);
  }
  if (bytes.length !== 32)
    throw bad(
      `The ${title} "${text.slice(0, 60)}" is ${bytes.length} bytes, not 32: a character is missing or extra. ${help}`,
    );
  // One spelling per value: leading '1's stand for zero bytes, so the round trip catches none dropped.
  if (base58.encode(bytes) !== text)
    throw bad(`The ${title} "${text.slice(0, 60)}" is not in canonical base58. ${help}`);
  return text;
}

const TO_HELP = 'Copy the recipient’s Solana address again, whole.';
const BLOCKHASH_HELP =
  'Take a recent blockhash from the network to send on (the RPC method getLatestBlockhash) and copy it whole.';

/**
 * Checks a transfer's fields: a base58 recipient and blockhash of 32 bytes each, lamports more than
 * 0 and less than 2^64, and a fee payer — when given — that is the wallet itself (`from`, when
 * known). JointKeyError INVALID_ARGUMENT for a person's mistake, TypeError for a wrong type.
 * Returns the transfer with only its known fields.
 */
export function checkSolTransfer(transfer: SolTransfer, from?: string): SolTransfer {
  aobject(transfer, 'transfer');
  if (from !== undefined) base58Of32(from, 'wallet address', 'Give the wallet’s own Solana address.');
  const to = base58Of32(transfer.to, 'recipient address', TO_HELP);
  // The transfer invokes the System Program: it cannot also be an account written to (sender or recipient).
  if (to === SYSTEM_PROGRAM || from === SYSTEM_PROGRAM)
    throw bad(
      `${SYSTEM_PROGRAM} is the System Program's address, not an account: SOL cannot be sent to it. ${TO_HELP}`,
    );
  const recentBlockhash = base58Of32(transfer.recentBlockhash, 'recent blockhash', BLOCKHASH_HELP);
  const lamports = transfer.lamports;
  if (typeof lamports !== 'bigint')
    throw new TypeError(`transfer.lamports must be a bigint, got ${typeName(lamports)}`);
  if (lamports <= 0n) throw bad('The amount must be more than 0 lamports: give the amount to send.');
  if (lamports >= U64) throw bad('The amount is more than a Solana account can hold (2^64 lamports).');
  const feePayer = transfer.feePayer;
  if (feePayer !== undefined) {
    base58Of32(feePayer, 'fee payer address', 'Leave the fee payer out: this wallet pays.');
    if (from !== undefined && feePayer !== from)
      throw bad(
        `The fee payer must be this wallet (${from}): another fee payer would have to sign the transaction too, and JointKey signs only for this wallet. Leave the fee payer out.`,
      );
  }
  return { to, lamports, recentBlockhash, ...(feePayer !== undefined ? { feePayer } : {}) };
}

/**
 * The transfer in plain words, for every holder to read before entering a child key: amount in SOL
 * and lamports, recipient, sender (the wallet of `publicKey`, when given), the blockhash and what it
 * means, who pays the fee. Throws as {@link checkSolTransfer}, and JointKeyError INVALID_KEY for a
 * public key that is not an Ed25519 point.
 */
export function describeSolTransfer(transfer: SolTransfer, publicKey?: Uint8Array): string[] {
  const from = publicKey === undefined ? undefined : ed25519PublicKeyBase58(publicKey);
  const t = checkSolTransfer(transfer, from);
  const self = from !== undefined && t.to === from;
  return [
    `Send ${formatSol(t.lamports)} SOL (${grouped(t.lamports)} lamports) to ${t.to}${self ? ' — this wallet itself' : ''}`,
    from === undefined ? 'from this wallet' : `from ${from} (this wallet)`,
    `recent blockhash ${t.recentBlockhash}: it picks the network (mainnet-beta, devnet or testnet) the transfer is valid on, and only for about a minute (150 blocks) after that block — check it came from the network you mean`,
    `fee paid by this wallet: ${grouped(FEE_PER_SIGNATURE)} lamports (${formatSol(FEE_PER_SIGNATURE)} SOL) for its one signature, no priority fee`,
  ];
}

/**
 * The transfer's legacy transaction message, the bytes the wallet signs: header, accounts (the
 * wallet, writable signer and fee payer; the recipient, writable; the System Program), the
 * blockhash, and one System Program Transfer instruction. Throws as {@link describeSolTransfer}.
 */
export function solTransferMessage(transfer: SolTransfer, publicKey: Uint8Array): Uint8Array {
  const from = ed25519PublicKeyBase58(publicKey);
  const t = checkSolTransfer(transfer, from);
  const data = new Uint8Array(12);
  const view = new DataView(data.buffer);
  view.setUint32(0, TRANSFER_INDEX, true);
  view.setBigUint64(4, t.lamports, true);
  const wallet = address(from);
  const m0 = createTransactionMessage({ version: 'legacy' });
  const m1 = setTransactionMessageFeePayer(wallet, m0);
  // The last valid block height is not part of the message: only a sender that waits uses it.
  const m2 = setTransactionMessageLifetimeUsingBlockhash(
    { blockhash: t.recentBlockhash as Lifetime['blockhash'], lastValidBlockHeight: 0n },
    m1,
  );
  const m3 = appendTransactionMessageInstruction(
    {
      programAddress: address(SYSTEM_PROGRAM),
      accounts: [
        { address: wallet, role: AccountRole.WRITABLE_SIGNER },
        { address: address(t.to), role: AccountRole.WRITABLE },
      ],
      data,
    },
    m2,
  );
  return new Uint8Array(compileTransaction(m3).messageBytes);
}

/**
 * The wire transaction of a message the wallet of `publicKey` signed (its only signer): checks the
 * 64-byte `signature` verifies over `message` (RFC 8032, strict), then encodes one signature and
 * the message. Throws Error when the signature does not verify, TypeError/RangeError for bad
 * arguments.
 */
export function solSignedTransfer(
  message: Uint8Array,
  publicKey: Uint8Array,
  signature: Uint8Array,
): SignedSolTransfer {
  abytes(message, 'message');
  if (message.length < 3 || message.length > 1232) throw new RangeError('message must be 3 to 1232 bytes');
  abytes(signature, 'signature', 64);
  const from = ed25519PublicKeyBase58(publicKey);
  if (!ed25519.verify(signature, message, publicKey, { zip215: false }))
    throw new Error('the signature did not verify against the wallet’s public key');
  const tx = getTransactionEncoder().encode({
    messageBytes: message as unknown as Transaction['messageBytes'],
    signatures: { [address(from)]: signature } as Transaction['signatures'],
  });
  const bytes = new Uint8Array(tx);
  return {
    transactionBase64: base64.encode(bytes),
    transactionBase58: base58.encode(bytes),
    signature: base58.encode(signature),
    from,
  };
}

/**
 * Signs a transfer with the wallet's Ed25519 key (the 32-byte RFC 8032 seed) and returns the wire
 * transaction, after checking the key's public key is `publicKey` (when given) and the signature
 * verifies. JointKeyError INVALID_ARGUMENT for a transfer refused, WRONG_RESULT for a key that is
 * not the wallet's.
 */
export function signSolTransfer(key: Uint8Array, transfer: SolTransfer, publicKey?: Uint8Array): SignedSolTransfer {
  abytes(key, 'key', 32);
  const own = ed25519.getPublicKey(key);
  if (publicKey !== undefined) {
    abytes(publicKey, 'publicKey', 32);
    if (base58.encode(own) !== base58.encode(publicKey))
      throw new JointKeyError('WRONG_RESULT', 'This key is not the wallet’s: it gives another public key.');
  }
  const message = solTransferMessage(transfer, own);
  return solSignedTransfer(message, own, ed25519.sign(message, key));
}
