/**
 * Issue 15 on a real node (Hardhat): an ERC-20 token, compiled here with solc and deployed, is sent
 * and approved by a jointly owned wallet from its holders' child-key files — each described in the
 * token's units, read from the node — and the chain shows the balances and allowances; a call by
 * its ABI; blind call data refused; an EIP-2612 permit signed jointly as EIP-712 typed data is
 * verified by viem, by noble's recovery, and by the token contract's own ecrecover on chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  createPublicClient,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  hashTypedData,
  http,
  maxUint256,
  parseSignature,
  verifyMessage,
  verifyTypedData,
  type Abi,
  type Hex,
  type TypedDataDefinition,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ethAddressOf } from '../../main/core/chains/eth-tx.js';
import { assertBuilt, jointkey, jointkeyAsync } from '../support/cli.js';
import { FUNDER, hardhatMissing, rpc, startEthNode, type EthNode } from '../support/eth-node.js';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;
contract TestToken {
  string public name = "Test USD";
  string public symbol = "TUSD";
  uint8 public decimals = 6;
  uint256 public totalSupply;
  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;
  mapping(address => uint256) public nonces;
  event Transfer(address indexed from, address indexed to, uint256 value);
  event Approval(address indexed owner, address indexed spender, uint256 value);
  constructor(address holder, uint256 amount) {
    balanceOf[holder] = amount;
    totalSupply = amount;
    emit Transfer(address(0), holder, amount);
  }
  function transfer(address to, uint256 value) external returns (bool) {
    require(balanceOf[msg.sender] >= value, "balance");
    balanceOf[msg.sender] -= value;
    balanceOf[to] += value;
    emit Transfer(msg.sender, to, value);
    return true;
  }
  function approve(address spender, uint256 value) external returns (bool) {
    allowance[msg.sender][spender] = value;
    emit Approval(msg.sender, spender, value);
    return true;
  }
  function DOMAIN_SEPARATOR() public view returns (bytes32) {
    return keccak256(abi.encode(
      keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
      keccak256(bytes(name)), keccak256(bytes("1")), block.chainid, address(this)));
  }
  function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
    require(block.timestamp <= deadline, "expired");
    bytes32 structHash = keccak256(abi.encode(
      keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
      owner, spender, value, nonces[owner]++, deadline));
    address signer = ecrecover(keccak256(abi.encodePacked("\\x19\\x01", DOMAIN_SEPARATOR(), structHash)), v, r, s);
    require(signer != address(0) && signer == owner, "bad signature");
    allowance[owner][spender] = value;
    emit Approval(owner, spender, value);
  }
}
`;

/** Compiles the token with the npm solc package (soljson, in-process): its ABI and creation bytecode. */
function compile(): { abi: Abi; bytecode: Hex } {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'TestToken.sol': { content: SOURCE } },
        settings: { evmVersion: 'shanghai', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const c = out.contracts['TestToken.sol']!['TestToken']!;
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
}

const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const SPENDER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const PERMIT_SPENDER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const ONE_ETH = 10n ** 18n;
const FEES = ['--chain-id', '31337', '--max-fee-wei', '100000000000', '--max-priority-fee-wei', '1000000000'];

let node: EthNode;
let dir: string;
let token: { abi: Abi; bytecode: Hex; address: Hex };
let wallet: { address: Hex; files: string[]; data: string; setId: string };
let client: ReturnType<typeof createPublicClient>;

