/**
 * Solana SOL transfers: amounts, addresses and blockhashes refused as a person mistypes them; the
 * description; the compiled message and wire transaction checked by a second library
 * (micro-sol-signer's decoder and verifier) and by OpenSSL's Ed25519.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';
import * as micro from 'micro-sol-signer';
import { describe, expect, it } from 'vitest';
import { JointKeyError } from '../../../main/core/errors.js';
import {
  checkSolTransfer,
  describeSolTransfer,
  formatSol,
  parseSolAmount,
  signSolTransfer,
  solSignedTransfer,
  solTransferMessage,
  type SolTransfer,
} from '../../../main/core/chains/solana.js';
import { checkRequest, describeRequest, signWithKey } from '../../../main/core/wallet/session.js';
import { checkSignedTransfer } from '../../support/solana.js';

const KEY = new Uint8Array(32).fill(1);
const PUB = ed25519.getPublicKey(KEY);
const FROM = 'AKnL4NNf3DGWZJS6cPknBuEGnVsV4A4m5tgebLHaRSZ9';
const TO = 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys';
const HASH = 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52';
const T: SolTransfer = { to: TO, lamports: 1_500_000_000n, recentBlockhash: HASH };

const refused = (f: () => unknown, words: RegExp) => {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(JointKeyError);
  expect((error as JointKeyError).code).toBe('INVALID_ARGUMENT');
  expect((error as Error).message).toMatch(words);
};

describe('Solana amounts', () => {
  it('reads SOL as lamports, to the 9th decimal', () => {
    expect(parseSolAmount('1.5')).toBe(1_500_000_000n);
    expect(parseSolAmount('0.000000001')).toBe(1n);
    expect(parseSolAmount('2')).toBe(2_000_000_000n);
    expect(parseSolAmount('0.1000000000')).toBe(100_000_000n); // trailing zeros are not decimals
    expect(parseSolAmount('18446744073.709551615')).toBe((1n << 64n) - 1n);
    expect(formatSol(1_500_000_000n)).toBe('1.5');
    expect(formatSol(1n)).toBe('0.000000001');
    expect(formatSol(7_000_000_000n)).toBe('7');
  });

  it('refuses more than 9 decimals, zero, negative, not a number, and more than 2^64 lamports', () => {
    refused(() => parseSolAmount('0.0000000001'), /10 decimals, but SOL has 9/);
    refused(() => parseSolAmount('0'), /0 SOL/);
    refused(() => parseSolAmount('0.000'), /0 SOL/);
    refused(() => parseSolAmount('-1'), /not an amount of SOL/);
    refused(() => parseSolAmount('1,5'), /not an amount of SOL/);
    refused(() => parseSolAmount('1e9'), /not an amount of SOL/);
    refused(() => parseSolAmount(' 1'), /not an amount of SOL/);
    refused(() => parseSolAmount('18446744073.709551616'), /more than a Solana account can hold/);
  });
});

describe('Solana transfers: checked and described', () => {
  it('describes the amount, recipient, sender, blockhash and fee', () => {
    expect(describeSolTransfer(T, PUB)).toEqual([
      `Send 1.5 SOL (1,500,000,000 lamports) to ${TO}`,
      `from ${FROM} (this wallet)`,
      `recent blockhash ${HASH}: it picks the network (mainnet-beta, devnet or testnet) the transfer is valid on, and only for about a minute (150 blocks) after that block — check it came from the network you mean`,
      'fee paid by this wallet: 5,000 lamports (0.000005 SOL) for its one signature, no priority fee',
    ]);
    expect(describeSolTransfer(T)[1]).toBe('from this wallet');
    expect(describeSolTransfer({ ...T, to: FROM }, PUB)[0]).toMatch(/— this wallet itself$/);
  });

  it('refuses a mistyped address or blockhash, a zero or negative amount, another fee payer', () => {
    refused(() => checkSolTransfer({ ...T, to: `${TO.slice(0, -1)}0` }), /recipient address .* is not base58/);
    refused(() => checkSolTransfer({ ...T, to: TO.slice(0, -2) }), /recipient address .* is 31 bytes, not 32/);
    // Solana addresses carry no checksum: one character dropped here still makes 32 bytes (the docs say to compare it whole).
    expect(checkSolTransfer({ ...T, to: TO.slice(0, -1) }).to).toBe(TO.slice(0, -1));
    refused(() => checkSolTransfer({ ...T, to: `${TO}2` }), /is 33 bytes, not 32/);
    refused(() => checkSolTransfer({ ...T, to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' }), /not base58/);
    refused(() => checkSolTransfer({ ...T, recentBlockhash: HASH.slice(0, 20) }), /recent blockhash .* not 32/);
    refused(() => checkSolTransfer({ ...T, recentBlockhash: `${HASH}l` }), /recent blockhash .* not base58/);
    // Found by the fuzzer: the program the transfer invokes cannot be written to.
    refused(() => checkSolTransfer({ ...T, to: '11111111111111111111111111111111' }), /System Program's address/);
    refused(() => checkSolTransfer({ ...T, lamports: 0n }), /more than 0 lamports/);
    refused(() => checkSolTransfer({ ...T, lamports: -5n }), /more than 0 lamports/);
    refused(() => checkSolTransfer({ ...T, lamports: 1n << 64n }), /more than a Solana account can hold/);
    refused(() => describeSolTransfer({ ...T, feePayer: TO }, PUB), /fee payer must be this wallet/);
    expect(describeSolTransfer({ ...T, feePayer: FROM }, PUB)).toEqual(describeSolTransfer(T, PUB));
    expect(() => checkSolTransfer({ ...T, lamports: 1 as unknown as bigint })).toThrow(TypeError);
  });
});

describe('Solana transfers: signed and serialized', () => {
  it('the wire transaction decodes (micro-sol-signer) to the transfer, and its signature verifies (micro-sol-signer, OpenSSL)', () => {
    const s = signSolTransfer(KEY, T, PUB);
    expect(s.from).toBe(FROM);
    expect(
      checkSignedTransfer(s.transactionBase64, { from: FROM, to: TO, lamports: T.lamports, blockhash: HASH }),
    ).toBe(s.signature);
    expect(base58.decode(s.transactionBase58)).toEqual(new Uint8Array(Buffer.from(s.transactionBase64, 'base64')));
  });

  it('is the transaction micro-sol-signer builds and signs itself, byte for byte (Ed25519 is deterministic)', () => {
    const s = signSolTransfer(KEY, { ...T, lamports: 10_100_000_000n });
    const [signature, tx] = micro.signTx(KEY, micro.createTx(FROM, TO, '10.1', 0n, HASH)) as unknown as [
      string,
      string,
    ];
    expect(s.signature).toBe(signature);
    expect(s.transactionBase64).toBe(tx);
  });

  it('refuses a key that is not the wallet’s, and a signature that does not verify', () => {
    expect(() => signSolTransfer(new Uint8Array(32).fill(2), T, PUB)).toThrow(/not the wallet’s/);
    const message = solTransferMessage(T, PUB);
    const bad = ed25519.sign(message, new Uint8Array(32).fill(2));
    expect(() => solSignedTransfer(message, PUB, bad)).toThrow(/did not verify/);
    expect(solSignedTransfer(message, PUB, ed25519.sign(message, KEY)).signature).toBe(
      signSolTransfer(KEY, T).signature,
    );
  });
});

describe('the sol-transfer sign request, through the one model', () => {
  const request = { kind: 'sol-transfer', transfer: T } as const;

  it('an Ed25519 key signs it; its description names the wallet', () => {
    expect(describeRequest(request, 'ed25519', PUB)[1]).toBe(`from ${FROM} (this wallet)`);
    const r = signWithKey('ed25519', PUB, KEY, request);
    if (r.kind !== 'sol-transfer') throw new Error(r.kind);
    checkSignedTransfer(r.transactionBase64, { from: FROM, to: TO, lamports: T.lamports, blockhash: HASH });
  });

  it('a secp256k1 wallet (JointKey, standard SLIP-39) and a secret refuse it, saying why', () => {
    refused(() => checkRequest('secp256k1', request), /Only an Ed25519 wallet has a Solana address/);
    refused(() => describeRequest(request, 'secp256k1', new Uint8Array(33)), /Only an Ed25519 wallet/);
    refused(() => describeRequest(request, null, new Uint8Array(32)), /holds a secret, not a key/);
    refused(() => signWithKey('secp256k1', new Uint8Array(33), KEY, request), /Only an Ed25519 wallet/);
    // A bad transfer is refused with no wallet at all: before any child key.
    refused(() => describeRequest({ kind: 'sol-transfer', transfer: { ...T, lamports: 0n } }), /more than 0/);
  });
});
