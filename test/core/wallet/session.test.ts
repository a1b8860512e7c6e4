import { createPublicKey, verify as osslVerify } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../main/core/bytes.js';
import type { ChildKey } from '../../../main/core/formats/child-key.js';
import { generatePrivateKey } from '../../../main/core/chains/key-sources.js';
import { SigningSession } from '../../../main/core/wallet/kinds/jointkey.js';
import { splitKey } from '../../../main/core/wallet/split.js';
import { childKeyFromText, childKeyToText } from '../../../main/core/formats/text-form.js';
import { ALL_SCHEMES, keySet, seededRng } from '../../support/sets.js';
import { refusal } from '../../support/refusal.js';
import { verifyMessage } from 'viem';
import { ethAddressOf } from '../../../main/core/chains/eth-tx.js';

/** A fresh copy of child keys, as a holder would enter them (the session wipes what it is given). */
const copies = (cks: ChildKey[]) => cks.map((c) => childKeyFromText(childKeyToText(c)));

/** OpenSSL's view of a compact secp256k1 signature over SHA-256. */
function opensslVerifiesEcdsa(publicKey33: Uint8Array, message: Uint8Array, signature64: Uint8Array): boolean {
  const p = secp256k1.Point.fromBytes(publicKey33).toBytes(false);
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'secp256k1', x: b64(p.subarray(1, 33)), y: b64(p.subarray(33)) },
    format: 'jwk',
  });
  return osslVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature64);
}

function opensslVerifiesEd25519(publicKey32: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey32).toString('base64url') },
    format: 'jwk',
  });
  return osslVerify(null, message, key, signature);
}

