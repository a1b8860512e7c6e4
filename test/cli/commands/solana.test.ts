/**
 * `jointkey sign-sol-transfer`, run as a person runs it, from child-key files: a JointKey Ed25519
 * wallet and a FROST Ed25519 wallet sign, and the wire transaction is decoded and verified by
 * micro-sol-signer and OpenSSL; secp256k1 wallets refuse; a bad transfer is refused before any
 * child-key file is read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from '../../support/cli.js';
import { checkSignedTransfer } from '../../support/solana.js';

const TO = 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys';
const HASH = 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52';
const KEY = '0101010101010101010101010101010101010101010101010101010101010101';
const FROM = 'AKnL4NNf3DGWZJS6cPknBuEGnVsV4A4m5tgebLHaRSZ9';
let dir: string;

function ok(args: string[]): Record<string, unknown> {
  const r = jointkey(args);
  expect(r.status, r.stderr).toBe(0);
  return r.json as Record<string, unknown>;
}

function split(name: string, args: string[]): { files: string[]; data: string; made: Record<string, unknown> } {
  const data = join(dir, name, 'data');
  const made = ok([
    'split',
    ...args,
    '--parties',
    '3',
    '--threshold',
    '2',
    '--labels',
    'Alice,Bob,Carol',
    '--plaintext',
    '--data-dir',
    data,
    '--out',
    join(dir, name, 'keys'),
  ]);
  return { files: made['files'] as string[], data, made };
}

const transfer = (amount = '1.5', to = TO, blockhash = HASH) => [
  'sign-sol-transfer',
  '--to',
  to,
  '--amount',
  amount,
  '--blockhash',
  blockhash,
];

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-sol-'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jointkey sign-sol-transfer', () => {
  it('a JointKey Ed25519 wallet, 2 of 3: described, signed, decoded and verified by another library, logged', () => {
    const w = split('jk', ['--scheme', 'shamir', '--secret-hex', KEY, '--curve', 'ed25519']);
    expect(w.made['addresses']).toEqual({ base58: FROM });
    const r = ok([...transfer(), '--data-dir', w.data, w.files[0]!, w.files[2]!]);
    expect(r['description']).toEqual([
      `Send 1.5 SOL (1,500,000,000 lamports) to ${TO}`,
      `from ${FROM} (this wallet)`,
      expect.stringMatching(new RegExp(`^recent blockhash ${HASH}: it picks the network`)),
      'fee paid by this wallet: 5,000 lamports (0.000005 SOL) for its one signature, no priority fee',
    ]);
    expect(r['from']).toBe(FROM);
    const signature = checkSignedTransfer(r['transaction'] as string, {
      from: FROM,
      to: TO,
      lamports: 1_500_000_000n,
      blockhash: HASH,
    });
    expect(r['signature']).toBe(signature);
    expect(r).not.toHaveProperty('logError');
    const setId = w.made['setId'] as string;
    const log = ok(['log', '--data-dir', w.data, setId]);
    expect(JSON.stringify(log)).toContain('Send 1.5 SOL');
  });

  it('a FROST Ed25519 wallet signs it share by share: a standard Ed25519 signature by its group key', () => {
    const w = split('frost', ['--scheme', 'frost', '--generate', 'ed25519']);
    const from = (w.made['addresses'] as { base58: string }).base58;
    const r = ok([...transfer('0.000000001'), w.files[1]!, w.files[2]!]);
    expect(r['from']).toBe(from);
    expect(r['signature']).toBe(
      checkSignedTransfer(r['transaction'] as string, { from, to: TO, lamports: 1n, blockhash: HASH }),
    );
  });

  it('secp256k1 wallets refuse it, before any child key is entered, saying why', () => {
    const jk = split('secp', ['--scheme', 'shamir', '--secret-hex', KEY, '--curve', 'secp256k1']);
    const frost = split('frost-taproot', ['--scheme', 'frost', '--generate', 'secp256k1']);
    for (const w of [jk, frost]) {
      const r = jointkey([...transfer(), w.files[0]!, w.files[1]!]);
      expect(r.status).not.toBe(0);
      expect(r.error?.code).toBe('INVALID_ARGUMENT');
      expect(r.error?.message).toMatch(/Only an Ed25519 wallet has a Solana address/);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses a bad transfer before reading any child-key file', () => {
    const none = join(dir, 'no-such-child-key.json');
    for (const [args, words] of [
      [transfer('1.0000000001'), /10 decimals, but SOL has 9/],
      [transfer('0'), /0 SOL/],
      [transfer('-2'), /not an amount of SOL/],
      [transfer('1', 'not-an-address'), /recipient address .* not base58/],
      [transfer('1', TO, HASH.slice(0, 30)), /recent blockhash .* not 32/],
      [[...transfer(), '--fee-payer', 'xyz'], /fee payer address/],
      [[...transfer(), '--rpc', 'ftp://127.0.0.1/'], /endpoint must be http:\/\/ or https:\/\//],
      [[...transfer(), '--rpc', 'no url'], /is not a URL\. Give the Solana JSON-RPC endpoint/],
    ] as const) {
      const r = jointkey([...args, none]);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.error?.code).toBe('INVALID_ARGUMENT');
      expect(r.error?.message).toMatch(words);
    }
    const missing = jointkey(['sign-sol-transfer', '--to', TO, '--amount', '1', none]);
    expect(missing.error?.message).toMatch(/needs --blockhash/);
  });

  it('another fee payer is refused once the wallet is known, before its child keys are combined', () => {
    const w = split('payer', ['--scheme', 'shamir', '--secret-hex', KEY, '--curve', 'ed25519']);
    const r = jointkey([...transfer(), '--fee-payer', TO, w.files[0]!, w.files[1]!]);
    expect(r.error?.message).toMatch(/fee payer must be this wallet/);
    expect(ok([...transfer(), '--fee-payer', FROM, w.files[0]!, w.files[1]!])['from']).toBe(FROM);
  });

  it('--rpc to an endpoint that does not answer: BROADCAST_FAILED saying what to do; the signature is logged, no broadcast', async () => {
    const w = split('rpc', ['--scheme', 'shamir', '--secret-hex', KEY, '--curve', 'ed25519']);
    // A port on 127.0.0.1 that was just free: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const r = jointkey([
      ...transfer(),
      '--rpc',
      `http://127.0.0.1:${port}`,
      '--data-dir',
      w.data,
      w.files[0]!,
      w.files[1]!,
    ]);
    expect(r.status).not.toBe(0);
    expect(r.error?.code).toBe('BROADCAST_FAILED');
    expect(r.error?.message).toMatch(
      new RegExp(
        `^No answer from the Solana endpoint http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\. Check the endpoint`,
      ),
    );
    const log = JSON.stringify(ok(['log', '--data-dir', w.data, w.made['setId'] as string]));
    expect(log).toContain('Send 1.5 SOL');
    expect(log).not.toContain('"broadcast"');
  });

  it('--help says how to use it', () => {
    const r = jointkey(['sign-sol-transfer', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: jointkey sign-sol-transfer --to ADDR --amount SOL --blockhash HASH/);
  });
});
