/**
 * FROST signing across computers at the core (main/core/wallet/frost-rounds.ts): the request, round 1,
 * round 2 and aggregation, each holder's child key read from their own file alone — as each holder's
 * JointKey does on their own computer. Every 3 of a 3-of-5 sign a message (BIP-340 and Ed25519),
 * verified by noble's verifiers, and a Taproot PSBT, validated and finalized by bitcoinjs-lib; a
 * request altered between any two rounds is refused (REQUEST_CHANGED), whatever field was changed.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../../main/core/chains/key-sources.js';
import {
  type FrostRequest,
  frostAggregate,
  frostCommit,
  frostPsbtRequest,
  frostRequest,
  frostRequestFromJson,
  frostRespond,
} from '../../../main/core/wallet/frost-rounds.js';
import { type FrostWallet, frostChildKeyFromFile, frostSplitKey } from '../../../main/core/wallet/kinds/frost.js';
import { describeRequest } from '../../../main/core/wallet/session.js';
import { bitcoin, buildPsbt, foreignSigner, validator } from '../../support/psbt.js';
import { refusal } from '../../support/refusal.js';
import { seededRng } from '../../support/sets.js';

const LABELS5 = ['Alice', 'Bob', 'Carol', 'Dan', 'Erin'];

/** A 3-of-5 FROST wallet of `curve`: each holder's child-key file (the only thing their computer has). */
function wallet(curve: 'secp256k1' | 'ed25519') {
  const rng = seededRng(`frost-rounds/${curve}`);
  const c = frostSplitKey(
    curve,
    generatePrivateKey(curve, rng),
    { scheme: 'frost', labels: LABELS5, threshold: 3, walletLabel: 'Treasury' },
    'generated',
    rng,
  );
  const files = LABELS5.map((_, i) => c.fileForm(i + 1));
  c.abandon();
  /** Holder `i`'s (0-based) child key, read afresh from their file: a new "computer" each time. */
  const childKey = (i: number) => frostChildKeyFromFile(JSON.parse(files[i]!));
  return { files, childKey, public: childKey(0).wallet };
}

/** Every subset of `k` of `items`. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

/**
 * Both rounds for signers `who` (0-based): each holder reads the request from its JSON (as sent),
 * their own child key alone, commits, later answers; returns what the coordinator gathers.
 */
function rounds(w: ReturnType<typeof wallet>, req: FrostRequest, who: number[]) {
  const sent = () => frostRequestFromJson(JSON.parse(JSON.stringify(req.json)));
  const r1 = who.map((i) => frostCommit(sent(), w.childKey(i)));
  const commitments = r1.map((r) => JSON.parse(JSON.stringify(r.commitment)) as unknown);
  const shares = who.map(
    (i, k) => JSON.parse(JSON.stringify(frostRespond(sent(), commitments, w.childKey(i), r1[k]!.nonces))) as unknown,
  );
  return { commitments, shares };
}

/** What each holder's JointKey says a message is: the words a message request must carry. */
const words = (w: FrostWallet, message: Uint8Array) => describeRequest({ kind: 'message', algo: w.algo, message });

const id = (n: number) => Uint8Array.from({ length: 16 }, (_, i) => (i * 7 + n) & 0xff);
const NOW = '2026-12-05T12:00:00.000Z';

describe('FROST across computers, every 3 of a 3-of-5', () => {
  it.each(['secp256k1', 'ed25519'] as const)(
    '%s: each of the 10 subsets signs a message through request, commit, respond, aggregate; noble verifies',
    (curve) => {
      const w = wallet(curve);
      const all = subsets([0, 1, 2, 3, 4], 3);
      expect(all).toHaveLength(10);
      for (const [n, who] of all.entries()) {
        const message = new TextEncoder().encode(`pay the roofer, signed by ${who.map((i) => LABELS5[i]).join('+')}`);
        const req = frostRequest(
          w.public,
          message,
          words(w.public, message),
          who.map((i) => i + 1),
          id(n),
          NOW,
        );
        const { commitments, shares } = rounds(w, req, who);
        // The coordinator's side reads the request from its JSON as well.
        const coordinator = frostRequestFromJson(JSON.parse(JSON.stringify(req.json)));
        const { signatureHex, publicKeyHex } = frostAggregate(coordinator, commitments, [...shares].reverse());
        const sig = hexToBytes(signatureHex!);
        const pub = hexToBytes(publicKeyHex);
        expect(
          curve === 'ed25519' ? ed25519.verify(sig, message, pub) : schnorr.verify(sig, message, pub),
          `${curve} ${who.join(',')}`,
        ).toBe(true);
        // The key is the wallet's group key (for Taproot, the x-only output key).
        expect(publicKeyHex).toBe(curve === 'ed25519' ? w.public.commitments[0] : w.public.commitments[0]!.slice(2));
      }
    },
  );

  it('bip340: each of the 10 subsets signs a Taproot PSBT (two inputs of the wallet, one foreign); bitcoinjs-lib validates and finalizes', async () => {
    const { addTaprootSignatures } = await import('../../../main/core/chains/bitcoin/psbt.js');
    const { frostPsbtWallet } = await import('../../../main/core/wallet/kinds/frost.js');
    const w = wallet('secp256k1');
    const internal = Uint8Array.of(2, ...hexToBytes(w.public.internalKey!));
    const unsigned = buildPsbt(internal, { mine: ['tr', 'tr'], foreign: true }).toBuffer();
    for (const [n, who] of subsets([0, 1, 2, 3, 4], 3).entries()) {
      const req = frostPsbtRequest(
        w.public,
        new Uint8Array(unsigned),
        {},
        who.map((i) => i + 1),
        id(100 + n),
        NOW,
      );
      expect(req.messages).toHaveLength(2);
      const { commitments, shares } = rounds(w, req, who);
      const { signaturesHex } = frostAggregate(req, commitments, shares);
      const signed = addTaprootSignatures(
        req.psbt!.bytes,
        frostPsbtWallet(req.wallet),
        req.psbt!.options,
        signaturesHex.map((h) => hexToBytes(h)),
      );
      expect(signed.signedInputs).toEqual([0, 1]);
      const back = bitcoin.Psbt.fromBuffer(Buffer.from(signed.psbt));
      back.signInput(2, foreignSigner);
      expect(back.validateSignaturesOfAllInputs(validator), who.join(',')).toBe(true);
      back.finalizeAllInputs();
      expect(back.extractTransaction().ins).toHaveLength(3);
    }
  });
});

