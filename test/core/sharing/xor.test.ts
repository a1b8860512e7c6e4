import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, type Rng } from '../../../main/core/bytes.js';
import { RNG_CHUNK_BYTES, drawBytes } from '../../../main/core/bytes.js';
import { xorCombine, xorSplit } from '../../../main/core/sharing/xor.js';

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

/** A replayable rng from fast-check's random bytes. */
const rngArb = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((seed): Rng => {
  let k = 0;
  return (n) => Uint8Array.from({ length: n }, () => (seed[k++ % 64] as number) ^ (k >>> 6));
});

describe('XOR split (N-of-N)', () => {
  it("the method's example: random strings first, the secret XOR them last", () => {
    const secret = Uint8Array.of(0x0f, 0xf0, 0xaa);
    const r1 = Uint8Array.of(0x01, 0x02, 0x03);
    const r2 = Uint8Array.of(0x10, 0x20, 0x30);
    const shares = xorSplit(secret, 3, queueRng([r1, r2]));
    expect(shares.map(bytesToHex)).toEqual(['010203', '102030', '1ed299']);
    expect(xorCombine(shares)).toEqual(secret);
  });

  it('all N child keys restore the secret; N−1 give something else', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.integer({ min: 2, max: 12 }),
        rngArb,
        fc.nat(),
        (secret, parties, rng, drop) => {
          const shares = xorSplit(secret, parties, rng);
          expect(shares).toHaveLength(parties);
          for (const s of shares) expect(s.length).toBe(secret.length);
          expect(xorCombine(shares)).toEqual(secret);
          expect(xorCombine([...shares].reverse())).toEqual(secret);
          if (parties > 2) {
            const fewer = shares.filter((_, i) => i !== drop % parties);
            const partial = xorCombine(fewer);
            // N−1 XOR to the secret XOR the missing child key, a uniformly random string.
            expect(xorCombine([partial, shares[drop % parties] as Uint8Array])).toEqual(secret);
            if (secret.length >= 16) expect(partial).not.toEqual(secret);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('draws long secrets in rng calls of at most 65536 bytes (the Web Crypto limit)', () => {
    const calls: number[] = [];
    const rng: Rng = (n) => {
      calls.push(n);
      return new Uint8Array(n).fill(calls.length);
    };
    const secret = new Uint8Array(RNG_CHUNK_BYTES * 2 + 5).fill(9);
    const shares = xorSplit(secret, 2, rng);
    expect(calls).toEqual([65536, 65536, 5]);
    expect(xorCombine(shares)).toEqual(secret);
    expect(() => drawBytes(0, rng)).toThrow(RangeError);
    // The default rng (noble's randomBytes) refuses more than 65536 bytes per call; xorSplit copes.
    const big = new Uint8Array(200_000).fill(1);
    expect(xorCombine(xorSplit(big, 3))).toEqual(big);
  });

  it('rejects unequal lengths and rng output of the wrong length', () => {
    expect(() => xorCombine([new Uint8Array(2), new Uint8Array(3)])).toThrow(RangeError);
    expect(() => xorSplit(new Uint8Array(4), 2, () => new Uint8Array(3))).toThrow(RangeError);
  });
});
