/**
 * Solana transfers in the app, over the real dispatcher and handlers: a SOL transfer described
 * before any child key (from the wallet's own address, never one the page names), confirmed in
 * main's own dialog with the same lines, signed by a JointKey Ed25519 wallet, a raw-key SLIP-39
 * Ed25519 wallet and a FROST Ed25519 wallet at one computer, and checked by an independent decoder
 * and verifier (micro-sol-signer, OpenSSL); saved as JSON and as the base64 wire transaction,
 * recorded in the wallet's log, never broadcast. Mistakes are refused with what to do.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { base58 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict } from '../../main/core/bytes.js';
import { ed25519PublicKeyBase58 } from '../../main/core/chains/addresses.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { frostGroupKey } from '../../main/core/wallet/kinds/frost.js';
import { slip39SplitKey, slip39WalletRecordOf } from '../../main/core/wallet/kinds/slip39.js';
import type { Channel, Result } from '../../main/ipc/contract.js';
import { saveWalletRecord } from '../../main/wallets/store.js';
import { frostWallet } from '../support/frost.js';
import { APP_PAGE, PersonAtDialog, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { LABELS3, seededRng } from '../support/sets.js';
import { checkSignedTransfer } from '../support/solana.js';

const TO = 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys';
const HASH = 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52';
const SYSTEM_PROGRAM = '11111111111111111111111111111111';
const SOL = { kind: 'sol-transfer', to: TO, amount: '1.5', recentBlockhash: HASH };

type Refusal = { ok: false; code: string; message: string };

function expectOk<T>(r: Result<T> | unknown): T {
  const res = r as Result<T>;
  if (!res.ok) throw new Error(`expected ok, got ${res.code}: ${res.message}`);
  return res.value;
}

/** A session on `walletId` in `dataDir`: describe `request`, enter `childKeys`, sign; every step's reply. */
async function signed(
  dataDir: string,
  walletId: string,
  request: unknown,
  childKeys: unknown[],
  person = new PersonAtDialog(),
) {
  const { dispatch } = makeDispatch(dataDir, {}, APP_PAGE, person);
  const call = (channel: Channel, payload: unknown) => dispatch(channel, APP_PAGE, payload);
  const { sessionId } = expectOk<{ sessionId: string }>(await call('session/open', { walletId }));
  const d = await call('session/describe', { sessionId, request });
  if (!d.ok) return { refused: d as Refusal, call, sessionId, person };
  const described = expectOk<{ kind: string; lines: string[] }>(d);
  for (const childKey of childKeys)
    expect(
      expectOk<{ last: { accepted: boolean } }>(await call('session/add-child-key', { sessionId, childKey })).last,
    ).toMatchObject({ accepted: true });
  const s = await call('session/sign', { sessionId });
  return { described, signResult: s, call, sessionId, person };
}

const result = (r: { signResult?: Result<unknown> }) => expectOk<Record<string, string>>(r.signResult);

