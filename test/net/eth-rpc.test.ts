/**
 * The method's last steps against a real node: a jointly owned address is funded, the holders sign a
 * transfer from it with their child keys, it is broadcast, and the node shows the result. A transfer
 * with a wrong child key set never reaches the node.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey, jointkeyAsync } from '../support/cli.js';
import { FUNDER, rpc, startEthNode, type EthNode } from '../support/eth-node.js';

let node: EthNode;
let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-eth-'));
  node = await startEthNode();
}, 120_000);
afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const ONE_ETH = 10n ** 18n;

async function balance(address: string): Promise<bigint> {
  return BigInt(await rpc<string>(node.url, 'eth_getBalance', [address, 'latest']));
}
async function nonce(address: string): Promise<number> {
  return Number(await rpc<string>(node.url, 'eth_getTransactionCount', [address, 'latest']));
}

function txArgs(n: number, value: bigint): string[] {
  return [
    '--to',
    RECIPIENT,
    '--value-wei',
    String(value),
    '--nonce',
    String(n),
    '--chain-id',
    '31337',
    '--max-fee-wei',
    '100000000000',
    '--max-priority-fee-wei',
    '1000000000',
    '--gas',
    '21000',
  ];
}

describe('a jointly signed Ethereum transfer on a real node (Hardhat)', () => {
  it('funds the shared address, signs with 2 of 3 child keys, broadcasts, and the node shows it', async () => {
    const split = jointkey([
      'split',
      '--scheme',
      'shamir',
      '--parties',
      '3',
      '--threshold',
      '2',
      '--generate',
      'secp256k1',
      '--labels',
      'Alice,Bob,Carol',
      '--wallet-label',
      'Family',
      '--out',
      join(dir, 'family'),
      '--data-dir',
      join(dir, 'data'),
      '--plaintext',
    ]);
    expect(split.error).toBeUndefined();
    const address: string = split.json.addresses.ethereum;
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const listed = jointkey(['wallet', 'list', '--data-dir', join(dir, 'data')]).json;
    expect(listed.wallets[0]).toMatchObject({
      label: 'Family',
      threshold: 2,
      parties: 3,
      holders: ['Alice', 'Bob', 'Carol'],
    });
    expect(JSON.stringify(listed)).not.toMatch(/childKey|jk1-/);

    await rpc(node.url, 'eth_sendTransaction', [{ from: FUNDER, to: address, value: `0x${ONE_ETH.toString(16)}` }]);
    expect(await balance(address)).toBe(ONE_ETH);
    const before = await balance(RECIPIENT);

    const [alice, , carol] = split.json.files as string[];
    const value = ONE_ETH / 4n;
    const signed = await jointkeyAsync(['sign-eth-tx', ...txArgs(0, value), '--rpc', node.url, alice!, carol!]);
    expect(signed.error).toBeUndefined();
    expect(signed.json).toMatchObject({
      from: address,
      broadcast: true,
      receipt: { status: 'success', from: address.toLowerCase() },
    });
    expect(signed.json.description[0]).toBe('Send 0.25 ETH');
    expect(signed.json.description[1]).toBe(`to ${RECIPIENT}`);
    expect(signed.json.description[2]).toBe('on a local development chain (Hardhat) (chain id 31337)');
    expect(await balance(RECIPIENT)).toBe(before + value);
    expect(await nonce(address)).toBe(1);
    expect(await rpc(node.url, 'eth_getTransactionByHash', [signed.json.hash])).toMatchObject({
      from: address.toLowerCase(),
    });
  });

  it('a wrong child key set never reaches the node', async () => {
    const a = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--generate',
      'secp256k1',
      '--labels',
      'Ann,Ben',
      '--out',
      join(dir, 'a'),
      '--data-dir',
      join(dir, 'data'),
      '--plaintext',
    ]);
    const b = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--generate',
      'secp256k1',
      '--labels',
      'Ann,Ben',
      '--out',
      join(dir, 'b'),
      '--plaintext',
    ]);
    const address: string = a.json.addresses.ethereum;
    await rpc(node.url, 'eth_sendTransaction', [{ from: FUNDER, to: address, value: `0x${ONE_ETH.toString(16)}` }]);
    const before = await balance(RECIPIENT);
    const blockBefore = await rpc<string>(node.url, 'eth_blockNumber');

    // Another wallet's child key.
    const foreign = await jointkeyAsync([
      'sign-eth-tx',
      ...txArgs(0, 1000n),
      '--rpc',
      node.url,
      a.json.files[0],
      b.json.files[1],
    ]);
    expect(foreign.status).toBe(1);
    expect(foreign.error?.code).toBe('DIFFERENT_WALLET');
    // A forged child key: right wallet and set, wrong share.
    const forged = join(dir, 'forged.json');
    const j = JSON.parse(readFileSync(a.json.files[1], 'utf8'));
    const { childKeyFromText, childKeyToText } = await import('../../main/core/formats/text-form.js');
    const ck = childKeyFromText(j.childKey);
    ck.share[0]! ^= 1;
    j.childKey = childKeyToText(ck);
    writeFileSync(forged, JSON.stringify(j));
    const bad = await jointkeyAsync(['sign-eth-tx', ...txArgs(0, 1000n), '--rpc', node.url, a.json.files[0], forged]);
    expect(bad.error?.code).toBe('CHILD_KEY_MISMATCH');
    // Too few.
    const few = await jointkeyAsync(['sign-eth-tx', ...txArgs(0, 1000n), '--rpc', node.url, a.json.files[0]]);
    expect(few.error).toEqual({
      code: 'TOO_FEW_CHILD_KEYS',
      message: '1 of 2 child keys — still missing: Ben. This wallet needs every holder’s child key.',
    });

    expect(await nonce(address)).toBe(0);
    expect(await balance(address)).toBe(ONE_ETH);
    expect(await balance(RECIPIENT)).toBe(before);
    expect(await rpc<string>(node.url, 'eth_blockNumber')).toBe(blockBefore);
  });
});
