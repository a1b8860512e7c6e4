/**
 * Contract calls in plain words: ERC-20 transfers and approvals in the token's units (an unlimited
 * approval flagged), other calls decoded by the ABI the owners give, and call data nothing decodes
 * refused unless accepted blind — then said so.
 */
import { encodeFunctionData, erc20Abi, maxUint256, parseTransaction } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  checkAbi,
  checkTokenInfo,
  describeEthCall,
  erc20CallData,
  parseTokenAmount,
} from '../../../main/core/chains/eth-calls.js';
import type { EthTransfer } from '../../../main/core/chains/eth-tx.js';
import { describeRequest, signWithKey } from '../../../main/core/wallet/session.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { refusal } from '../../support/refusal.js';

const TOKEN = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const SPENDER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const USDC = { decimals: 6, symbol: 'USDC', source: 'node' } as const;
const tx = (data: string, valueWei = 0n): EthTransfer => ({
  chainId: 1,
  nonce: 3,
  to: TOKEN,
  valueWei,
  gas: 60000n,
  maxFeePerGasWei: 30_000_000_000n,
  maxPriorityFeePerGasWei: 1_000_000_000n,
  data,
});
const TAIL = [
  'on Ethereum mainnet (chain id 1)',
  'paying at most 0.0018 ETH in fees (gas limit 60000, fee cap 30 gwei, tip 1 gwei)',
  'as transaction number 3 from this wallet',
];

describe('token amounts', () => {
  it('reads an amount in token units, exactly', () => {
    expect(parseTokenAmount('250', 6, 'USDC')).toBe(250_000_000n);
    expect(parseTokenAmount('0.000001', 6, 'USDC')).toBe(1n);
    expect(parseTokenAmount('1.50', 6, 'USDC')).toBe(1_500_000n);
    expect(parseTokenAmount('7', 0, 'NFTX')).toBe(7n);
    expect(parseTokenAmount('1.000000000000000001', 18, 'DAI')).toBe(10n ** 18n + 1n);
  });

  it('refuses more decimals than the token has, and what is not a plain number', () => {
    expect(refusal(() => parseTokenAmount('0.1234567', 6, 'USDC'))).toEqual({
      code: 'INVALID_ARGUMENT',
      message:
        '0.1234567 has 7 decimals, but USDC has 6: its smallest unit is 0.000001 USDC. Round the amount to 6 decimals.',
    });
    expect(refusal(() => parseTokenAmount('1.5', 0, 'NFTX')).message).toMatch(
      /NFTX has 0: its smallest unit is 1 NFTX/,
    );
    for (const bad of ['', '1,000', '-1', '1e6', ' 1', '.5', '0x10', '1.'])
      expect(refusal(() => parseTokenAmount(bad, 6, 'USDC')).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => parseTokenAmount('9'.repeat(80), 0, 'X')).message).toMatch(/more than any token can hold/);
  });

  it('refuses a symbol that could pass for other words', () => {
    expect(checkTokenInfo({ decimals: 6, symbol: 'USDC', source: 'entered' })).toEqual({
      decimals: 6,
      symbol: 'USDC',
      source: 'entered',
    });
    for (const symbol of ['', 'US DC', 'USDC\u202e', 'A\nB', 'x'.repeat(33)])
      expect(() => checkTokenInfo({ decimals: 6, symbol, source: 'node' })).toThrow();
    expect(() => checkTokenInfo({ decimals: 78, symbol: 'X', source: 'node' })).toThrow(RangeError);
  });
});

describe('ERC-20 calls in words', () => {
  it('composes and describes a transfer: amount in the token’s units, recipient, token, where its decimals came from', () => {
    const data = erc20CallData({ action: 'transfer', to: BOB, amount: 250_000_000n });
    expect(data).toBe(encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 250_000_000n] }));
    expect(describeEthCall(tx(data), { token: USDC })).toEqual([
      `Send 250 USDC to ${BOB}`,
      `token contract ${TOKEN} (USDC, 6 decimals, read from the node)`,
      ...TAIL,
    ]);
    expect(describeEthCall(tx(data), { token: { ...USDC, source: 'entered' } })[1]).toBe(
      `token contract ${TOKEN} (USDC, 6 decimals, as entered, not read from the token)`,
    );
  });

  it('describes approvals; an unlimited one is flagged in the words', () => {
    const approve = (amount: bigint) => tx(erc20CallData({ action: 'approve', to: SPENDER, amount }));
    expect(describeEthCall(approve(1_500_000n), { token: USDC })[0]).toBe(
      `Approve ${SPENDER} to spend up to 1.5 USDC of this wallet's`,
    );
    expect(describeEthCall(approve(maxUint256), { token: USDC })[0]).toBe(
      `UNLIMITED approval: ${SPENDER} can move all your USDC, now and whatever you receive later, until you revoke it`,
    );
    expect(describeEthCall(approve(0n), { token: USDC })[0]).toBe(
      `Revoke the approval of ${SPENDER} to spend your USDC (approve 0)`,
    );
    const from = encodeFunctionData({ abi: erc20Abi, functionName: 'transferFrom', args: [SPENDER, BOB, 5n] });
    expect(describeEthCall(tx(from), { token: USDC })[0]).toBe(
      `Move 0.000005 USDC from ${SPENDER} to ${BOB} (using an approval given to this wallet)`,
    );
  });

  it('says when ETH goes with the call', () => {
    const data = erc20CallData({ action: 'transfer', to: BOB, amount: 1n });
    expect(describeEthCall(tx(data, 10n ** 17n), { token: USDC })[2]).toBe('and send 0.1 ETH with the call');
  });

  it('refuses a bad recipient before anything is composed', () => {
    expect(refusal(() => erc20CallData({ action: 'transfer', to: BOB.replace('C8', 'c8'), amount: 1n })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(() => erc20CallData({ action: 'transfer', to: BOB, amount: maxUint256 + 1n })).toThrow(RangeError);
  });
});