describe('a joint signing session', () => {
  it('checks each child key on entry and reports progress by name', () => {
    const { set, childKeys } = keySet('shamir', 's', 3);
    const other = keySet('shamir', 'other', 3);
    const s = new SigningSession(set);
    const [a, b, c] = copies(childKeys);
    expect(s.progress().summary).toBe('0 of 3 — still missing: Alice, Bob, Carol');
    expect(s.add(a!).summary).toBe('1 of 3 — still missing: Bob, Carol');
    expect(refusal(() => s.add(copies(other.childKeys)[1]!)).code).toBe('DIFFERENT_WALLET');
    expect(refusal(() => s.add(childKeyFromText(childKeyToText(childKeys[0]!)))).message).toMatch(
      /^Child key 1 \(Alice\) was already entered/,
    );
    const forged = childKeyFromText(childKeyToText(childKeys[1]!));
    forged.share[2]! ^= 4;
    expect(refusal(() => s.add(forged)).code).toBe('CHILD_KEY_MISMATCH');
    expect(forged.share.every((x) => x === 0)).toBe(true); // a refused child key is wiped at once
    expect(s.add(b!).summary).toBe('2 of 3 — still missing: Carol');
    expect(refusal(() => s.sign({ kind: 'message', algo: 'ecdsa-sha256', message: Uint8Array.of(1) }))).toEqual({
      code: 'TOO_FEW_CHILD_KEYS',
      message: '2 of 3 child keys — still missing: Carol. This wallet needs every holder’s child key.',
    });
    expect(s.closed).toBe(false);
    expect(s.add(c!)).toMatchObject({ have: 3, need: 3, ready: true, summary: '3 of 3 — ready to sign' });
  });

  it.each(ALL_SCHEMES)(
    '%s: signs a message (ecdsa-sha256, bip340), verified also by OpenSSL, and wipes every buffer',
    (scheme) => {
      const { key, set, childKeys } = keySet(scheme, 'sign');
      const message = new TextEncoder().encode('We, the owners, agree.');
      for (const algo of ['ecdsa-sha256', 'bip340'] as const) {
        const s = new SigningSession(set);
        const entered = copies(childKeys).slice(0, set.threshold);
        for (const ck of entered) s.add(ck);
        const r = s.sign({ kind: 'message', algo, message });
        expect(r).toMatchObject({ kind: 'message', algo, publicKeyHex: bytesToHex(set.walletId) });
        if (r.kind !== 'message') throw new Error('unreachable');
        const sig = Buffer.from(r.signatureHex, 'hex');
        expect(sig.length).toBe(64);
        if (algo === 'ecdsa-sha256') {
          expect(opensslVerifiesEcdsa(set.walletId, message, sig)).toBe(true);
          expect(BigInt(`0x${r.signatureHex.slice(64)}`) <= secp256k1.Point.CURVE().n / 2n).toBe(true); // low-s
        } else {
          expect(secp256k1.Point.fromBytes(set.walletId).toBytes(true).length).toBe(33);
        }
        // After the session: closed, and every buffer it held — child keys and the restored key — is zero.
        expect(s.closed).toBe(true);
        const held = s.secretBuffers();
        // Each child key's share, and its blinding share in a set checked by blinded hashes.
        expect(held.length).toBe(set.threshold * (set.verification.kind === 'blinded' ? 2 : 1) + 1);
        for (const b of held) expect(b.every((x) => x === 0)).toBe(true);
        for (const ck of entered) expect([...ck.share, ...ck.blinding].every((x) => x === 0)).toBe(true);
        expect(held.some((b) => bytesToHex(b) === bytesToHex(key))).toBe(false);
        expect(refusal(() => s.add(copies(childKeys)[0]!)).code).toBe('INVALID_ARGUMENT');
      }
    },
  );

  it('signs with an Ed25519 wallet, verified also by OpenSSL', () => {
    const rng = seededRng('ed-session');
    const key = generatePrivateKey('ed25519', rng);
    const { set, childKeys } = splitKey('ed25519', key, { scheme: 'shamir', parties: 3, threshold: 2, rng });
    const s = new SigningSession(set);
    for (const ck of copies(childKeys).slice(1)) s.add(ck);
    const message = Uint8Array.of(1, 2, 3);
    const r = s.sign({ kind: 'message', algo: 'ed25519', message });
    if (r.kind !== 'message') throw new Error('unreachable');
    expect(opensslVerifiesEd25519(set.walletId, message, Buffer.from(r.signatureHex, 'hex'))).toBe(true);
    expect(s.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
  });

  it('refuses an algorithm the wallet’s curve cannot sign, and describes requests in plain words', () => {
    const { set, childKeys } = keySet('xor', 'algo');
    const s = new SigningSession(set);
    for (const ck of copies(childKeys)) s.add(ck);
    expect(s.describe({ kind: 'message', algo: 'ecdsa-sha256', message: Uint8Array.of(0xab) })).toEqual([
      'Sign a message of 1 bytes with ecdsa-sha256',
      'message (hex): ab',
    ]);
    expect(refusal(() => s.sign({ kind: 'message', algo: 'ed25519', message: Uint8Array.of(1) })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('a health check restores and checks the public key without signing', () => {
    const { set, childKeys } = keySet('gf256', 'health');
    const s = new SigningSession(set);
    for (const ck of copies(childKeys).slice(0, 2)) s.add(ck);
    expect(s.sign({ kind: 'health-check' })).toEqual({
      kind: 'health-check',
      publicKeyHex: bytesToHex(set.walletId),
      ok: true,
    });
    expect(s.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
  });
});

describe('Ethereum requests through a JointKey session', () => {
  it('a personal message is described before any child key, signed by the restored key, and recovers to the wallet’s address', async () => {
    const { set, childKeys } = keySet('shamir', 'eth-personal', 2);
    const s = new SigningSession(set);
    const message = new TextEncoder().encode('joint ownership');
    const request = { kind: 'eth-personal', message } as const;
    expect(s.describe(request)[1]).toBe('  | joint ownership');
    const [a, , c] = copies(childKeys);
    s.add(a!);
    s.add(c!);
    const r = s.sign(request);
    if (r.kind !== 'eth-message') throw new Error('a message signature was expected');
    expect(r.address).toBe(ethAddressOf(set.walletId));
    expect(
      await verifyMessage({
        address: r.address as `0x${string}`,
        message: { raw: message },
        signature: r.signature as `0x${string}`,
      }),
    ).toBe(true);
    expect(s.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
  });
});
