/**
 * An independent check of a signed Solana transfer: decoded by micro-sol-signer (paulmillr's own
 * codec, on its own @noble/curves 1.x — nothing shared with @solana/transactions, which builds it),
 * its signatures verified by micro-sol-signer's verifyTx, and the fee payer's signature verified
 * again by node:crypto (OpenSSL's Ed25519) over the message bytes.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { base58, base64 } from '@scure/base';
import * as micro from 'micro-sol-signer';
import { expect } from 'vitest';

export interface Expected {
  from: string;
  to: string;
  lamports: bigint;
  blockhash: string;
}

/** OpenSSL's Ed25519 verification of `signature` over `message` by the 32-byte `publicKey`. */
export function opensslEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return nodeVerify(null, message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

/** Decodes the base64 wire transaction, checks it is `expected`'s transfer signed by `from`; returns the signature (base58). */
export function checkSignedTransfer(transactionBase64: string, expected: Expected): string {
  const bytes = base64.decode(transactionBase64);
  const tx = micro.Transaction.decode(bytes);
  expect(tx.msg.feePayer).toBe(expected.from);
  expect(tx.msg.blockhash).toBe(expected.blockhash);
  expect(tx.msg.instructions).toHaveLength(1);
  const parsed = micro.parseInstruction(tx.msg.instructions[0]!, {});
  expect(parsed.type).toBe('transfer');
  expect(parsed.info).toEqual({ source: expected.from, destination: expected.to, lamports: expected.lamports });
  expect(Object.keys(tx.signatures)).toEqual([expected.from]);
  expect(() => micro.verifyTx(transactionBase64)).not.toThrow();
  // Wire: compact-u16 count (1), one 64-byte signature, then the message.
  expect(bytes[0]).toBe(1);
  const signature = bytes.subarray(1, 65);
  expect(opensslEd25519(base58.decode(expected.from), bytes.subarray(65), signature)).toBe(true);
  expect(Buffer.from(tx.signatures[expected.from]!).equals(Buffer.from(signature))).toBe(true);
  return base58.encode(signature);
}
