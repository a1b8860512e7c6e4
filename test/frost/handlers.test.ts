/**
 * FROST signing across computers in the app, through the real dispatcher and handlers: three data
 * folders stand for Alice's, Bob's and Carol's computers; 2 of 3 sign a message (Taproot and Ed25519,
 * verified by noble) and a PSBT (validated and finalized by bitcoinjs-lib). Each holder enters one
 * child key (their file, typed words); nonces stay in their own data folder and sign once (a replayed
 * round 2 is refused, NONCE_USED); a request changed since it was read, a non-signer, a cancelled save
 * and a second child key while one is held are refused; no reply holds a signing share.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import type { Channel, Response, Result } from '../../main/ipc/contract.js';
import { APP_PAGE, PersonAtDialog, makeDispatch, tempDir } from '../support/ipc.js';
import { type FrostFixture, frostWallet } from '../support/frost.js';
import { bitcoin, buildPsbt, foreignSigner, validator } from '../support/psbt.js';

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

/** One holder's computer: their data folder, a save dialog answering with the next name in `out`, main's confirmation. */
function computer(dataDir: string, out: string, person = new PersonAtDialog()) {
  let n = 0;
  let cancel = false;
  const { dispatch, ctx } = makeDispatch(
    dataDir,
    {
      chooseSaveFile: async ({ defaultName }) => {
        if (cancel) return null;
        return join(out, `${n++}-${defaultName}`);
      },
    },
    APP_PAGE,
    person,
  );
  const call = <C extends Channel>(channel: C, payload: unknown): Promise<Result<Response<C>>> =>
    dispatch(channel, APP_PAGE, payload);
  return { call, ctx, person, cancelNext: (v: boolean) => (cancel = v) };
}

const replies: unknown[] = [];
function keep<T>(v: T): T {
  replies.push(v);
  return v;
}

/** Alice coordinates; `who` (0-based) answer both rounds on their own computers. */
async function roundTrip(w: FrostFixture, what: unknown, who: number[], childKey: (i: number) => unknown) {
  const out = tempDir('jointkey-frost-files-');
  const pcs = w.pcs.map((d) => computer(d, out));
  const made = keep(
    ok(await pcs[0]!.call('frost/make-request', { walletId: w.walletId, what, signers: who.map((i) => i + 1) })),
  );
  const reqPath = made.path!;
  expect(existsSync(reqPath)).toBe(true);
  const commitments: string[] = [];
  for (const i of who) {
    const seen = keep(ok(await pcs[i]!.call('frost/open-request', { path: reqPath })));
    expect(seen).toEqual(made.request);
    const c = keep(
      ok(
        await pcs[i]!.call('frost/commit', {
          path: reqPath,
          requestHash: seen.requestHash,
          childKey: childKey(i),
        }),
      ),
    );
    expect(c.holder.index).toBe(i + 1);
    commitments.push(c.path!);
  }
  const shares: string[] = [];
  for (const i of who) {
    const s = keep(
      ok(
        await pcs[i]!.call('frost/respond', {
          path: reqPath,
          requestHash: made.request.requestHash,
          commitments,
          childKey: childKey(i),
        }),
      ),
    );
    shares.push(s.path!);
  }
  return { pcs, made, reqPath, commitments, shares, out };
}