const VAULT_ABI = [
  {
    type: 'function',
    name: 'deposit',
    stateMutability: 'payable',
    inputs: [
      { name: 'beneficiary', type: 'address' },
      { name: 'lockDays', type: 'uint32' },
      {
        name: 'terms',
        type: 'tuple',
        components: [
          { name: 'memo', type: 'string' },
          { name: 'ids', type: 'uint256[]' },
        ],
      },
    ],
    outputs: [],
  },
  { type: 'event', name: 'Deposited', inputs: [] },
] as const;

describe('other contracts’ calls', () => {
  const data = encodeFunctionData({
    abi: VAULT_ABI,
    functionName: 'deposit',
    args: [BOB, 30, { memo: 'rent', ids: [1n, 2n] }],
  });
  const hidden = encodeFunctionData({
    abi: VAULT_ABI,
    functionName: 'deposit',
    args: [BOB, 1, { memo: 'rent\u202e0001', ids: [] }],
  });

  it('decodes a call with the ABI given: the function and its named arguments, nested ones indented', () => {
    expect(describeEthCall(tx(data, 10n ** 18n), { abi: VAULT_ABI as unknown as unknown[] })).toEqual([
      `Call deposit on contract ${TOKEN} (the function and argument names are those of the ABI given)`,
      `  beneficiary (address): ${BOB}`,
      '  lockDays (uint32): 30',
      '  terms (tuple):',
      '    memo (string): "rent"',
      '    ids (uint256[]): 2 items',
      '      [0] (uint256): 1',
      '      [1] (uint256): 2',
      'and send 1 ETH with the call',
      ...TAIL,
    ]);
  });

  it('shows a text argument’s hidden characters as \\u{…}', () => {
    expect(describeEthCall(tx(hidden), { abi: VAULT_ABI as unknown as unknown[] })).toContain(
      '    memo (string): "rent\\u{202E}0001"',
    );
  });

  it('refuses what nothing decodes, unless accepted blind — and then says so', () => {
    const r = refusal(() => describeEthCall(tx(data), {}));
    expect(r.code).toBe('BLIND_SIGNING');
    expect(r.message).toMatch(/no ABI was given to decode it.*--abi FILE.*--accept-blind/);
    const wrongAbi = [{ type: 'function', name: 'other', inputs: [{ name: 'x', type: 'uint256' }] }];
    expect(refusal(() => describeEthCall(tx(data), { abi: wrongAbi })).message).toMatch(/does not decode with the ABI/);
    // A token's context does not describe another call: not an ERC-20 transfer.
    expect(refusal(() => describeEthCall(tx(data), { token: USDC })).message).toMatch(
      /not an ERC-20 transfer or approval of USDC/,
    );
    const blind = describeEthCall(tx(data), { acceptBlind: true });
    expect(blind[0]).toBe(
      `Undescribable contract call to ${TOKEN}: ${(data.length - 2) / 2} bytes of call data, function selector ${data.slice(0, 10)} (no ABI was given to decode it)`,
    );
    expect(blind[1]).toBe('THE HOLDERS ACCEPTED SIGNING BLIND: nothing here says what this call does');
    expect(blind.at(-1)).toBe(`call data: ${data}`);
  });

  it('refuses an ABI that is not one, naming the fault', () => {
    for (const [abi, why] of [
      [{}, /it is object, not an array/],
      [[1], /item 1 is not an object/],
      [[{ type: 'function', name: 'f' }], /function f has no inputs list/],
      [[{ type: 'function', name: 'a b', inputs: [] }], /function 1 has no valid name/],
      [[{ type: 'function', name: 'f', inputs: [{ name: 'x' }] }], /an input of f has no type/],
    ] as const)
      expect(refusal(() => checkAbi(abi)).message).toMatch(why);
  });

  it('the session refuses blind call data in a plain transfer, at description and at signing', () => {
    const key = secp256k1.utils.randomSecretKey();
    const pub = secp256k1.getPublicKey(key, true);
    const request = { kind: 'eth-transfer', tx: tx(data) } as const;
    expect(refusal(() => describeRequest(request, 'secp256k1', pub)).code).toBe('BLIND_SIGNING');
    expect(refusal(() => signWithKey('secp256k1', pub, key, request)).code).toBe('BLIND_SIGNING');
    expect(refusal(() => signWithKey('secp256k1', pub, key, { kind: 'eth-call', tx: tx(data), call: {} })).code).toBe(
      'BLIND_SIGNING',
    );
    const signed = signWithKey('secp256k1', pub, key, { kind: 'eth-call', tx: tx(data), call: { acceptBlind: true } });
    if (signed.kind !== 'eth-transfer') throw new Error('not a transaction');
    expect(parseTransaction(signed.rawTx as `0x${string}`).data).toBe(data);
    expect(
      refusal(() => describeRequest({ kind: 'eth-call', tx: tx(data), call: { acceptBlind: true } }, 'ed25519', pub))
        .message,
    ).toMatch(/an Ed25519 wallet cannot sign an Ethereum transaction/);
  });
});
