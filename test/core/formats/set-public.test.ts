/**
 * The set's canonical binary encoding, laid out directly for speed (issue 19): the same bytes as
 * the layout of docs/FORMAT.md ("The set's public data and the set id") written with micro-packed,
 * as the encoder did before, and the same set ids as before for fixed sets of every scheme.
 */
import fc from 'fast-check';
import * as P from 'micro-packed';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '../../../main/core/bytes.js';
import { SCHEME_CODES, type SetPublic } from '../../../main/core/formats/child-key.js';
import { CURVE_CODES, FIELD_CODES } from '../../../main/core/formats/header.js';
import { setIdOf, setPublicToBytes } from '../../../main/core/formats/set-public.js';
import { ALL_SCHEMES, keySet, secretSet } from '../../support/sets.js';

/** FORMAT.md's layout, as micro-packed writes it (the previous encoder). */
const REFERENCE = P.struct({
  version: P.U8,
  scheme: P.U8,
  threshold: P.U8,
  parties: P.U8,
  curve: P.U8,
  field: P.U8,
  secretLength: P.U32BE,
  walletId: P.bytes(P.U8),
  walletLabel: P.bytes(P.U8),
  labels: P.array(P.U8, P.bytes(P.U8)),
  verification: P.U8,
  salt: P.bytes(P.U8),
  items: P.array(P.U16BE, P.bytes(P.U16BE)),
});
const KINDS = { feldman: 1, points: 2, hashes: 3, blinded: 4 } as const;

function reference(set: SetPublic): Uint8Array {
  const v = set.verification;
  return REFERENCE.encode({
    version: set.version,
    scheme: SCHEME_CODES[set.scheme],
    threshold: set.threshold,
    parties: set.parties,
    curve: set.curve === null ? 0 : CURVE_CODES[set.curve],
    field: FIELD_CODES[set.field],
    secretLength: set.secretLength,
    walletId: set.walletId,
    walletLabel: utf8ToBytes(set.walletLabel),
    labels: set.labels.map((l) => utf8ToBytes(l)),
    verification: KINDS[v.kind],
    salt: v.kind === 'hashes' ? v.salt : new Uint8Array(0),
    items: v.kind === 'feldman' ? v.commitments : v.kind === 'points' ? v.points : v.hashes,
  });
}

describe('the set encoding', () => {
  it('gives the set ids it gave before, for fixed sets of every scheme', () => {
    const ids = ALL_SCHEMES.map((s) => [s, bytesToHex(setIdOf(keySet(s).set)), bytesToHex(setIdOf(secretSet(s).set))]);
    expect(ids).toEqual([
      ['xor', '6877c281bced3ed9a947547d762c6d69', 'ade4f21af4315fb15a6e3c128bc0797d'],
      ['additive', 'a0ad99d8b521887dc18ef4c9207aa25e', '9dd8ae51ff4f2ccb3ec7c5cd3b40422f'],
      ['shamir', '87eeb0e2d1d67daa1639318bb44fabb3', '4a7990a44586ab6fd7d0e5b2c44d12e7'],
      ['gf256', '9ddd60aff8e026dadd5fa49fd6a8530d', '95fb5968b3eb3a76817fcc7968d89ff7'],
    ]);
  });

  it('is the layout byte for byte for any labels, wallet label and verification (version 1 salts included)', () => {
    const base = [...ALL_SCHEMES.map((s) => keySet(s).set), ...ALL_SCHEMES.map((s) => secretSet(s).set)];
    const label = fc.string({ maxLength: 40, unit: 'grapheme' });
    fc.assert(
      fc.property(
        fc.constantFrom(...base),
        label,
        fc.array(label, { minLength: 1, maxLength: 12 }),
        fc.option(fc.uint8Array({ minLength: 16, maxLength: 64 }), { nil: undefined }),
        fc.array(fc.uint8Array({ maxLength: 70 }), { minLength: 1, maxLength: 12 }),
        (set, walletLabel, labels, salt, hashes) => {
          const variant: SetPublic = {
            ...set,
            walletLabel,
            labels,
            ...(salt ? { version: 1, verification: { kind: 'hashes', salt, hashes } } : {}),
          };
          expect(setPublicToBytes(variant)).toEqual(reference(variant));
        },
      ),
      { numRuns: 400 },
    );
    for (const set of base) expect(setPublicToBytes(set)).toEqual(reference(set));
  });

  it('refuses what does not fit, as the layout does (a label over 255 bytes, more than 255 labels)', () => {
    const { set } = secretSet('gf256');
    expect(() => setPublicToBytes({ ...set, walletLabel: 'é'.repeat(128) })).toThrow();
    expect(() => reference({ ...set, walletLabel: 'é'.repeat(128) })).toThrow();
    expect(() => setPublicToBytes({ ...set, labels: Array.from({ length: 256 }, (_, i) => `${i}`) })).toThrow();
    expect(setPublicToBytes({ ...set, walletLabel: 'é'.repeat(127) })).toEqual(
      reference({ ...set, walletLabel: 'é'.repeat(127) }),
    );
  });
});