describe.skipIf(hardhatMissing !== undefined)(
  `ERC-20 and EIP-712 signed jointly on a real node (Hardhat)${hardhatMissing ? ` — skipped: ${hardhatMissing}` : ''}`,
  () => {
    beforeAll(async () => {
      assertBuilt();
      dir = mkdtempSync(join(tmpdir(), 'jointkey-ethwords-'));
      const compiled = compile();
      node = await startEthNode();
      client = createPublicClient({ transport: http(node.url) });
      const data = join(dir, 'data');
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
        'Treasury',
        '--out',
        join(dir, 'keys'),
        '--data-dir',
        data,
        '--plaintext',
      ]);
      expect(split.error).toBeUndefined();
      wallet = { address: split.json.addresses.ethereum, files: split.json.files, data, setId: split.json.setId };
      await rpc(node.url, 'eth_sendTransaction', [
        { from: FUNDER, to: wallet.address, value: `0x${ONE_ETH.toString(16)}` },
      ]);
      // The token, deployed by Hardhat's funded account: 1,000,000 TUSD to the joint wallet.
      const deploy = encodeDeployData({
        abi: compiled.abi,
        bytecode: compiled.bytecode,
        args: [wallet.address, 1_000_000n * 10n ** 6n],
      });
      const hash = await rpc<Hex>(node.url, 'eth_sendTransaction', [{ from: FUNDER, data: deploy, gas: '0x2dc6c0' }]);
      const receipt = await client.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      token = { ...compiled, address: getAddress(receipt.contractAddress as Hex) };
    }, 180_000);
    afterAll(async () => {
      await node?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const read = (functionName: string, args: unknown[]) =>
      client.readContract({ address: token.address, abi: token.abi, functionName, args }) as Promise<bigint>;
    const nonce = () => client.getTransactionCount({ address: wallet.address });
    const alice = () => wallet.files[0]!;
    const carol = () => wallet.files[2]!;

    it('sends 250 TUSD, described in the token’s units read from the node; the chain shows the balances', async () => {
      const r = await jointkeyAsync([
        'sign-erc20',
        'transfer',
        '--token',
        token.address,
        '--to',
        RECIPIENT,
        '--amount',
        '250',
        '--rpc',
        node.url,
        '--nonce',
        String(await nonce()),
        '--gas',
        '100000',
        ...FEES,
        '--data-dir',
        wallet.data,
        alice(),
        carol(),
      ]);
      expect(r.error).toBeUndefined();
      expect(r.json.description.slice(0, 3)).toEqual([
        `Send 250 TUSD to ${RECIPIENT}`,
        `token contract ${token.address} (TUSD, 6 decimals, read from the node)`,
        'on a local development chain (Hardhat) (chain id 31337)',
      ]);
      expect(r.json).toMatchObject({ from: wallet.address, broadcast: true, receipt: { status: 'success' } });
      expect(await read('balanceOf', [RECIPIENT])).toBe(250_000_000n);
      expect(await read('balanceOf', [wallet.address])).toBe(999_750_000_000n);
      // The record of use keeps the words and the transaction hash.
      const log = jointkey(['log', '--data-dir', wallet.data, wallet.setId]);
      expect(log.error).toBeUndefined();
      const signed = log.json.entries.find((e: { event: string }) => e.event === 'signed');
      expect(JSON.stringify(signed)).toContain(`Send 250 TUSD to ${RECIPIENT}`);
      expect(JSON.stringify(signed)).toContain(r.json.hash.slice(2));
    });

    it('approves 12.5 TUSD, then an unlimited amount flagged as such; the chain shows each allowance', async () => {
      const approve = async (amount: string[]) =>
        jointkeyAsync([
          'sign-erc20',
          'approve',
          '--token',
          token.address,
          '--spender',
          SPENDER,
          ...amount,
          '--rpc',
          node.url,
          '--nonce',
          String(await nonce()),
          '--gas',
          '100000',
          ...FEES,
          alice(),
          carol(),
        ]);
      const limited = await approve(['--amount', '12.5']);
      expect(limited.error).toBeUndefined();
      expect(limited.json.description[0]).toBe(`Approve ${SPENDER} to spend up to 12.5 TUSD of this wallet's`);
      expect(await read('allowance', [wallet.address, SPENDER])).toBe(12_500_000n);
      const unlimited = await approve(['--unlimited']);
      expect(unlimited.error).toBeUndefined();
      expect(unlimited.json.description[0]).toBe(
        `UNLIMITED approval: ${SPENDER} can move all your TUSD, now and whatever you receive later, until you revoke it`,
      );
      expect(await read('allowance', [wallet.address, SPENDER])).toBe(maxUint256);
    });

    it('refuses before any child key is read: too many decimals for the token, and decimals the node contradicts', async () => {
      const before = await nonce();
      const args = (extra: string[]) => [
        'sign-erc20',
        'transfer',
        '--token',
        token.address,
        '--to',
        RECIPIENT,
        '--rpc',
        node.url,
        '--nonce',
        String(before),
        '--gas',
        '100000',
        ...FEES,
        ...extra,
        join(dir, 'no-such-child-key.json'),
      ];
      const decimals = await jointkeyAsync(args(['--amount', '0.1234567']));
      expect(decimals.error).toEqual({
        code: 'INVALID_ARGUMENT',
        message:
          '0.1234567 has 7 decimals, but TUSD has 6: its smallest unit is 0.000001 TUSD. Round the amount to 6 decimals.',
      });
      const wrong = await jointkeyAsync(args(['--amount', '1', '--decimals', '18']));
      expect(wrong.error?.code).toBe('INVALID_ARGUMENT');
      expect(wrong.error?.message).toMatch(/is TUSD with 6 decimals, not what was entered \(TUSD, 18 decimals\)/);
      expect(await nonce()).toBe(before);
    });

    it('a call is described by the ABI given; without it, it is refused as blind; accepted blind, the words say so', async () => {
      const abiFile = join(dir, 'TestToken.abi.json');
      writeFileSync(abiFile, JSON.stringify(token.abi));
      const data = encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [RECIPIENT, 5_000_000n] });
      const args = async (extra: string[]) => [
        'sign-eth-tx',
        '--to',
        token.address,
        '--value-wei',
        '0',
        '--data',
        data,
        '--nonce',
        String(await nonce()),
        '--gas',
        '100000',
        ...FEES,
        ...extra,
        alice(),
        carol(),
      ];
      const blind = await jointkeyAsync(await args([]));
      expect(blind.error?.code).toBe('BLIND_SIGNING');
      const accepted = await jointkeyAsync(await args(['--accept-blind']));
      expect(accepted.json.description[1]).toBe(
        'THE HOLDERS ACCEPTED SIGNING BLIND: nothing here says what this call does',
      );
      const before = await read('balanceOf', [RECIPIENT]);
      const byAbi = await jointkeyAsync(await args(['--abi', abiFile, '--rpc', node.url]));
      expect(byAbi.error).toBeUndefined();
      expect(byAbi.json.description.slice(0, 3)).toEqual([
        `Call transfer on contract ${token.address} (the function and argument names are those of the ABI given)`,
        `  to (address): ${RECIPIENT}`,
        '  value (uint256): 5000000',
      ]);
      expect(byAbi.json.receipt.status).toBe('success');
      expect(await read('balanceOf', [RECIPIENT])).toBe(before + 5_000_000n);
    });

    it('an EIP-2612 permit signed jointly as typed data verifies: viem, noble, and the token’s ecrecover on chain', async () => {
      const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
      const typedData = {
        domain: { name: 'Test USD', version: '1', chainId: 31337, verifyingContract: token.address },
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
        message: {
          owner: wallet.address,
          spender: PERMIT_SPENDER,
          value: '7000000',
          nonce: 0,
          deadline: deadline.toString(),
        },
      };
      const file = join(dir, 'permit.json');
      writeFileSync(file, JSON.stringify(typedData));
      const r = await jointkeyAsync([
        'sign-eth-message',
        '--typed-data',
        file,
        '--data-dir',
        wallet.data,
        alice(),
        carol(),
      ]);
      expect(r.error).toBeUndefined();
      expect(r.json).toMatchObject({ address: wallet.address, verified: true });
      expect(r.json.description).toContain(
        `Token permit: lets ${PERMIT_SPENDER} spend up to 7000000 of the token at ${token.address}'s smallest units`,
      );
      const def = typedData as unknown as TypedDataDefinition;
      const signature = r.json.signature as Hex;
      expect(await verifyTypedData({ ...def, address: wallet.address, signature })).toBe(true);
      const digest = hashTypedData(def);
      expect(r.json.digest).toBe(digest);
      const { r: sr, s: ss, v } = parseSignature(signature);
      const recovered = new secp256k1.Signature(BigInt(sr), BigInt(ss))
        .addRecoveryBit(Number(v) - 27)
        .recoverPublicKey(Buffer.from(digest.slice(2), 'hex'));
      expect(ethAddressOf(recovered.toBytes(true))).toBe(wallet.address);
      // The token's own ecrecover: anyone may submit the permit; the allowance appears.
      const hash = await rpc<Hex>(node.url, 'eth_sendTransaction', [
        {
          from: FUNDER,
          to: token.address,
          gas: '0x30d40',
          data: encodeFunctionData({
            abi: token.abi,
            functionName: 'permit',
            args: [wallet.address, PERMIT_SPENDER, 7_000_000n, deadline, Number(v), sr, ss],
          }),
        },
      ]);
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
      expect(await read('allowance', [wallet.address, PERMIT_SPENDER])).toBe(7_000_000n);
      expect(await read('nonces', [wallet.address])).toBe(1n);
    });

    it('a personal message signed jointly verifies against the wallet’s address', async () => {
      const text = 'I, Treasury, own this address.\nNonce: 7';
      const r = await jointkeyAsync(['sign-eth-message', '--personal', text, alice(), carol()]);
      expect(r.error).toBeUndefined();
      expect(r.json.description).toEqual([
        'Sign this message (EIP-191 personal message, 39 bytes of text, 2 lines):',
        '  | I, Treasury, own this address.',
        '  | Nonce: 7',
      ]);
      expect(await verifyMessage({ address: wallet.address, message: text, signature: r.json.signature })).toBe(true);
    });
  },
);
