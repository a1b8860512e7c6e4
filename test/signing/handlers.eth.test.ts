/**
 * Ethereum in plain words in the app, over the real dispatcher and handlers: an ERC-20 transfer and
 * an unlimited approval composed by main, a contract call decoded by an ABI file or refused as blind
 * unless accepted, a personal message and EIP-712 typed data — each described before any child key,
 * signed with the holders' child-key files, and checked by viem (an independent implementation):
 * the transaction's call data decoded, the messages' signatures recovered to the wallet's address.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hex } from '@scure/base';
import {
  type Hex,
  decodeFunctionData,
  erc20Abi,
  maxUint256,
  parseTransaction,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Result } from '../../main/ipc/contract.js';
import { publicKeyToAddress } from 'viem/accounts';
import { APP_PAGE, type WalletFixture, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';

function expectOk<T>(r: Result<T> | unknown): T {
  const res = r as Result<T>;
  if (!res.ok) throw new Error(`expected ok, got ${res.code}: ${res.message}`);
  return res.value;
}

let dataDir: string;
let w: WalletFixture;
let address: string;
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TX = {
  chainId: 31337,
  nonce: 3,
  gas: '100000',
  maxFeePerGasWei: '2000000000',
  maxPriorityFeePerGasWei: '1000000000',
};

beforeAll(() => {
  dataDir = tempDir();
  w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'eth-words', 'Family savings');
  const point = secp256k1.Point.fromBytes(hex.decode(w.publicKeyHex)).toBytes(false);
  address = publicKeyToAddress(`0x${hex.encode(point)}`);
});

/** Opens a session, describes `request`, enters two child keys and signs: the lines and the result. */
async function signed(request: unknown) {
  const { dispatch } = makeDispatch(dataDir);
  const call = (channel: Channel, payload: unknown) => dispatch(channel, APP_PAGE, payload);
  const { sessionId } = expectOk<{ sessionId: string }>(await call('session/open', { walletId: w.walletId }));
  const d = await call('session/describe', { sessionId, request });
  if (!(d as Result<unknown>).ok) return { refused: d as { ok: false; code: string; message: string } };
  const { lines } = expectOk<{ lines: string[] }>(d);
  for (const i of [0, 2])
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[i] } }));
  const result = expectOk<Record<string, string>>(await call('session/sign', { sessionId }));
  return { lines, result };
}

