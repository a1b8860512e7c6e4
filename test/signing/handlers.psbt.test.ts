/**
 * Joint signing of a Bitcoin transaction (PSBT) in the app, over the real dispatcher and handlers:
 * a PSBT built by bitcoinjs-lib is described (refused before any child key when it cannot be
 * signed), signed with the holders' child-key files, saved as .psbt and .txn, and checked by
 * bitcoinjs-lib. Nothing secret crosses to the renderer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex } from '@scure/base';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Result } from '../../main/ipc/contract.js';
import { APP_PAGE, type WalletFixture, makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bitcoin, buildPsbt, foreignSigner, testKey, validator } from '../support/psbt.js';

function expectOk<T>(r: Result<T> | unknown): T {
  const res = r as Result<T>;
  if (!res.ok) throw new Error(`expected ok, got ${res.code}: ${res.message}`);
  return res.value;
}

let dataDir: string;
let w: WalletFixture;
let pub: Uint8Array;
let n = 0;
const psbtFile = (content: Uint8Array | string) => {
  const p = join(dataDir, `tx-${n++}.psbt`);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  dataDir = tempDir();
  w = saveWallet(dataDir, tempDir('jointkey-keys-'), 'shamir', 'psbt', 'Family savings');
  pub = hex.decode(w.publicKeyHex);
});

function session() {
  const { ctx, dispatch } = makeDispatch(dataDir);
  const replies: unknown[] = [];
  const call = async (channel: Channel, payload: unknown) => {
    const r = await dispatch(channel, APP_PAGE, payload);
    replies.push(r);
    return r;
  };
  return { ctx, call, replies };
}

describe('a Bitcoin transaction (PSBT) in the app', () => {
  it('wallets/list gives a secp256k1 wallet’s descriptors', async () => {
    const { call } = session();
    const list = expectOk<{ wallets: { id: string; descriptors?: { wpkh: string; tr: string } }[] }>(
      await call('wallets/list', {}),
    );
    const d = list.wallets.find((x) => x.id === w.walletId)?.descriptors;
    expect(d?.wpkh).toMatch(new RegExp(`^wpkh\\(${w.publicKeyHex}\\)#[a-z0-9]{8}$`));
    expect(d?.tr).toMatch(new RegExp(`^tr\\(${w.publicKeyHex.slice(2)}\\)#[a-z0-9]{8}$`));
  });

  it('described before any child key, signed with two child keys, saved; bitcoinjs-lib validates and finalizes', async () => {
    const { call, replies } = session();
    const { sessionId } = expectOk<{ sessionId: string }>(await call('session/open', { walletId: w.walletId }));
    const path = psbtFile(buildPsbt(pub, { foreign: true }).toBase64());
    const d = expectOk<{ kind: string; lines: string[] }>(
      await call('session/describe', { sessionId, request: { kind: 'bitcoin-psbt', path } }),
    );
    expect(d.kind).toBe('bitcoin-psbt');
    expect(d.lines.join('\n')).toMatch(/Input 0: .* this wallet’s SegWit address, signed now/);
    expect(d.lines.join('\n')).toMatch(/Input 2: .* someone else’s/);
    for (const i of [0, 2])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[i] } }));
    // What was described is what is signed: the file changed afterwards does not matter.
    writeFileSync(path, 'changed');
    const s = expectOk<{ kind: string; psbtBase64: string; signedInputs: number[]; complete: boolean }>(
      await call('session/sign', { sessionId }),
    );
    expect(s).toMatchObject({ kind: 'bitcoin-psbt', signedInputs: [0, 1], complete: false });
    const saved = expectOk<{ path: string; txPath?: string }>(await call('session/save-result', { sessionId }));
    expect(saved.path).toMatch(/Family savings - signed PSBT .*\.psbt$/);
    expect(saved.txPath).toBeUndefined();
    const back = bitcoin.Psbt.fromBuffer(readFileSync(saved.path));
    expect(back.toBase64()).toBe(s.psbtBase64);
    expect(back.validateSignaturesOfInput(0, validator)).toBe(true);
    expect(back.validateSignaturesOfInput(1, validator)).toBe(true);
    back.signInput(2, foreignSigner);
    back.finalizeAllInputs();
    expect(back.extractTransaction().ins).toHaveLength(3);
    const all = JSON.stringify(replies).toLowerCase();
    expect(all).not.toContain(hex.encode(w.key));
    for (const share of w.sharesHex) expect(all).not.toContain(share);
  });

  it('a complete transaction is saved as .psbt and .txn, the raw transaction bitcoinjs-lib extracts', async () => {
    const { call } = session();
    const { sessionId } = expectOk<{ sessionId: string }>(await call('session/open', { walletId: w.walletId }));
    const path = psbtFile(buildPsbt(pub, { network: 'regtest' }).toBuffer());
    const d = expectOk<{ lines: string[] }>(
      await call('session/describe', { sessionId, request: { kind: 'bitcoin-psbt', path, network: 'regtest' } }),
    );
    expect(d.lines.join('\n')).toMatch(/bcrt1q/);
    for (const i of [1, 2])
      expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[i] } }));
    const s = expectOk<{ complete: boolean; txHex?: string }>(await call('session/sign', { sessionId }));
    expect(s.complete).toBe(true);
    const saved = expectOk<{ path: string; txPath?: string }>(await call('session/save-result', { sessionId }));
    expect(saved.txPath).toMatch(/\.txn$/);
    const back = bitcoin.Psbt.fromBuffer(readFileSync(saved.path));
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(readFileSync(saved.txPath!, 'utf8').trim()).toBe(back.extractTransaction().toHex());
    expect(s.txHex).toBe(back.extractTransaction().toHex());
  });

  it('the same file with new contents is described anew before any child key, and refused as a change after', async () => {
    const { call } = session();
    const { sessionId } = expectOk<{ sessionId: string }>(await call('session/open', { walletId: w.walletId }));
    const path = psbtFile(buildPsbt(pub).toBuffer());
    const request = { kind: 'bitcoin-psbt', path };
    const first = expectOk<{ lines: string[] }>(await call('session/describe', { sessionId, request }));
    writeFileSync(path, buildPsbt(pub, { fee: 3_000n }).toBuffer());
    const second = expectOk<{ lines: string[] }>(await call('session/describe', { sessionId, request }));
    expect(first.lines.join('\n')).toMatch(/Fee: 0\.00002000 BTC/);
    expect(second.lines.join('\n')).toMatch(/Fee: 0\.00003000 BTC/);
    expectOk(await call('session/add-child-key', { sessionId, childKey: { kind: 'file', path: w.files[0] } }));
    writeFileSync(path, buildPsbt(pub, { fee: 4_000n }).toBuffer());
    expect(await call('session/describe', { sessionId, request })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
  });

  it('refusals come at describe, before any child key: each with its code; the session can still describe another', async () => {
    const { call } = session();
    const { sessionId } = expectOk<{ sessionId: string }>(await call('session/open', { walletId: w.walletId }));
    const cases: [unknown, string][] = [
      [{ path: psbtFile(new Uint8Array(50).fill(3)) }, 'INVALID_PSBT'],
      [{ path: psbtFile(buildPsbt(pub, { dropUtxo: 0 }).toBuffer()) }, 'MISSING_PREVIOUS_OUTPUT'],
      [{ path: psbtFile(buildPsbt(pub, { coinType: 1 }).toBuffer()), network: 'mainnet' }, 'NETWORK_MISMATCH'],
      [{ path: psbtFile(buildPsbt(pub, { amount: 20_000_000n, change: false }).toBuffer()) }, 'FEE_TOO_HIGH'],
      [
        { path: psbtFile(buildPsbt(secp256k1.getPublicKey(testKey('another wallet'), true)).toBuffer()) },
        'NOTHING_TO_SIGN',
      ],
      [{ path: join(dataDir, 'no such file.psbt') }, 'FILE_NOT_FOUND'],
    ];
    for (const [req, code] of cases) {
      const r = (await call('session/describe', {
        sessionId,
        request: { kind: 'bitcoin-psbt', ...(req as object) },
      })) as Result<unknown>;
      expect(r, code).toMatchObject({ ok: false, code });
    }
    const high = psbtFile(buildPsbt(pub, { amount: 20_000_000n, change: false }).toBuffer());
    expectOk(
      await call('session/describe', { sessionId, request: { kind: 'bitcoin-psbt', path: high, acceptHighFee: true } }),
    );
  });
});