describe('a Solana transfer in the app', () => {
  it('a JointKey Ed25519 wallet: described from its own address, confirmed in main’s dialog with the same lines, signed, verified by another library, saved, logged', async () => {
    const dataDir = tempDir();
    const w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'sol-app', 'Roof fund', 'ed25519');
    const from = ed25519PublicKeyBase58(hexToBytesStrict(w.publicKeyHex, 'publicKey'));
    const r = await signed(dataDir, w.walletId, SOL, [
      { kind: 'file', path: w.files[0] },
      { kind: 'text', text: w.texts[2] },
    ]);
    expect(r.described?.kind).toBe('sol-transfer');
    expect(r.described?.lines).toEqual([
      `Send 1.5 SOL (1,500,000,000 lamports) to ${TO}`,
      `from ${from} (this wallet)`,
      expect.stringMatching(new RegExp(`^recent blockhash ${HASH}: it picks the network`)),
      'fee paid by this wallet: 5,000 lamports (0.000005 SOL) for its one signature, no priority fee',
    ]);
    // Main's own dialog showed exactly what the holders read.
    expect(r.person.prompts).toHaveLength(1);
    expect(r.person.prompts[0]).toMatchObject({ title: 'JointKey — sign', confirmLabel: 'Sign' });
    expect(r.person.prompts[0]!.detail).toEqual(r.described?.lines);
    const s = result(r);
    expect(s['kind']).toBe('sol-transfer');
    expect(s['from']).toBe(from);
    const signature = checkSignedTransfer(s['transactionBase64']!, {
      from,
      to: TO,
      lamports: 1_500_000_000n,
      blockhash: HASH,
    });
    expect(s['signature']).toBe(signature);
    expect(base58.encode(Buffer.from(s['transactionBase64']!, 'base64'))).toBe(s['transactionBase58']);

    // Saved next to the others: the record as JSON, the wire transaction alone for sendTransaction.
    const saved = expectOk<{ path: string; txPath?: string }>(
      await r.call('session/save-result', { sessionId: r.sessionId }),
    );
    expect(basename(saved.path)).toMatch(/^Roof fund - signed SOL transfer \d{4}-\d\d-\d\d \d{6}\.json$/);
    expect(saved.txPath).toBe(saved.path.replace(/\.json$/, '.sol.txt'));
    expect(readFileSync(saved.txPath!, 'utf8')).toBe(`${s['transactionBase64']}\n`);
    const json = JSON.parse(readFileSync(saved.path, 'utf8'));
    expect(json).toMatchObject({
      format: 'jointkey-signed/1',
      kind: 'sol-transfer',
      from,
      signature,
      transactionBase64: s['transactionBase64'],
      whatWasSigned: r.described?.lines,
    });
    expect(json.broadcast).toMatch(/sendTransaction/);
    const text = readFileSync(saved.path, 'utf8');
    for (const share of w.sharesHex) expect(text).not.toContain(share);

    // Not sent from the app: the refusal says what to do with the file.
    const sent = await r.call('session/broadcast', { sessionId: r.sessionId });
    expect(sent).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((sent as Refusal).message).toMatch(/does not send Solana transactions.*\.sol\.txt.*sendTransaction/);

    // Recorded in the wallet's log: who signed, what, the signature.
    const log = expectOk<{ entries: { event: string; who: string[]; lines: string[] }[] }>(
      await r.call('wallets/log', { walletId: w.walletId }),
    );
    const entry = log.entries.find((e) => e.event === 'signed');
    expect(entry?.who).toEqual(['Alice (from a file)', 'Carol (typed)']);
    expect(entry?.lines.join('\n')).toContain(`Send 1.5 SOL (1,500,000,000 lamports) to ${TO}`);
    const logDir = join(dataDir, 'log', w.walletId);
    const raw = readdirSync(logDir).map((name) => readFileSync(join(logDir, name), 'utf8'));
    expect(raw.some((t) => t.includes(bytesToHex(base58.decode(signature))))).toBe(true);
  });

  it('a raw-key SLIP-39 Ed25519 wallet signs it from its own address', async () => {
    const dataDir = tempDir();
    const rng = seededRng('sol-slip39');
    const made = slip39SplitKey('ed25519', generatePrivateKey('ed25519', rng), {
      labels: LABELS3,
      threshold: 2,
      walletLabel: 'Roof words',
      rng,
    });
    const receipts = LABELS3.map((holder, i) => ({
      index: i + 1,
      holder,
      method: 'words' as const,
      confirmedAt: '2026-12-05T09:00:00.000Z',
    }));
    const { record } = saveWalletRecord(
      dataDir,
      slip39WalletRecordOf(made.wallet, '2026-12-05T09:00:00.000Z', receipts),
    );
    const from = ed25519PublicKeyBase58(made.wallet.publicKey);
    const r = await signed(dataDir, record.id, { ...SOL, amount: '0.000000001' }, [
      { kind: 'text', text: made.mnemonics[1] },
      { kind: 'text', text: made.mnemonics[2] },
    ]);
    expect(r.described?.lines[0]).toBe(`Send 0.000000001 SOL (1 lamports) to ${TO}`);
    expect(r.described?.lines[1]).toBe(`from ${from} (this wallet)`);
    checkSignedTransfer(result(r)['transactionBase64']!, { from, to: TO, lamports: 1n, blockhash: HASH });
  });

  it('a FROST Ed25519 wallet signs it at one computer, share by share: a standard signature', async () => {
    const f = frostWallet('ed25519', 'sol-app');
    const from = ed25519PublicKeyBase58(frostGroupKey(f.wallet));
    const r = await signed(f.pcs[0]!, f.walletId, { ...SOL, amount: '2' }, [
      { kind: 'file', path: f.files[1] },
      { kind: 'file', path: f.files[2] },
    ]);
    expect(r.described?.lines[1]).toBe(`from ${from} (this wallet)`);
    checkSignedTransfer(result(r)['transactionBase64']!, {
      from,
      to: TO,
      lamports: 2_000_000_000n,
      blockhash: HASH,
    });
  });

  it('refuses, before any child key and saying what to do: a malformed address or blockhash, a zero or negative amount, the System Program, a secp256k1 wallet, a sender named by the page', async () => {
    const dataDir = tempDir();
    const w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'sol-bad', 'Roof fund', 'ed25519');
    const refusal = async (request: unknown, walletId = w.walletId) => {
      const r = await signed(dataDir, walletId, request, []);
      expect(r.refused, JSON.stringify(request)).toBeDefined();
      return r.refused!;
    };
    // Base58, but two characters short: 31 bytes.
    expect(await refusal({ ...SOL, to: TO.slice(0, -2) })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(
        /recipient address .* is 31 bytes, not 32.*Copy the recipient’s Solana address again, whole\./,
      ),
    });
    expect((await refusal({ ...SOL, recentBlockhash: HASH.slice(1) })).message).toMatch(
      /recent blockhash .*getLatestBlockhash/,
    );
    expect((await refusal({ ...SOL, amount: '0' })).message).toBe(
      'The amount is 0 SOL: give the amount to send, more than 0.',
    );
    expect((await refusal({ ...SOL, amount: '-1' })).message).toMatch(
      /is not an amount of SOL: give a number more than 0/,
    );
    expect((await refusal({ ...SOL, amount: '0.0000000001' })).message).toMatch(/Round the amount to 9 decimals/);
    expect((await refusal({ ...SOL, to: SYSTEM_PROGRAM })).message).toMatch(
      /System Program's address, not an account: SOL cannot be sent to it\. Copy the recipient’s Solana address again/,
    );
    // A character base58 has not: refused by the contract, naming the field.
    expect(await refusal({ ...SOL, to: `${TO.slice(0, -1)}0` })).toMatchObject({
      code: 'INVALID_PAYLOAD',
      message: expect.stringContaining('"request.to"'),
    });
    // The sender is always the wallet itself: the page cannot name one (nor a fee payer).
    expect((await refusal({ ...SOL, from: TO })).code).toBe('INVALID_PAYLOAD');
    expect((await refusal({ ...SOL, feePayer: TO })).code).toBe('INVALID_PAYLOAD');
    // A secp256k1 wallet has no Solana address.
    const secp = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'sol-secp', 'Family savings');
    expect(await refusal(SOL, secp.walletId)).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        'Only an Ed25519 wallet has a Solana address: a secp256k1 wallet cannot sign a Solana transaction. Choose an Ed25519 wallet.',
    });
  });

  it('signs nothing and records nothing when the signature is not confirmed in main’s dialog', async () => {
    const dataDir = tempDir();
    const w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'sol-no', 'Roof fund', 'ed25519');
    const r = await signed(
      dataDir,
      w.walletId,
      SOL,
      [
        { kind: 'file', path: w.files[0] },
        { kind: 'file', path: w.files[1] },
      ],
      new PersonAtDialog(false),
    );
    expect(r.signResult).toMatchObject({ ok: false });
    expect((r.signResult as Refusal).message).toMatch(/Nothing was signed/);
    const log = expectOk<{ entries: { event: string }[] }>(await r.call('wallets/log', { walletId: w.walletId }));
    expect(log.entries.some((e) => e.event === 'signed')).toBe(false);
    expect(await r.call('session/save-result', { sessionId: r.sessionId })).toMatchObject({ ok: false });
  });
});