describe('a request altered between rounds is refused', () => {
  /** Each way a coordinator (or someone on the way) could change a request between two rounds. */
  const changes: [string, (json: Record<string, any>) => void][] = [
    [
      'the message (and its words)',
      (j) => {
        j['messageHex'] = 'bb';
        j['whatIsSigned'] = describeRequest({ kind: 'message', algo: j['wallet'].algo, message: Uint8Array.of(0xbb) });
      },
    ],
    ['the signers', (j) => (j['signers'] = [1, 2, 4])],
    ['the date', (j) => (j['createdAt'] = '2026-12-06T00:00:00.000Z')],
    ['the id', (j) => (j['id'] = 'ff'.repeat(16))],
  ];

  it.each(['secp256k1', 'ed25519'] as const)(
    '%s: after round 1 (at round 2) and after round 2 (at aggregation), whatever was changed',
    (curve) => {
      const w = wallet(curve);
      const req = frostRequest(
        w.public,
        Uint8Array.of(0xaa),
        words(w.public, Uint8Array.of(0xaa)),
        [1, 2, 3],
        id(7),
        NOW,
      );
      const r1 = [0, 1, 2].map((i) => frostCommit(req, w.childKey(i)));
      const commitments = r1.map((r) => r.commitment);
      for (const [what, change] of changes) {
        const json = JSON.parse(JSON.stringify(req.json));
        change(json);
        const altered = frostRequestFromJson(json);
        expect(altered.hash, what).not.toBe(req.hash);
        // Round 2 of the altered request with round 1's commitments: refused, nonces untouched.
        const nonces = { hiding: r1[0]!.nonces.hiding.slice(), binding: r1[0]!.nonces.binding.slice() };
        const e = refusal(() => frostRespond(altered, commitments, w.childKey(0), nonces));
        expect(e.code, what).toBe('REQUEST_CHANGED');
      }
      const shares = [0, 1, 2].map((i) => frostRespond(req, commitments, w.childKey(i), r1[i]!.nonces));
      for (const [what, change] of changes) {
        const json = JSON.parse(JSON.stringify(req.json));
        change(json);
        const e = refusal(() => frostAggregate(frostRequestFromJson(json), commitments, shares));
        expect(e.code, what).toBe('REQUEST_CHANGED');
      }
      // Words that are not the message's, or a wallet changed, are refused as soon as the request is read.
      const misleading = JSON.parse(JSON.stringify(req.json));
      misleading.whatIsSigned = ['Sign a message of 1 bytes with ' + req.json.wallet.algo, 'message (hex): 00'];
      expect(refusal(() => frostRequestFromJson(misleading))).toMatchObject({
        code: 'TAMPERED_FILE',
        message: expect.stringMatching(/the words it shows are not what its message is/),
      });
      // The wallet's public data cannot be changed at all: it no longer matches the wallet's id.
      const relabelled = JSON.parse(JSON.stringify(req.json));
      relabelled.wallet.label = 'Another';
      expect(refusal(() => frostRequestFromJson(relabelled)).code).toBe('TAMPERED_FILE');
      // The request as answered aggregates.
      const msg = Uint8Array.of(0xaa);
      const { signatureHex, publicKeyHex } = frostAggregate(req, commitments, shares);
      const [sig, pub] = [hexToBytes(signatureHex!), hexToBytes(publicKeyHex)];
      expect(curve === 'ed25519' ? ed25519.verify(sig, msg, pub) : schnorr.verify(sig, msg, pub)).toBe(true);
    },
  );

  it('a commitment altered in transit (another holder’s, or re-made) makes round 2 refuse, naming the holder', () => {
    const w = wallet('secp256k1');
    const req = frostRequest(w.public, Uint8Array.of(1), words(w.public, Uint8Array.of(1)), [1, 3, 5], id(9), NOW);
    const r1 = [0, 2, 4].map((i) => frostCommit(req, w.childKey(i)));
    const again = frostCommit(req, w.childKey(0)); // Alice's round 1 made twice: only one is hers to sign with
    const e = refusal(() =>
      frostRespond(req, [again.commitment, r1[1]!.commitment, r1[2]!.commitment], w.childKey(0), r1[0]!.nonces),
    );
    expect(e.code).toBe('REQUEST_CHANGED');
    expect(e.message).toMatch(/^The commitment listed for Alice is not the one this computer made/);
  });
});
