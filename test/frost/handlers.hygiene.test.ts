/**
 * FROST in the app, a whole session on three computers (three data folders, each with its own
 * dispatcher and handlers, standing for three app processes): what each computer's JointKey read,
 * and what the session left. Each computer's reads of child keys are observed — node:fs's
 * readFileSync passed through unchanged, noting every child key it returns, attributed to the
 * computer whose call is under way, and every child key typed into a call — so "no process ever
 * held two child keys" is asserted of what happened, not of what was offered. The nonces each signer
 * kept are opened by the test (their file's format, the signer's share) and checked against the
 * published commitments; afterwards no file in any data folder or save folder, and no reply to the
 * page, holds a signing share or a nonce in any form. A request altered between rounds is refused in
 * round 2 and at aggregation, and the signer's nonces survive it for the request they answered.
 */
import type * as NodeFs from 'node:fs';
import { readFileSync as realReadFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it, vi } from 'vitest';
import type { Channel, Response, Result } from '../../main/ipc/contract.js';
import { APP_PAGE, makeDispatch, tempDir } from '../support/ipc.js';
import { filesUnder, frostWallet, nonceCommitment, openNonces, secretForms } from '../support/frost.js';
import { bitcoin, buildPsbt, validator } from '../support/psbt.js';

/** The computer whose call is under way, and the child keys (holder index) each computer's JointKey read. */
const observed = vi.hoisted(() => ({ current: null as string | null, reads: new Map<string, number[]>() }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    const out = fs.readFileSync(...args);
    const text = typeof out === 'string' ? out : Buffer.from(out).toString('latin1');
    if (observed.current !== null && text.includes('"jointkey-frost-child-key"')) {
      const seen = observed.reads.get(observed.current) ?? [];
      seen.push((JSON.parse(text) as { index: number }).index);
      observed.reads.set(observed.current, seen);
    }
    return out;
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
}

/** One computer: its data folder; files it saves go to `out`. Every call is attributed to `name`. */
function computer(name: string, dataDir: string, out: string, replies: unknown[]) {
  let n = 0;
  const { dispatch } = makeDispatch(dataDir, {
    chooseSaveFile: async ({ defaultName }) => join(out, `${name}-${n++}-${defaultName}`),
  });
  return async <C extends Channel>(channel: C, payload: unknown): Promise<Result<Response<C>>> => {
    const childKey = (payload as { childKey?: { kind: string; text?: string } }).childKey;
    observed.current = name;
    try {
      if (childKey?.kind === 'text') {
        // A typed child key: its holder (the fixture knows whose each text is).
        const seen = observed.reads.get(name) ?? [];
        seen.push(typedIndex.get(childKey.text!)!);
        observed.reads.set(name, seen);
      }
      const r = await dispatch(channel, APP_PAGE, payload);
      replies.push(r);
      return r;
    } finally {
      observed.current = null;
    }
  };
}
const typedIndex = new Map<string, number>();

describe('FROST in the app, a whole session on three computers', () => {
  it.each([
    ['ed25519', 'a message, child keys typed'],
    ['secp256k1', 'a Taproot PSBT, child keys from files'],
  ] as const)('%s, %s: no computer read two child keys; nothing left holds a share or a nonce', async (curve, _how) => {
    observed.reads.clear();
    const w = frostWallet(curve, `frost-app-hygiene/${curve}`);
    w.texts.forEach((t, i) => typedIndex.set(t, i + 1));
    const out = tempDir('jointkey-frost-hygiene-');
    const replies: unknown[] = [];
    const [alice, bob, carol] = (['alice', 'bob', 'carol'] as const).map((name, i) =>
      computer(name, w.pcs[i]!, out, replies),
    );
    const childKey = (i: number) =>
      curve === 'ed25519' ? { kind: 'text', text: w.texts[i]! } : { kind: 'file', path: w.files[i]! };
    const message = 'Pay the roofer 1,200 EUR';
    let what: unknown = { kind: 'message', encoding: 'utf8', message };
    if (curve === 'secp256k1') {
      const psbtPath = join(out, 'unsigned.psbt');
      writeFileSync(
        psbtPath,
        buildPsbt(Uint8Array.of(2, ...hexToBytes(w.wallet.internalKey!)), { mine: ['tr', 'tr'] }).toBase64(),
      );
      what = { kind: 'bitcoin-psbt', path: psbtPath };
    }

    // Alice coordinates (the wallet's record is on her computer); Bob and Carol sign on theirs.
    const made = ok(await alice!('frost/make-request', { walletId: w.walletId, what, signers: [2, 3] }));
    const hash = made.request.requestHash;
    const signers = [
      [bob!, 1],
      [carol!, 2],
    ] as const;
    const commitments: string[] = [];
    const nonces: Uint8Array[] = [];
    for (const [pc, i] of signers) {
      expect(ok(await pc('frost/open-request', { path: made.path })).requestHash).toBe(hash);
      const c = ok(await pc('frost/commit', { path: made.path, requestHash: hash, childKey: childKey(i) }));
      commitments.push(c.path!);
      const kept = openNonces(w.pcs[i]!, made.request.requestId, i + 1, w.sharesHex[i]!);
      const published = JSON.parse(realReadFileSync(c.path!, 'utf8')) as { hiding: string; binding: string };
      const k = kept.length / 2;
      expect(kept.slice(0, k).map((x) => nonceCommitment(curve, x))).toEqual([
        ...(published.hiding.match(new RegExp(`.{${curve === 'ed25519' ? 64 : 66}}`, 'g')) ?? []),
      ]);
      expect(
        kept
          .slice(k)
          .map((x) => nonceCommitment(curve, x))
          .join(''),
      ).toBe(published.binding);
      nonces.push(...kept);
    }
    expect(nonces).toHaveLength(curve === 'ed25519' ? 4 : 8);
    const shares: string[] = [];
    for (const [pc, i] of signers)
      shares.push(
        ok(await pc('frost/respond', { path: made.path, requestHash: hash, commitments, childKey: childKey(i) })).path!,
      );
    const signed = ok(await alice!('frost/aggregate', { path: made.path, requestHash: hash, commitments, shares }));
    if (signed.kind === 'message')
      expect(
        ed25519.verify(
          hexToBytes(signed.signatureHex),
          new TextEncoder().encode(message),
          hexToBytes(signed.publicKeyHex),
        ),
      ).toBe(true);
    else {
      const back = bitcoin.Psbt.fromBuffer(realReadFileSync(signed.path!));
      expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
      back.finalizeAllInputs();
    }

    // What each computer's JointKey read: Alice none; Bob and Carol each their own, and only it.
    expect(Object.fromEntries([...observed.reads].map(([pc, seen]) => [pc, [...new Set(seen)]]))).toEqual({
      bob: [2],
      carol: [3],
    });
    expect(observed.reads.get('bob')!.length).toBeGreaterThanOrEqual(2); // round 1 and round 2 both observed

    // Nothing left holds a signing share or a nonce: the saved files, every data folder, every reply.
    const forms = secretForms([...w.sharesHex, ...nonces.map((x) => bytesToHex(x))]);
    const left = [out, ...w.pcs].flatMap((d) => filesUnder(d));
    expect(left.length).toBeGreaterThan(5);
    const texts = [
      ...left.map((f) => [f, realReadFileSync(f).toString('latin1')] as const),
      ['replies', JSON.stringify(replies)] as const,
    ];
    for (const [where, text] of texts)
      for (const secret of forms) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
    for (const pc of w.pcs)
      expect(existsSync(join(pc, 'frost-nonces')) ? readdirSync(join(pc, 'frost-nonces')) : []).toEqual([]);
  });

  it('a request altered between rounds: round 2 and aggregation refuse it; the signer’s nonces still answer the request they read', async () => {
    const w = frostWallet('ed25519', 'frost-app-altered');
    const out = tempDir('jointkey-frost-altered-');
    const replies: unknown[] = [];
    const [alice, bob] = (['alice', 'bob'] as const).map((name, i) => computer(name, w.pcs[i]!, out, replies));
    const made = ok(
      await alice!('frost/make-request', {
        walletId: w.walletId,
        what: { kind: 'message', encoding: 'hex', message: 'aa' },
        signers: [1, 2],
      }),
    );
    const hash = made.request.requestHash;
    const file = (i: number) => ({ kind: 'file', path: w.files[i]! });
    const c1 = ok(await alice!('frost/commit', { path: made.path, requestHash: hash, childKey: file(0) })).path!;
    const c2 = ok(await bob!('frost/commit', { path: made.path, requestHash: hash, childKey: file(1) })).path!;
    const original = realReadFileSync(made.path!, 'utf8');
    // Between the rounds, the request is rewritten (same id, another message, its words to match).
    const json = JSON.parse(original);
    json.messageHex = 'bb';
    json.whatIsSigned = json.whatIsSigned.map((l: string) => l.replace(/\baa\b/, 'bb'));
    const altered = join(out, 'altered.json');
    writeFileSync(altered, JSON.stringify(json));
    writeFileSync(made.path!, JSON.stringify(json));
    // Bob reopens it, reads the new words, and answers round 2: refused, his nonces were for the other.
    const reread = ok(await bob!('frost/open-request', { path: made.path }));
    expect(reread.requestHash).not.toBe(hash);
    expect(
      await bob!('frost/respond', {
        path: made.path,
        requestHash: reread.requestHash,
        commitments: [c1, c2],
        childKey: file(1),
      }),
    ).toMatchObject({ ok: false, code: 'REQUEST_CHANGED' });
    // With the hash he read the first time: refused, the file is not that request any more.
    expect(
      await bob!('frost/respond', { path: made.path, requestHash: hash, commitments: [c1, c2], childKey: file(1) }),
    ).toMatchObject({ ok: false, code: 'REQUEST_CHANGED' });
    // A request whose words are not its message's is refused as soon as it is opened.
    const misleading = { ...JSON.parse(original), whatIsSigned: json.whatIsSigned };
    writeFileSync(made.path!, JSON.stringify(misleading));
    expect(await bob!('frost/open-request', { path: made.path })).toMatchObject({
      ok: false,
      code: 'TAMPERED_FILE',
      message: expect.stringMatching(/the words it shows are not what its message is/),
    });
    // The request restored: both answer round 2 (Bob's nonces were not spent by the refusals).
    writeFileSync(made.path!, original);
    const shares = [
      ok(
        await alice!('frost/respond', { path: made.path, requestHash: hash, commitments: [c1, c2], childKey: file(0) }),
      ).path!,
      ok(await bob!('frost/respond', { path: made.path, requestHash: hash, commitments: [c1, c2], childKey: file(1) }))
        .path!,
    ];
    // Aggregating the altered request with those answers is refused; the one they answered signs.
    const alteredRead = ok(await alice!('frost/open-request', { path: altered }));
    expect(
      await alice!('frost/aggregate', {
        path: altered,
        requestHash: alteredRead.requestHash,
        commitments: [c1, c2],
        shares,
      }),
    ).toMatchObject({ ok: false, code: 'REQUEST_CHANGED' });
    const sig = ok(
      await alice!('frost/aggregate', { path: made.path, requestHash: hash, commitments: [c1, c2], shares }),
    );
    if (sig.kind !== 'message') throw new Error('expected a message signature');
    expect(ed25519.verify(hexToBytes(sig.signatureHex), Uint8Array.of(0xaa), hexToBytes(sig.publicKeyHex))).toBe(true);
  });
});
