import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '../../../main/core/bytes.js';
import type { ChildKey } from '../../../main/core/formats/child-key.js';
import { generatePrivateKey } from '../../../main/core/chains/key-sources.js';
import { restore } from '../../../main/core/wallet/restore.js';
import { setIdOf } from '../../../main/core/formats/set-public.js';
import { splitKey, splitSecret } from '../../../main/core/wallet/split.js';
import { verifyChildKey } from '../../../main/core/formats/verify.js';
import { ALL_SCHEMES, altered, keySet, secretSet, seededRng } from '../../support/sets.js';
import { refusal } from '../../support/refusal.js';

function subsetsOf<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsetsOf(rest, k - 1).map((s) => [first, ...s]), ...subsetsOf(rest, k)];
}

describe('split and restore, every scheme', () => {
  it.each(ALL_SCHEMES)('%s: a secp256k1 key restores from its child keys and only from enough of them', (scheme) => {
    const { key, set, childKeys } = keySet(scheme);
    expect(bytesToHex(set.walletId)).toBe(bytesToHex(secp256k1.getPublicKey(key, true)));
    for (const some of subsetsOf(childKeys, set.threshold)) {
      const r = restore(some, { set });
      expect(bytesToHex(r.secret)).toBe(bytesToHex(key));
      expect(bytesToHex(restore(some).secret)).toBe(bytesToHex(key)); // without the set's data too
    }
    for (const few of subsetsOf(childKeys, set.threshold - 1))
      expect(refusal(() => restore(few, { set })).code).toBe('TOO_FEW_CHILD_KEYS');
    for (const ck of childKeys) verifyChildKey(ck, set);
  });

  it.each(ALL_SCHEMES)('%s: any secret restores exactly, leading zeros included', (scheme) => {
    const { secret, set, childKeys } = secretSet(scheme);
    expect(bytesToHex(restore(childKeys.slice(-set.threshold), { set }).secret)).toBe(bytesToHex(secret));
    const zeros = Uint8Array.of(0, 0, 0, 1, 2);
    const s = splitSecret(zeros, { scheme, parties: 2 });
    expect(restore(s.childKeys).secret).toEqual(zeros);
  });

  it('uses the field the secret needs, and refuses one too large for the polynomial scheme', () => {
    expect(secretSet('shamir').set.field).toBe('m521');
    expect(splitSecret(new Uint8Array(100), { scheme: 'shamir', parties: 2 }).set.field).toBe('m1279');
    expect(splitSecret(new Uint8Array(512), { scheme: 'shamir', parties: 2 }).set.field).toBe('m4253');
    const big = splitSecret(new Uint8Array(531).fill(0xff), { scheme: 'shamir', parties: 3, threshold: 2 });
    expect(restore(big.childKeys.slice(1)).secret).toEqual(new Uint8Array(531).fill(0xff));
    expect(refusal(() => splitSecret(new Uint8Array(532), { scheme: 'shamir', parties: 2 })).code).toBe(
      'SECRET_TOO_LARGE',
    );
    expect(splitSecret(new Uint8Array(4096), { scheme: 'gf256', parties: 2 }).childKeys[0]!.share.length).toBe(4096);
  });

  it('checks child keys of curve keys by Feldman commitments and public points', () => {
    const shamir = keySet('shamir');
    expect(shamir.set.verification.kind).toBe('feldman');
    if (shamir.set.verification.kind === 'feldman')
      expect(bytesToHex(shamir.set.verification.commitments[0]!)).toBe(bytesToHex(shamir.set.walletId));
    const additive = keySet('additive');
    expect(additive.set.verification.kind).toBe('points');
    if (additive.set.verification.kind === 'points') {
      const sum = additive.set.verification.points.map((p) => secp256k1.Point.fromBytes(p)).reduce((a, b) => a.add(b));
      expect(bytesToHex(sum.toBytes(true))).toBe(bytesToHex(additive.set.walletId));
    }
    expect(keySet('xor').set.verification.kind).toBe('blinded');
    expect(secretSet('shamir').set.verification.kind).toBe('blinded');
  });

  it('splits ed25519 seeds over L with Feldman when below L, else over m521 with blinded hashes', () => {
    const rng = seededRng('ed');
    const low = generatePrivateKey('ed25519', rng);
    const s1 = splitKey('ed25519', low, { scheme: 'shamir', parties: 3, threshold: 2, rng });
    expect([s1.set.field, s1.set.verification.kind]).toEqual(['ed25519-l', 'feldman']);
    expect(s1.set.walletId).toEqual(ed25519.getPublicKey(low));
    expect(restore(s1.childKeys.slice(0, 2), { set: s1.set }).secret).toEqual(low);
    const high = new Uint8Array(32).fill(0xff);
    for (const scheme of ['shamir', 'additive'] as const) {
      const s2 = splitKey('ed25519', high, { scheme, parties: 3, rng });
      expect(s2.set.verification.kind).toBe('blinded');
      expect(restore(s2.childKeys, { set: s2.set }).secret).toEqual(high);
    }
  });

  it('any t of n restore and t-1 never do (property, every t-of-n scheme)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('shamir' as const, 'gf256' as const),
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 2, max: 7 }),
        fc.infiniteStream(fc.nat()),
        (secret, scheme, n, tRaw, picks) => {
          const t = Math.min(tRaw, n);
          const { set, childKeys } = splitSecret(secret, { scheme, parties: n, threshold: t });
          const pool = [...childKeys];
          const chosen: ChildKey[] = [];
          const it = picks[Symbol.iterator]();
          while (chosen.length < t) chosen.push(pool.splice(it.next().value % pool.length, 1)[0]!);
          expect(restore(chosen, { set }).secret).toEqual(secret);
          expect(refusal(() => restore(chosen.slice(1), { set })).code).toBe('TOO_FEW_CHILD_KEYS');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('N-of-N sets restore only from all N (property, xor and additive, keys and secrets)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('xor' as const, 'additive' as const),
        fc.integer({ min: 2, max: 8 }),
        fc.nat(),
        (secret, scheme, n, drop) => {
          const { set, childKeys } = splitSecret(secret, { scheme, parties: n });
          expect(restore(childKeys, { set }).secret).toEqual(secret);
          const fewer = childKeys.filter((_, i) => i !== drop % n);
          expect(refusal(() => restore(fewer, { set })).code).toBe('TOO_FEW_CHILD_KEYS');
          // Without the set's data, N-1 child keys are refused by count too.
          expect(refusal(() => restore(fewer)).code).toBe('TOO_FEW_CHILD_KEYS');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('restore rules: refusals name the child key', () => {
  it('names who is still missing, for N-of-N and t-of-n', () => {
    const n = keySet('xor');
    expect(refusal(() => restore(n.childKeys.slice(0, 2), { set: n.set })).message).toBe(
      '2 of 3 child keys — still missing: Carol. This wallet needs every holder’s child key.',
    );
    const t = keySet('shamir', 'k', 3);
    expect(refusal(() => restore([t.childKeys[1]!], { set: t.set })).message).toMatch(
      /1 of 3 child keys — still missing: Alice, Carol/,
    );
    const tn = keySet('gf256');
    expect(refusal(() => restore([tn.childKeys[2]!], { set: tn.set })).message).toBe(
      '1 of 2 child keys — 1 more needed, from any of: Alice, Bob.',
    );
  });

  it('refuses no child keys', () => {
    expect(refusal(() => restore([])).code).toBe('NO_CHILD_KEYS');
  });

  it.each(ALL_SCHEMES)('%s: refuses a duplicate and too many, naming them', (scheme) => {
    const { set, childKeys } = keySet(scheme);
    const [a, b, c] = childKeys as [ChildKey, ChildKey, ChildKey];
    const dup = refusal(() => restore([a, b, b], { set }));
    expect(dup).toEqual({
      code: 'DUPLICATE_CHILD_KEY',
      message: 'Child key 2 (Bob) was given twice. Each holder’s child key counts once.',
    });
    expect(refusal(() => restore([a, b, c, a])).code).toBe('TOO_MANY_CHILD_KEYS');
    expect(refusal(() => restore([a, b, c, a])).message).toMatch(/child key 1 \(Alice\) was given more than once/);
    const forged = altered(b, { label: 'Mallory', share: b.share.map((x) => x ^ 1) });
    expect(refusal(() => restore([a, b, forged])).message).toMatch(/Two different child keys both claim index 2/);
  });

  it.each(ALL_SCHEMES)('%s: refuses a child key of another wallet, set or scheme, naming it', (scheme) => {
    const one = keySet(scheme, 'one');
    const other = keySet(scheme, 'other');
    const [a, b] = one.childKeys as [ChildKey, ChildKey];
    const foreign = other.childKeys[2]!;
    for (const opts of [{ set: one.set }, {}]) {
      const r = refusal(() => restore([a, b, foreign], opts));
      expect(r.code).toBe('DIFFERENT_WALLET');
      expect(r.message).toMatch(/^Child key 3 \(Carol\) belongs to another wallet/);
    }
    // The same key split again: another set of the same wallet.
    const again = splitKey('secp256k1', one.key, {
      scheme,
      parties: 3,
      threshold: one.set.threshold,
      labels: ['Alice', 'Bob', 'Carol'],
    });
    const r = refusal(() => restore([a, b, again.childKeys[2]!], { set: one.set }));
    expect(r.code).toBe('DIFFERENT_SET');
    expect(r.message).toMatch(/^Child key 3 \(Carol\) is from another split of this wallet/);
    const otherScheme = scheme === 'xor' ? 'additive' : 'xor';
    const mixed = splitKey('secp256k1', one.key, { scheme: otherScheme, parties: 3 });
    expect(refusal(() => restore([a, b, mixed.childKeys[2]!], { set: one.set })).code).toBe('DIFFERENT_SCHEME');
  });

  it.each(ALL_SCHEMES)('%s: refuses index 0 before any arithmetic', (scheme) => {
    const { set, childKeys } = keySet(scheme);
    const zero = altered(childKeys[0]!, { index: 0 });
    const r = refusal(() => restore([zero, childKeys[1]!, childKeys[2]!], { set }));
    expect(r.code).toBe('INDEX_ZERO');
    expect(r.message).toMatch(/^Child key 0 \(Alice\) has index 0/);
    expect(refusal(() => restore([zero, childKeys[1]!, childKeys[2]!])).code).toBe('INDEX_ZERO');
  });

  it.each(ALL_SCHEMES)('%s: refuses a damaged share by name when the set’s data is known', (scheme) => {
    const { set, childKeys } = keySet(scheme);
    const bad = altered(childKeys[1]!, {});
    bad.share[bad.share.length - 1]! ^= 1;
    const r = refusal(() => restore([childKeys[0]!, bad, childKeys[2]!], { set }));
    expect(r.code).toBe('CHILD_KEY_MISMATCH');
    expect(r.message).toMatch(
      /^Child key 2 \(Bob\) does not match its set’s public data|^Child key 2 \(Bob\) does not match its set's public data/,
    );
  });

  it('t-of-n with more than t: checks they agree and names the one that does not, without the set’s data', () => {
    for (const scheme of ['shamir', 'gf256'] as const) {
      const key = generatePrivateKey('secp256k1', seededRng(scheme));
      const { childKeys } = splitKey('secp256k1', key, {
        scheme,
        parties: 5,
        threshold: 2,
        labels: ['A', 'B', 'C', 'D', 'E'],
      });
      const bad = altered(childKeys[0]!, {});
      bad.share[3]! ^= 0x40;
      const r = refusal(() => restore([bad, ...childKeys.slice(1, 4)]));
      expect(r.code).toBe('CHILD_KEY_MISMATCH');
      expect(r.message).toMatch(/^Child key 1 \(A\) does not agree with the other child keys/);
      // With exactly t, one of them wrong: the result cannot match the wallet and is refused.
      expect(refusal(() => restore([bad, childKeys[1]!])).code).toBe('WRONG_RESULT');
      // All of them honest: more than t restore too.
      expect(restore(childKeys).secret).toEqual(key);
    }
  });

  it('N-of-N without the set’s data: a damaged share gives the wrong key, which is refused', () => {
    for (const scheme of ['xor', 'additive'] as const) {
      const { childKeys } = keySet(scheme);
      const bad = altered(childKeys[2]!, {});
      bad.share[0]! ^= 1;
      expect(refusal(() => restore([childKeys[0]!, childKeys[1]!, bad])).code).toBe('WRONG_RESULT');
    }
  });

  it.each(ALL_SCHEMES)(
    '%s (version 2): a damaged blinding share is refused like a damaged share, with or without the set',
    (scheme) => {
      for (const s of [secretSet(scheme), keySet(scheme)]) {
        if (s.set.verification.kind !== 'blinded') continue;
        const [a, b, c] = s.childKeys as [ChildKey, ChildKey, ChildKey];
        expect(b.blinding.length).toBe(scheme === 'shamir' ? 66 : 32);
        const bad = altered(b, { blinding: b.blinding.slice() });
        bad.blinding[bad.blinding.length - 1]! ^= 1;
        expect(refusal(() => restore([a, bad, c], { set: s.set })).code).toBe('CHILD_KEY_MISMATCH');
        if (s.set.threshold === 3 && s.set.curve === null)
          // All N: the blinding key comes out wrong, so the fingerprint does not match.
          expect(refusal(() => restore([a, bad, c])).code).toBe('WRONG_RESULT');
        if (s.set.threshold === 2 && s.set.curve === null) {
          expect(refusal(() => restore([a, bad])).code).toBe('WRONG_RESULT');
          const r = refusal(() => restore([bad, a, c]));
          expect(r.code).toBe('CHILD_KEY_MISMATCH');
          expect(r.message).toMatch(/^Child key 2 \(Bob\) does not agree/);
        }
      }
    },
  );

  it('names the foreign child key even when it comes first (the majority sets the reference)', () => {
    const one = keySet('shamir', 'a');
    const other = keySet('shamir', 'b');
    const r = refusal(() => restore([other.childKeys[0]!, one.childKeys[1]!, one.childKeys[2]!]));
    expect(r.message).toMatch(/^Child key 1 \(Alice\) belongs to another wallet/);
  });

  it('returns the indices used and the set id', () => {
    const { set, setId, childKeys } = keySet('shamir');
    const r = restore([childKeys[2]!, childKeys[0]!], { set });
    expect(r.indices).toEqual([1, 3]);
    expect(r.setId).toEqual(setId);
    expect(setIdOf(set)).toEqual(setId);
  });
});
