import { parseTransaction, recoverTransactionAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { JointKeyError } from '../../../main/core/errors.js';
import {
  checkEthTransfer,
  describeEthTransfer,
  ethAddressOf,
  signEthTransfer,
  type EthTransfer,
} from '../../../main/core/chains/eth-tx.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

// Hardhat's first development key: public test data.
const KEY = Buffer.from('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', 'hex');
const tx: EthTransfer = {
  chainId: 1,
  nonce: 7,
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  valueWei: 1_500_000_000_000_000_000n,
  gas: 21000n,
  maxFeePerGasWei: 30_000_000_000n,
  maxPriorityFeePerGasWei: 2_000_000_000n,
  data: '0x',
};

describe('Ethereum EIP-1559 transfers', () => {
  it('derives the address of a public key', () => {
    expect(ethAddressOf(secp256k1.getPublicKey(KEY, true))).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });

  it('describes a transfer in plain words', () => {
    expect(describeEthTransfer(tx)).toEqual([
      'Send 1.5 ETH',
      'to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      'on Ethereum mainnet (chain id 1)',
      'paying at most 0.00063 ETH in fees (gas limit 21000, fee cap 30 gwei, tip 2 gwei)',
      'as transaction number 7 from this wallet',
      'with no contract call data',
    ]);
  });

  it('signs, and the signed transaction parses and recovers to the wallet (viem, independently)', async () => {
    const s = signEthTransfer(KEY, tx);
    expect(s.from).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    const parsed = parseTransaction(s.rawTx);
    expect(parsed).toMatchObject({
      type: 'eip1559',
      chainId: 1,
      nonce: 7,
      value: tx.valueWei,
      gas: 21000n,
      to: tx.to.toLowerCase(),
    });
    expect(await recoverTransactionAddress({ serializedTransaction: s.rawTx as `0x02${string}` })).toBe(s.from);
    // Deterministic (RFC 6979): the same transfer gives the same bytes.
    expect(signEthTransfer(KEY, tx).rawTx).toBe(s.rawTx);
  });

  it('refuses a mistyped address, and bad fields by name', () => {
    const bad = { ...tx, to: '0x70997970C51812dc3A010C7d01b50e0d17dc79c8' }; // one letter's case changed
    expect(() => checkEthTransfer(bad)).toThrow(JointKeyError);
    expect(() => checkEthTransfer({ ...tx, to: '0x1234' })).toThrow(/not a valid Ethereum address/);
    expect(checkEthTransfer({ ...tx, to: tx.to.toLowerCase() }).to).toBe(tx.to);
    expect(() => checkEthTransfer({ ...tx, gas: 20999n })).toThrow(RangeError);
    expect(() => checkEthTransfer({ ...tx, valueWei: -1n })).toThrow(/valueWei/);
    expect(() => checkEthTransfer({ ...tx, maxPriorityFeePerGasWei: 31_000_000_000n })).toThrow(
      /maxPriorityFeePerGasWei/,
    );
    expect(() => checkEthTransfer({ ...tx, data: '0xabc' })).toThrow(RangeError);
    expect(() => checkEthTransfer({ ...tx, chainId: 0 })).toThrow(RangeError);
    expect(() => checkEthTransfer({ ...tx, nonce: 1.5 })).toThrow(RangeError);
    expect(() => signEthTransfer(new Uint8Array(31), tx)).toThrow(RangeError);
  });
});
