import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../../main/core/bytes.js';
import {
  MAX_MODULUS_BITS,
  additiveCombine,
  additiveCombineBytes,
  additiveSplit,
  additiveSplitBytes,
  randomBelow,
} from '../../../main/core/sharing/additive.js';
import { pointSumEquals, sharePoint } from '../../../main/core/math/commitments.js';
import { curveById, privateKeyToScalar, publicKeyOf } from '../../../main/core/math/curves.js';
import { primeFieldById } from '../../../main/core/math/prime-fields.js';

/** An rng that returns exactly the given chunks, in order, and checks each requested length. */
function queueRng(chunks: Uint8Array[]): Rng {
  const queue = chunks.map((c) => c.slice());
  return (n) => {
    const c = queue.shift();
    if (!c) throw new Error('test rng exhausted');
    expect(n).toBe(c.length);
    return c;
  };
}

/** A replayable rng from fast-check's random bytes; `fork` gives a second one with the same output. */
function replayable(seed: Uint8Array): () => Rng {
  return () => {
    let k = 0;
    return (n) => Uint8Array.from({ length: n }, () => (seed[k++ % seed.length] as number) ^ (k >>> 5) ^ (k >>> 13));
  };
}
const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

const N = primeFieldById('secp256k1-n').p;
const P521 = primeFieldById('m521').p;
const P1279 = primeFieldById('m1279').p;
const L = primeFieldById('ed25519-l').p;

describe('additive split (N-of-N, mod m)', () => {
  it("the method's example: random values first, the secret minus their sum last", () => {
    const r1 = numberToBytesBE(10n, 32);
    const r2 = numberToBytesBE(N - 1n, 32);
    const shares = additiveSplit(5n, 3, N, queueRng([r1, r2]));
    expect(shares).toEqual([10n, N - 1n, (5n - 10n - (N - 1n) + 2n * N) % N]);
    expect(additiveCombine(shares, N)).toBe(5n);
  });

  for (const [name, modulusArb, runs] of [
    ['mod a prime of the table (n, L, 2^521−1, 2^1279−1)', fc.constantFrom(N, L, P521, P1279), 150],
    ['mod a power of two 2^bits', fc.integer({ min: 1, max: 700 }).map((b) => 1n << BigInt(b)), 150],
  ] as const) {
    it(`${name}: all N restore the secret; N−1 give something else`, () => {
      fc.assert(
        fc.property(
          modulusArb.chain((m) => fc.tuple(fc.constant(m), fc.bigInt({ min: 0n, max: m - 1n }))),
          fc.integer({ min: 2, max: 12 }),
          seedArb,
          fc.nat(),
          ([m, secret], parties, seed, drop) => {
            const shares = additiveSplit(secret, parties, m, replayable(seed)());
            expect(shares).toHaveLength(parties);
            for (const s of shares) expect(s >= 0n && s < m).toBe(true);
            expect(additiveCombine(shares, m)).toBe(secret);
            const missing = shares[drop % parties] as bigint;
            const fewer = shares.filter((_, i) => i !== drop % parties);
            const partial = fewer.length >= 2 ? additiveCombine(fewer, m) : (fewer[0] as bigint);
            expect((partial + missing) % m).toBe(secret);
            if (m > 1n << 64n) expect(partial).not.toBe(secret); // fails with probability 1/m
          },
        ),
        { numRuns: runs },
      );
    });
  }

  it('randomBelow: rejection for a prime, pure masking for a power of two', () => {
    // L: 253 bits kept of 32 bytes read big-endian; values ≥ L are redrawn.
    const draws = [new Uint8Array(32).fill(0xff), numberToBytesBE(L, 32), numberToBytesBE(L - 1n, 32)];
    expect(randomBelow(L, queueRng(draws))).toBe(L - 1n);
    // 2^12: 2 bytes drawn, the top 4 bits dropped, never redrawn.
    expect(randomBelow(4096n, queueRng([Uint8Array.of(0xff, 0xff)]))).toBe(4095n);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[Number(randomBelow(4n))]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850); // expected 1000 each
    let high = 0;
    for (let i = 0; i < 2000; i++) if (randomBelow(L) >= L / 2n) high++;
    expect(Math.abs(high - 1000)).toBeLessThan(150);
    expect(() => randomBelow(L, (n) => new Uint8Array(n).fill(0xff))).toThrow(RangeError); // stuck rng
    expect(() => randomBelow((1n << BigInt(MAX_MODULUS_BITS)) + 1n)).toThrow(RangeError);
    expect(() => randomBelow(1000003n)).toThrow(RangeError); // a prime, but not one of the table
    expect(randomBelow(1n << 600n) < 1n << 600n).toBe(true);
  });

  it('additiveSplitBytes equals additiveSplit mod 2^(8·length) on the same random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.integer({ min: 2, max: 9 }),
        seedArb,
        (secret, parties, seed) => {
          const fork = replayable(seed);
          const bytesShares = additiveSplitBytes(secret, parties, fork());
          const m = 1n << BigInt(8 * secret.length);
          const bigShares = additiveSplit(bytesToNumberBE(secret), parties, m, fork());
          expect(bytesShares.map(bytesToNumberBE)).toEqual(bigShares);
          expect(additiveCombineBytes(bytesShares)).toEqual(secret);
          expect(additiveCombineBytes([...bytesShares].reverse())).toEqual(secret);
          if (secret.length >= 16) expect(additiveCombineBytes(bytesShares.slice(1))).not.toEqual(secret);
        },
      ),
      { numRuns: 200 },
    );
    const big = new Uint8Array(150_000).fill(0xab); // longer than one rng call
    expect(additiveCombineBytes(additiveSplitBytes(big, 4))).toEqual(big);
  });
});

describe("the random-string scheme's public points", () => {
  it('secp256k1: the points of the child keys add up to the public key; a changed one does not', () => {
    const curve = curveById('secp256k1');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), fc.integer({ min: 2, max: 8 }), seedArb, (d, parties, seed) => {
        const key = numberToBytesBE(d, 32);
        const scalar = privateKeyToScalar(curve, key) as bigint;
        const shares = additiveSplit(scalar, parties, N, replayable(seed)());
        const points = shares.map((y) => sharePoint(curve, y));
        const publicKey = publicKeyOf(curve, key);
        expect(pointSumEquals(curve, points, publicKey)).toBe(true);
        const y0 = shares[0] as bigint;
        const bad = [sharePoint(curve, y0 === N - 1n ? 1n : y0 + 1n), ...points.slice(1)];
        expect(pointSumEquals(curve, bad, publicKey)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('ed25519 (a seed below L): the points add up to seed·G', () => {
    const curve = curveById('ed25519');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: L - 1n }), fc.integer({ min: 2, max: 6 }), seedArb, (s, parties, seed) => {
        const shares = additiveSplit(s, parties, L, replayable(seed)());
        expect(
          pointSumEquals(
            curve,
            shares.map((y) => sharePoint(curve, y)),
            sharePoint(curve, s),
          ),
        ).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});