describe('FROST across computers, in the app', () => {
  it('a Taproot wallet: 2 of 3 sign a message, verified by noble; a replayed round 2 is refused', async () => {
    const w = frostWallet('secp256k1');
    const file = (i: number) => ({ kind: 'file', path: w.files[i]! });
    const r = await roundTrip(w, { kind: 'message', encoding: 'hex', message: '68656c6c6f' }, [0, 2], file);
    expect(r.made.request.whatIsSigned.join('\n')).toMatch(/5 bytes/);
    expect(r.made.request.signers).toEqual([
      { index: 1, label: 'Alice' },
      { index: 3, label: 'Carol' },
    ]);
    expect(r.made.request.wallet).toMatchObject({ id: w.walletId, label: 'Roof fund', algo: 'bip340', threshold: 2 });
    // main's own dialog asked Carol before her share was signed, in the request's words
    expect(r.pcs[2]!.person.prompts.map((p) => p.confirmLabel)).toEqual(['Sign']);
    expect(r.pcs[2]!.person.prompts[0]!.detail).toEqual(r.made.request.whatIsSigned);

    const sig = keep(
      ok(
        await r.pcs[0]!.call('frost/aggregate', {
          path: r.reqPath,
          requestHash: r.made.request.requestHash,
          commitments: r.commitments,
          shares: r.shares,
        }),
      ),
    );
    if (sig.kind !== 'message') throw new Error('expected a message signature');
    expect(schnorr.verify(hexToBytes(sig.signatureHex), hexToBytes('68656c6c6f'), hexToBytes(sig.publicKeyHex))).toBe(
      true,
    );
    // The coordinator's record of use notes it: who answered, on their own computers, what they read.
    const history = ok(await r.pcs[0]!.call('wallets/log', { walletId: w.walletId }));
    expect(history.ok).toBe(true);
    const signed = history.entries.find((e) => e.event === 'signed');
    expect(signed?.who).toEqual(['Alice (on their own computer)', 'Carol (on their own computer)']);
    expect(signed?.lines).toEqual([...r.made.request.whatIsSigned, `Signature: ${sig.signatureHex}`]);

    // Round 2 again, on Carol's computer, with the same files: her nonces were used once.
    const again = await r.pcs[2]!.call('frost/respond', {
      path: r.reqPath,
      requestHash: r.made.request.requestHash,
      commitments: r.commitments,
      childKey: file(2),
    });
    expect(again).toMatchObject({ ok: false, code: 'NONCE_USED' });
    // No nonces are left behind once both answered; Bob's computer never had any.
    for (const pc of w.pcs) {
      const dir = join(pc, 'frost-nonces');
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    }
    const seen =
      JSON.stringify(replies) +
      readdirSync(r.out)
        .map((f) => readFileSync(join(r.out, f), 'utf8'))
        .join();
    for (const s of w.sharesHex) expect(seen).not.toContain(s);
  });

  it('an Ed25519 wallet: Bob and Carol type their words; verified by noble', async () => {
    const w = frostWallet('ed25519');
    const typed = (i: number) => ({ kind: 'text', text: w.texts[i]! });
    const message = 'Pay the roofer 1,200 EUR';
    const r = await roundTrip(w, { kind: 'message', encoding: 'utf8', message }, [1, 2], typed);
    const sig = ok(
      await r.pcs[0]!.call('frost/aggregate', {
        path: r.reqPath,
        requestHash: r.made.request.requestHash,
        commitments: r.commitments,
        shares: [...r.shares].reverse(),
      }),
    );
    if (sig.kind !== 'message') throw new Error('expected a message signature');
    expect(sig.algo).toBe('ed25519');
    expect(
      ed25519.verify(hexToBytes(sig.signatureHex), new TextEncoder().encode(message), hexToBytes(sig.publicKeyHex)),
    ).toBe(true);
  });

  it('a PSBT: one FROST signature per Taproot input; the signed PSBT is saved, bitcoinjs-lib validates and finalizes', async () => {
    const w = frostWallet('secp256k1', 'frost-app-psbt');
    const internal = Uint8Array.of(2, ...hexToBytes(w.wallet.internalKey!));
    const dir = tempDir('jointkey-frost-psbt-');
    const psbtPath = join(dir, 'unsigned.psbt');
    writeFileSync(psbtPath, buildPsbt(internal, { mine: ['tr', 'tr'], foreign: true }).toBase64());
    const file = (i: number) => ({ kind: 'file', path: w.files[i]! });
    const r = await roundTrip(w, { kind: 'bitcoin-psbt', path: psbtPath }, [0, 1], file);
    expect(r.made.request.kind).toBe('bitcoin-psbt');
    expect(r.made.request.whatIsSigned.join('\n')).toMatch(/Input 2: .* someone else’s, not signed by this wallet/);
    const signed = ok(
      await r.pcs[0]!.call('frost/aggregate', {
        path: r.reqPath,
        requestHash: r.made.request.requestHash,
        commitments: r.commitments,
        shares: r.shares,
      }),
    );
    if (signed.kind !== 'bitcoin-psbt') throw new Error('expected a PSBT');
    expect(signed.signedInputs).toEqual([0, 1]);
    expect(signed.complete).toBe(false);
    const back = bitcoin.Psbt.fromBuffer(readFileSync(signed.path!));
    back.signInput(2, foreignSigner);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().ins).toHaveLength(3);
  });

  it('refuses: a changed request, a non-signer, another wallet’s key; a cancelled save leaves nothing; one child key at a time', async () => {
    const w = frostWallet('secp256k1', 'frost-app-refusals');
    const other = frostWallet('secp256k1', 'frost-app-other');
    const out = tempDir('jointkey-frost-files-');
    const alice = computer(w.pcs[0]!, out);
    const made = ok(
      await alice.call('frost/make-request', {
        walletId: w.walletId,
        what: { kind: 'message', encoding: 'utf8', message: 'x' },
        signers: [1, 2],
      }),
    );
    const hash = made.request.requestHash;
    // Exactly the threshold of signers.
    expect(
      await alice.call('frost/make-request', {
        walletId: w.walletId,
        what: { kind: 'message', encoding: 'utf8', message: 'x' },
        signers: [1, 2, 3],
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    // Carol is not a signer; Alice's key of another wallet is not this wallet's.
    const carol = computer(w.pcs[2]!, out);
    expect(
      await carol.call('frost/commit', {
        path: made.path,
        requestHash: hash,
        childKey: { kind: 'file', path: w.files[2] },
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not one of the signers/) });
    expect(
      await alice.call('frost/commit', {
        path: made.path,
        requestHash: hash,
        childKey: { kind: 'file', path: other.files[0] },
      }),
    ).toMatchObject({ ok: false, code: 'DIFFERENT_WALLET' });
    // The request read is not the one in the file any more.
    expect(
      await alice.call('frost/commit', {
        path: made.path,
        requestHash: 'b'.repeat(64),
        childKey: { kind: 'file', path: w.files[0] },
      }),
    ).toMatchObject({ ok: false, code: 'REQUEST_CHANGED' });
    // A cancelled save: nothing written, no nonces kept; the holder can answer again.
    alice.cancelNext(true);
    expect(
      ok(
        await alice.call('frost/commit', {
          path: made.path,
          requestHash: hash,
          childKey: { kind: 'file', path: w.files[0] },
        }),
      ),
    ).toEqual({ path: null, holder: { index: 1, label: 'Alice' } });
    expect(existsSync(join(w.pcs[0]!, 'frost-nonces')) ? readdirSync(join(w.pcs[0]!, 'frost-nonces')) : []).toEqual([]);
    alice.cancelNext(false);
    const first = ok(
      await alice.call('frost/commit', {
        path: made.path,
        requestHash: hash,
        childKey: { kind: 'file', path: w.files[0] },
      }),
    );
    expect(first.path).not.toBeNull();

    // Bob: while his round-2 confirmation is open, a second child key in the same process is refused.
    let answer!: (v: boolean) => void;
    const waiting = new Promise<boolean>((resolve) => (answer = resolve));
    const bob = computer(w.pcs[1]!, out, new PersonAtDialog(() => waiting));
    const bobC = ok(
      await bob.call('frost/commit', {
        path: made.path,
        requestHash: hash,
        childKey: { kind: 'file', path: w.files[1] },
      }),
    );
    const pending = bob.call('frost/respond', {
      path: made.path,
      requestHash: hash,
      commitments: [first.path, bobC.path],
      childKey: { kind: 'file', path: w.files[1] },
    });
    await expect.poll(() => bob.person.prompts.length).toBe(1);
    expect(
      await bob.call('frost/commit', {
        path: made.path,
        requestHash: hash,
        childKey: { kind: 'text', text: w.texts[1] },
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(/one child key at a time/) });
    answer(false);
    expect(await pending).toMatchObject({ ok: false, code: 'CONFIRMATION_REFUSED' });
    // Refused in the dialog: the nonces were not taken, so Bob can still answer round 2.
    bob.person.answer = true;
    expect(
      ok(
        await bob.call('frost/respond', {
          path: made.path,
          requestHash: hash,
          commitments: [first.path, bobC.path],
          childKey: { kind: 'file', path: w.files[1] },
        }),
      ).path,
    ).not.toBeNull();
  });

  it('a request file that is not one is refused with what to do', async () => {
    const dir = tempDir();
    const bad = join(dir, 'not-a-request.json');
    writeFileSync(bad, '{"format":"something else"}');
    const { call } = computer(dir, dir);
    expect(await call('frost/open-request', { path: bad })).toMatchObject({ ok: false, code: 'TAMPERED_FILE' });
    writeFileSync(bad, 'garbage');
    expect(await call('frost/open-request', { path: bad })).toMatchObject({
      ok: false,
      code: 'TAMPERED_FILE',
      message: expect.stringMatching(/Choose the file/),
    });
  });
});
