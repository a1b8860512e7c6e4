import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../../main/core/bytes.js';
import {
  MAX_FIELD_SECRET_BYTES,
  PRIME_FIELDS,
  bytesToElement,
  elementToBytes,
  fieldForSecretBytes,
  primeFieldByCode,
  primeFieldById,
  randomElement,
} from '../../../main/core/math/prime-fields.js';

/** Lucas–Lehmer: 2^k − 1 (k an odd prime) is prime iff s_(k−2) = 0, s_0 = 4, s_(i+1) = s_i² − 2. */
function lucasLehmer(k: number): boolean {
  const m = (1n << BigInt(k)) - 1n;
  let s = 4n;
  for (let i = 0; i < k - 2; i++) {
    s = s * s - 2n;
    s = (s & m) + (s >> BigInt(k)); // reduction mod 2^k − 1
    if (s >= m) s -= m;
  }
  return s === 0n;
}

describe('the stored table of prime fields', () => {
  it('has the six fields, codes 1..6 in order, with the stated parameters', () => {
    expect(PRIME_FIELDS.map((f) => [f.id, f.code, f.bits, f.byteLength, f.maxSecretBytes, f.littleEndian])).toEqual([
      ['secp256k1-n', 1, 256, 32, 31, false],
      ['ed25519-l', 2, 253, 32, 31, true],
      ['m521', 3, 521, 66, 65, false],
      ['m1279', 4, 1279, 160, 159, false],
      ['m2203', 5, 2203, 276, 275, false],
      ['m4253', 6, 4253, 532, 531, false],
    ]);
    expect(MAX_FIELD_SECRET_BYTES).toBe(531);
    for (const f of PRIME_FIELDS) {
      expect(f.Fp.ORDER).toBe(f.p);
      expect(f.Fp.isLE).toBe(f.littleEndian);
      expect(Object.isFrozen(f)).toBe(true);
      expect(primeFieldById(f.id)).toBe(f);
      expect(primeFieldByCode(f.code)).toBe(f);
      // maxSecretBytes: every n-byte secret fits, some (n+1)-byte one does not.
      expect((1n << BigInt(8 * f.maxSecretBytes)) - 1n < f.p).toBe(true);
      expect((1n << BigInt(8 * (f.maxSecretBytes + 1))) - 1n >= f.p).toBe(true);
    }
  });

  it('holds the curve orders noble uses', () => {
    expect(primeFieldById('secp256k1-n').p).toBe(secp256k1.Point.Fn.ORDER);
    expect(primeFieldById('ed25519-l').p).toBe(ed25519.Point.Fn.ORDER);
  });

  it('holds Mersenne primes (Lucas–Lehmer)', () => {
    for (const [id, k] of [
      ['m521', 521],
      ['m1279', 1279],
      ['m2203', 2203],
      ['m4253', 4253],
    ] as const) {
      expect(primeFieldById(id).p).toBe((1n << BigInt(k)) - 1n);
      expect(lucasLehmer(k)).toBe(true);
    }
    expect(lucasLehmer(523)).toBe(false); // the test can say no
  });

  it('picks the smallest Mersenne field that holds the secret', () => {
    const cases: [number, string][] = [
      [1, 'm521'],
      [32, 'm521'],
      [65, 'm521'],
      [66, 'm1279'],
      [159, 'm1279'],
      [160, 'm2203'],
      [275, 'm2203'],
      [276, 'm4253'],
      [531, 'm4253'],
    ];
    for (const [n, id] of cases) expect(fieldForSecretBytes(n).id).toBe(id);
    expect(() => fieldForSecretBytes(532)).toThrow(RangeError);
    expect(() => fieldForSecretBytes(0)).toThrow(RangeError);
  });

  it('rejects unknown ids and codes', () => {
    expect(() => primeFieldById('m127' as never)).toThrow(RangeError);
    expect(() => primeFieldByCode(0)).toThrow(RangeError);
    expect(() => primeFieldByCode(7)).toThrow(RangeError);
  });
});

describe('element encodings', () => {
  for (const f of PRIME_FIELDS) {
    it(`${f.id}: round-trips every element, fixed length, field endianness`, () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: f.p - 1n }), (x) => {
          const b = elementToBytes(f, x);
          expect(b.length).toBe(f.byteLength);
          expect(bytesToElement(f, b)).toBe(x);
        }),
        { numRuns: 50 },
      );
      const one = elementToBytes(f, 1n);
      expect(f.littleEndian ? one[0] : one[one.length - 1]).toBe(1);
      expect(() => bytesToElement(f, f.Fp.toBytes(f.p))).toThrow(RangeError); // p itself
      expect(() => bytesToElement(f, new Uint8Array(f.byteLength).fill(0xff))).toThrow(RangeError);
    });
  }
});

describe('randomElement', () => {
  it('returns nonzero elements below p, one rng call per attempt of byteLength bytes', () => {
    for (const f of PRIME_FIELDS) {
      const calls: number[] = [];
      const rng: Rng = (n) => {
        calls.push(n);
        return crypto.getRandomValues(new Uint8Array(n));
      };
      for (let i = 0; i < 20; i++) {
        const x = randomElement(f, rng);
        expect(x > 0n && x < f.p).toBe(true);
      }
      expect(calls.every((n) => n === f.byteLength)).toBe(true);
    }
  });
  it('gives up on an rng that only returns zeros, and checks the rng output', () => {
    const f = primeFieldById('m521');
    expect(() => randomElement(f, (n) => new Uint8Array(n))).toThrow(RangeError);
    expect(() => randomElement(f, () => new Uint8Array(3))).toThrow(RangeError);
    expect(() => randomElement(f, () => 'bytes' as never)).toThrow(TypeError);
  });
  it('wipes the buffers it drew', () => {
    const f = primeFieldById('secp256k1-n');
    const drawn: Uint8Array[] = [];
    randomElement(f, (n) => {
      const b = new Uint8Array(n).fill(7);
      drawn.push(b);
      return b;
    });
    expect(drawn.every((b) => b.every((v) => v === 0))).toBe(true);
  });
});