describe('Ethereum in plain words in the app', () => {
  it('an ERC-20 transfer: “Send 250.5 TUSD to …”, signed; the call data viem decodes is that transfer', async () => {
    const r = await signed({
      kind: 'eth-erc20',
      tx: TX,
      token: TOKEN,
      action: 'transfer',
      to: BOB,
      amount: '250.5',
      decimals: 6,
      symbol: 'TUSD',
    });
    const text = r.lines!.join('\n');
    expect(text).toMatch(/250\.5 TUSD/);
    expect(text).toContain(BOB);
    expect(text).toMatch(/as entered/i);
    const tx = parseTransaction(r.result!['rawTx'] as Hex);
    expect(tx.to?.toLowerCase()).toBe(TOKEN.toLowerCase());
    const call = decodeFunctionData({ abi: erc20Abi, data: tx.data! });
    expect(call.functionName).toBe('transfer');
    expect(call.args).toEqual([BOB, 250_500_000n]);
    expect(
      (await recoverTransactionAddress({ serializedTransaction: r.result!['rawTx'] as `0x02${string}` })).toLowerCase(),
    ).toBe(address.toLowerCase());
  });

  it('an unlimited approval is named in red words; too many decimals and missing token facts are refused before any child key', async () => {
    const r = await signed({
      kind: 'eth-erc20',
      tx: TX,
      token: TOKEN,
      action: 'approve',
      to: BOB,
      amount: 'unlimited',
      decimals: 6,
      symbol: 'TUSD',
    });
    expect(r.lines!.join('\n')).toMatch(/UNLIMITED approval/);
    const call = decodeFunctionData({ abi: erc20Abi, data: parseTransaction(r.result!['rawTx'] as Hex).data! });
    expect(call.args).toEqual([BOB, maxUint256]);
    const tooFine = await signed({
      kind: 'eth-erc20',
      tx: TX,
      token: TOKEN,
      action: 'transfer',
      to: BOB,
      amount: '1.0000001',
      decimals: 6,
      symbol: 'TUSD',
    });
    expect(tooFine.refused?.code).toBe('INVALID_ARGUMENT');
    expect(tooFine.refused?.message).toMatch(/Round the amount to 6 decimals/);
    const noFacts = await signed({ kind: 'eth-erc20', tx: TX, token: TOKEN, action: 'transfer', to: BOB, amount: '1' });
    expect(noFacts.refused?.message).toMatch(/decimals and symbol/);
  });

  it('a contract call: decoded by the ABI file chosen; with none, refused as blind unless the holders accept it', async () => {
    const abi = [
      {
        type: 'function',
        name: 'deposit',
        stateMutability: 'payable',
        inputs: [{ name: 'note', type: 'string' }],
        outputs: [],
      },
    ];
    const abiPath = join(dataDir, 'vault.abi.json');
    writeFileSync(abiPath, JSON.stringify({ contractName: 'Vault', abi }));
    // deposit("roof") — as viem encodes it.
    const { encodeFunctionData } = await import('viem');
    const data = encodeFunctionData({ abi, functionName: 'deposit', args: ['roof'] });
    const tx = { ...TX, to: TOKEN, valueWei: '1000', data };
    const decoded = await signed({ kind: 'eth-call', tx, abiPath });
    expect(decoded.lines!.join('\n')).toMatch(/deposit/);
    expect(decoded.lines!.join('\n')).toMatch(/roof/);
    const blind = await signed({ kind: 'eth-call', tx });
    expect(blind.refused?.code).toBe('BLIND_SIGNING');
    const accepted = await signed({ kind: 'eth-call', tx, acceptBlind: true });
    expect(accepted.lines!.join('\n')).toMatch(/ACCEPTED SIGNING BLIND/);
    expect(parseTransaction(accepted.result!['rawTx'] as Hex).data).toBe(data);
  });

  it('a personal message and EIP-712 typed data: shown, signed, and viem recovers the wallet’s address from each', async () => {
    const p = await signed({ kind: 'eth-personal', encoding: 'utf8', message: 'Log in to Roof Fund\nNonce: 42' });
    expect(p.lines!.join('\n')).toMatch(/Log in to Roof Fund/);
    expect(p.result!['kind']).toBe('eth-message');
    expect(
      await verifyMessage({
        address: address as Hex,
        message: 'Log in to Roof Fund\nNonce: 42',
        signature: p.result!['signature'] as Hex,
      }),
    ).toBe(true);
    const typed = {
      domain: { name: 'Test USD', version: '1', chainId: 31337, verifyingContract: TOKEN },
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      message: { owner: address, spender: BOB, value: '1000000', nonce: '0', deadline: '1999999999' },
    };
    const t = await signed({ kind: 'eth-typed-data', json: JSON.stringify(typed) });
    expect(t.lines!.join('\n')).toMatch(/Permit/);
    expect(t.lines!.join('\n')).toContain(BOB);
    // viem derives EIP712Domain from the domain itself.
    const types = { Permit: typed.types.Permit };
    expect(
      await verifyTypedData({
        address: address as Hex,
        domain: { ...typed.domain, verifyingContract: TOKEN as Hex },
        types,
        primaryType: 'Permit',
        message: {
          owner: address as Hex,
          spender: BOB as Hex,
          value: 1000000n,
          nonce: 0n,
          deadline: 1999999999n,
        },
        signature: t.result!['signature'] as Hex,
      }),
    ).toBe(true);
    const off = await signed({ kind: 'eth-typed-data', json: JSON.stringify({ ...typed, primaryType: 'Nope' }) });
    expect(off.refused?.code).toBe('INVALID_TYPED_DATA');
    const notJson = await signed({ kind: 'eth-typed-data', json: '{domain' });
    expect(notJson.refused?.code).toBe('INVALID_TYPED_DATA');
  });
});
