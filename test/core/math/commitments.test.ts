import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict, utf8ToBytes } from '../../../main/core/bytes.js';
import {
  SALTED_HASH_TAG,
  equalConstantTime,
  feldmanCommit,
  feldmanVerify,
  pointSumEquals,
  saltedHash,
  sharePoint,
  taggedHash,
} from '../../../main/core/math/commitments.js';
import { curveById, privateKeyToScalar, publicKeyOf, scalarToPrivateKey } from '../../../main/core/math/curves.js';
import { primeFieldById } from '../../../main/core/math/prime-fields.js';
import { polyRestore, polySplit } from '../../../main/core/sharing/shamir-prime.js';

const hex = (h: string) => hexToBytesStrict(h, 'test');
const secp = curveById('secp256k1');
const ed = curveById('ed25519');
const N = primeFieldById('secp256k1-n').p;
const L = primeFieldById('ed25519-l').p;

/** Encodings that are not valid points of the prime-order group. */
const BAD_POINTS = {
  secp256k1: [
    new Uint8Array(33), // prefix 0
    Uint8Array.of(0x04, ...new Uint8Array(32).fill(1)), // uncompressed prefix at compressed length
    Uint8Array.of(0x02, ...new Uint8Array(32).fill(0xff)), // x ≥ p
    Uint8Array.of(0x02, ...numberToBytesBE(5n, 32)), // x = 5: x³ + 7 = 132 is not a square mod p
  ],
  ed25519: [
    new Uint8Array(32).fill(0xff), // y ≥ p
    hex('01000000000000000000000000000000000000000000000000000000000000' + '80'), // the identity with x's sign bit: not canonical
    hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'), // (0, −1): order 2
    hex('0000000000000000000000000000000000000000000000000000000000000000'), // y = 0: (±√−1, 0), of order 4
    // G + a point of order 2: on the curve, but not torsion-free.
    ed25519.Point.BASE.add(
      ed25519.Point.fromBytes(hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')),
    ).toBytes(),
  ],
};

describe('Feldman commitments', () => {
  it('secp256k1: C_0 is the public key itself', () => {
    const key = numberToBytesBE(0x1234567890abcdefn, 32);
    const s = privateKeyToScalar(secp, key) as bigint;
    const { coefficients, shares } = polySplit(primeFieldById('secp256k1-n'), s, 3, 5);
    const c = feldmanCommit(secp, coefficients);
    expect(c[0]).toEqual(publicKeyOf(secp, key));
    expect(c.every((x) => x.length === 33)).toBe(true);
    expect(shares.every((sh) => feldmanVerify(secp, c, sh.x, sh.y))).toBe(true);
  });

  it('ed25519: C_0 = seed·G is not the RFC 8032 public key; the restored seed is checked with publicKeyOf', () => {
    const seed = numberToBytesLE(L - 987654321n, 32); // a seed below L
    const s = privateKeyToScalar(ed, seed) as bigint;
    const field = primeFieldById('ed25519-l');
    const { coefficients, shares } = polySplit(field, s, 2, 3);
    const c = feldmanCommit(ed, coefficients);
    expect(c[0]).toEqual(ed25519.Point.BASE.multiply(s).toBytes());
    expect(c[0]).not.toEqual(publicKeyOf(ed, seed));
    const restored = scalarToPrivateKey(ed, polyRestore(field, shares.slice(1)));
    expect(publicKeyOf(ed, restored)).toEqual(publicKeyOf(ed, seed));
  });

  for (const curve of [secp, ed])
    it(`${curve.id}: the check agrees with Σ C_j·x^j computed by noble for every index up to 255, 5 coefficients`, () => {
      // Independent of the check's Horner evaluation and its cache of decoded commitments:
      // noble's own scalar multiplication of each commitment by x^j mod n.
      const Point = curve.id === 'secp256k1' ? secp256k1.Point : ed25519.Point;
      const n = curve.id === 'secp256k1' ? secp256k1.Point.CURVE().n : ed25519.Point.CURVE().n;
      const field = primeFieldById(curve.id === 'secp256k1' ? 'secp256k1-n' : 'ed25519-l');
      const { coefficients } = polySplit(field, 123456789n, 5, 255);
      const c = feldmanCommit(curve, coefficients);
      const points = c.map((b) => (Point as typeof secp256k1.Point).fromBytes(b));
      for (const x of [1, 2, 3, 127, 128, 200, 254, 255]) {
        let y = 0n;
        let xj = 1n;
        let expected = (Point as typeof secp256k1.Point).ZERO;
        for (const [j, a] of coefficients.entries()) {
          y = (y + a * xj) % n;
          expected = expected.add(points[j]!.multiplyUnsafe(xj));
          xj = (xj * BigInt(x)) % n;
        }
        expect((Point as typeof secp256k1.Point).BASE.multiply(y).equals(expected)).toBe(true);
        expect(feldmanVerify(curve, c, x, y)).toBe(true);
        expect(feldmanVerify(curve, c, x, (y + 1n) % n)).toBe(false);
        // The same commitments with one changed (decoded afresh, not found in the cache) fail.
        const other = feldmanCommit(
          curve,
          coefficients.map((a, j) => (j === 4 ? (a + 1n) % n || 1n : a)),
        );
        expect(feldmanVerify(curve, other, x, y)).toBe(false);
      }
    });

  it('ed25519 commits to a zero coefficient as the identity; secp256k1 refuses it', () => {
    const c = feldmanCommit(ed, [0n, 5n]);
    expect(bytesToHex(c[0] as Uint8Array)).toBe('01' + '00'.repeat(31));
    expect(feldmanVerify(ed, c, 3, 15n)).toBe(true);
    expect(() => feldmanCommit(secp, [0n, 5n])).toThrow(RangeError);
  });

  for (const curve of [secp, ed]) {
    it(`${curve.id}: an invalid commitment makes the check false, never an exception`, () => {
      const good = feldmanCommit(curve, [7n, 11n]);
      expect(feldmanVerify(curve, good, 2, 29n)).toBe(true);
      for (const bad of BAD_POINTS[curve.id]) {
        expect(bad.length).toBe(curve.publicKeyBytes);
        if (curve.id === 'secp256k1') expect(() => secp256k1.Point.fromBytes(bad)).toThrow();
        else {
          let torsionFree = false;
          try {
            torsionFree = ed25519.Point.fromBytes(bad).isTorsionFree();
          } catch {
            // not a point at all
          }
          expect(torsionFree).toBe(false);
        }
        expect(feldmanVerify(curve, [good[0] as Uint8Array, bad], 2, 29n)).toBe(false);
        expect(feldmanVerify(curve, [bad, good[1] as Uint8Array], 2, 29n)).toBe(false);
        expect(pointSumEquals(curve, [bad], good[0] as Uint8Array)).toBe(false);
        expect(pointSumEquals(curve, [good[0] as Uint8Array], bad)).toBe(false);
      }
      // Wrong lengths are a programmer's mistake.
      expect(() => feldmanVerify(curve, [new Uint8Array(curve.publicKeyBytes + 1)], 1, 1n)).toThrow(RangeError);
    });
  }
});

describe('public points of the random-string scheme', () => {
  it('sharePoint is y·G; pointSumEquals adds and compares', () => {
    expect(sharePoint(secp, 1n)).toEqual(secp256k1.Point.BASE.toBytes(true));
    expect(sharePoint(ed, 1n)).toEqual(ed25519.Point.BASE.toBytes());
    for (const curve of [secp, ed]) {
      const n = curve.id === 'secp256k1' ? N : L;
      const parts = [3n, n - 1n, 10n];
      const sum = parts.reduce((a, b) => a + b) % n;
      expect(
        pointSumEquals(
          curve,
          parts.map((y) => sharePoint(curve, y)),
          sharePoint(curve, sum),
        ),
      ).toBe(true);
      expect(
        pointSumEquals(
          curve,
          parts.map((y) => sharePoint(curve, y)),
          sharePoint(curve, sum + 1n),
        ),
      ).toBe(false);
    }
    expect(() => sharePoint(secp, 0n)).toThrow(RangeError);
    expect(sharePoint(ed, 0n)).toEqual(ed25519.Point.ZERO.toBytes());
  });
});

describe('salted hashes', () => {
  const salt = new Uint8Array(16).map((_, i) => i);
  it('is SHA-256 over the length-prefixed tag, salt and data', () => {
    const data = utf8ToBytes('child key');
    const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    const tag = Buffer.from(SALTED_HASH_TAG, 'utf8');
    const reference = createHash('sha256')
      .update(Buffer.concat([u32(tag.length), tag, u32(salt.length), salt, u32(data.length), data]))
      .digest();
    expect(SALTED_HASH_TAG).toBe('jointkey/child-key/v1');
    expect(saltedHash(salt, data)).toEqual(new Uint8Array(reference));
  });
  it('separates salt from data and one salt from another', () => {
    const a = saltedHash(new Uint8Array(17).fill(1), Uint8Array.of(2));
    const b = saltedHash(new Uint8Array(16).fill(1), Uint8Array.of(1, 2));
    expect(a).not.toEqual(b);
    expect(saltedHash(salt, new Uint8Array(0))).toHaveLength(32);
    expect(() => saltedHash(new Uint8Array(15), Uint8Array.of(1))).toThrow(RangeError);
    expect(() => saltedHash(new Uint8Array(65), Uint8Array.of(1))).toThrow(RangeError);
  });
  it('equalConstantTime compares whole arrays', () => {
    const x = saltedHash(salt, Uint8Array.of(1));
    const y = Uint8Array.from(x);
    expect(equalConstantTime(x, y)).toBe(true);
    y[31] = (y[31] as number) ^ 1;
    expect(equalConstantTime(x, y)).toBe(false);
    expect(equalConstantTime(x, x.subarray(1))).toBe(false);
    expect(() => equalConstantTime(new Uint8Array(0), new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('tagged hashes (the message laid out in place, the tag cached)', () => {
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const reference = (tag: string, parts: Uint8Array[]) =>
    new Uint8Array(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from(tag, 'utf8'), ...parts].flatMap((p) => [u32(p.length), p])))
        .digest(),
    );
  it('equals SHA-256 over the length-prefixed tag and parts, for any tag and parts, called again and again', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100, unit: 'grapheme' }).filter((t) => t.length <= 100),
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 16 }),
        (tag, parts) => {
          expect(taggedHash(tag, parts)).toEqual(reference(tag, parts));
          expect(taggedHash(tag, parts)).toEqual(reference(tag, parts)); // the tag's cached prefix
        },
      ),
      { numRuns: 300 },
    );
  });
  it('leaves its parts as they were', () => {
    const parts = [Uint8Array.of(1, 2, 3), new Uint8Array(40).fill(7)];
    const copies = parts.map((p) => p.slice());
    taggedHash('jointkey/child-key/v2', parts);
    expect(parts).toEqual(copies);
  });
});
