import { Field } from '@noble/curves/abstract/modular.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, hexToBytesStrict, type Rng } from '../../../main/core/bytes.js';
import { feldmanCommit, feldmanVerify } from '../../../main/core/math/commitments.js';
import { curveById, type CurveId } from '../../../main/core/math/curves.js';
import {
  PRIME_FIELDS,
  bytesToElement,
  elementToBytes,
  primeFieldById,
  type PrimeFieldInfo,
} from '../../../main/core/math/prime-fields.js';
import { lagrangeAt, polyRestore, polySplit } from '../../../main/core/sharing/shamir-prime.js';
import frostEd25519 from '../../vectors/frost/frost-ed25519-sha512.json' with { type: 'json' };
import frostSecp256k1 from '../../vectors/frost/frost-secp256k1-sha256.json' with { type: 'json' };

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

/** A replayable rng: SHA-256(seed ‖ counter) blocks. */
function seededRng(seed: number): Rng {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let pos = 0; pos < n; pos += 32) {
      const block = sha256(concatBytes(Uint8Array.of(seed >>> 24, seed >>> 16, seed >>> 8, seed), u32(counter++)));
      out.set(block.subarray(0, Math.min(32, n - pos)), pos);
    }
    return out;
  };
}
function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** All k-element subsets of `items`. */
function subsets<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [head, ...rest] = items as [T, ...T[]];
  return [...subsets(rest, k - 1).map((s) => [head, ...s]), ...subsets(rest, k)];
}

interface FrostVector {
  config: { MAX_PARTICIPANTS: string; MIN_PARTICIPANTS: string; group: string };
  inputs: {
    group_secret_key: string;
    group_public_key: string;
    share_polynomial_coefficients: string[];
    participant_shares: { identifier: number; participant_share: string }[];
  };
}

const FROST: [CurveId, FrostVector][] = [
  ['secp256k1', frostSecp256k1 as FrostVector],
  ['ed25519', frostEd25519 as FrostVector],
];

describe('RFC 9591 trusted-dealer vectors (known answers over the group orders)', () => {
  for (const [curveId, v] of FROST) {
    it(`${v.config.group}: splits, restores and commits as the vector says`, () => {
      const curve = curveById(curveId);
      const field = primeFieldById(curve.fieldId);
      const hex = (h: string) => hexToBytesStrict(h, 'vector');
      const t = Number(v.config.MIN_PARTICIPANTS);
      const n = Number(v.config.MAX_PARTICIPANTS);
      const secret = bytesToElement(field, hex(v.inputs.group_secret_key));
      const rng = queueRng(v.inputs.share_polynomial_coefficients.map(hex));
      const { shares, coefficients } = polySplit(field, secret, t, n, rng);

      expect(coefficients[0]).toBe(secret);
      expect(coefficients.slice(1).map((c) => elementToBytes(field, c))).toEqual(
        v.inputs.share_polynomial_coefficients.map(hex),
      );
      expect(shares.map((s) => s.x)).toEqual(v.inputs.participant_shares.map((p) => p.identifier));
      expect(shares.map((s) => elementToBytes(field, s.y))).toEqual(
        v.inputs.participant_shares.map((p) => hex(p.participant_share)),
      );
      for (const subset of subsets(shares, t)) expect(polyRestore(field, subset)).toBe(secret);

      const commitments = feldmanCommit(curve, coefficients);
      // FROST keys are scalars, so the group public key is secret·G for both curves.
      expect(commitments[0]).toEqual(hex(v.inputs.group_public_key));
      for (const s of shares) expect(feldmanVerify(curve, commitments, s.x, s.y)).toBe(true);
    });
  }
});

describe("the method's worked examples, with injected randomness", () => {
  for (const field of PRIME_FIELDS) {
    const { p } = field;
    // Values near p make every sum wrap around at least once.
    const S = p - 5n;
    const R = [p - 2n, p / 3n, (p * 2n) / 3n];
    const inject = (k: number) => queueRng(R.slice(0, k).map((r) => elementToBytes(field, r)));
    const m = (x: bigint) => ((x % p) + p) % p;

    it(`${field.id}: 2 parties get S+R, S+2R`, () => {
      const { shares } = polySplit(field, S, 2, 2, inject(1));
      const [R1] = R as [bigint];
      expect(shares).toEqual([
        { x: 1, y: m(S + R1) },
        { x: 2, y: m(S + 2n * R1) },
      ]);
      expect(polyRestore(field, shares)).toBe(S);
    });

    it(`${field.id}: 3 parties get S+R1+R2, S+2R1+4R2, S+3R1+9R2`, () => {
      const { shares } = polySplit(field, S, 3, 3, inject(2));
      const [R1, R2] = R as [bigint, bigint];
      expect(shares.map((s) => s.y)).toEqual([m(S + R1 + R2), m(S + 2n * R1 + 4n * R2), m(S + 3n * R1 + 9n * R2)]);
      expect(polyRestore(field, shares)).toBe(S);
    });

    it(`${field.id}: 4 parties get S + R1·x + R2·x² + R3·x³`, () => {
      const { shares } = polySplit(field, S, 4, 4, inject(3));
      const [R1, R2, R3] = R as [bigint, bigint, bigint];
      const f = (x: bigint) => m(S + R1 * x + R2 * x * x + R3 * x * x * x);
      expect(shares.map((s) => s.y)).toEqual([f(1n), f(2n), f(3n), f(4n)]);
      expect(polyRestore(field, shares)).toBe(S);
    });
  }
});

describe('rejection sampling of coefficients', () => {
  it('redraws 0 and values ≥ p, one rng call per attempt, then uses the next draw', () => {
    const ed = primeFieldById('ed25519-l');
    const tooBig = new Uint8Array(32).fill(0xff); // 2^253 − 1 after masking: ≥ L
    const zero = new Uint8Array(32);
    const good = elementToBytes(ed, 12345n);
    const { coefficients } = polySplit(ed, 7n, 2, 3, queueRng([tooBig, zero, good]));
    expect(coefficients).toEqual([7n, 12345n]);
  });
  it('clears the bits above the field size before comparing', () => {
    const f = primeFieldById('m521'); // 66 bytes, 521 bits: the top byte keeps 1 bit
    const b = elementToBytes(f, 99n);
    b[0] = 0xfe; // bits above 521 set, bit 520 clear: masks down to 99
    expect(polySplit(f, 1n, 2, 2, queueRng([b])).coefficients[1]).toBe(99n);
  });
});

const RUNS: Record<string, number> = {
  'secp256k1-n': 60,
  'ed25519-l': 60,
  m521: 40,
  m1279: 15,
  m2203: 8,
  m4253: 4,
};

/** A threshold setup with a subset of t indices and one of t−1. */
const setupArb = fc
  .integer({ min: 2, max: 9 })
  .chain((n) => fc.record({ n: fc.constant(n), t: fc.integer({ min: 2, max: n }), seed: fc.integer() }))
  .chain((s) =>
    fc.record({
      n: fc.constant(s.n),
      t: fc.constant(s.t),
      seed: fc.constant(s.seed),
      pick: fc.shuffledSubarray(
        Array.from({ length: s.n }, (_, i) => i),
        { minLength: s.t, maxLength: s.t },
      ),
    }),
  );

describe('properties of the polynomial scheme', () => {
  for (const field of PRIME_FIELDS) {
    it(`${field.id}: any t child keys restore the secret; t−1 do not, and leave every secret possible`, () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: field.p - 1n }), setupArb, (secret, { n, t, seed, pick }) => {
          const { shares } = polySplit(field, secret, t, n, seededRng(seed));
          const chosen = pick.map((i) => shares[i] as { x: number; y: bigint });
          expect(polyRestore(field, chosen)).toBe(secret);
          // Any t points, in any order, with x as bigint too.
          expect(
            polyRestore(
              field,
              [...chosen].reverse().map((s) => ({ x: BigInt(s.x), y: s.y })),
            ),
          ).toBe(secret);

          const fewer = chosen.slice(0, t - 1);
          expect(polyRestore(field, fewer)).not.toBe(secret); // fails with probability ~1/p
          // Perfect secrecy: with t−1 points and one more point (x*, v), the restored value is
          // A + B·v with B ≠ 0, so as v ranges over the field every candidate secret is reached.
          const xStar = 200;
          const A = polyRestore(field, [...fewer, { x: xStar, y: 0n }]);
          const B = field.Fp.sub(polyRestore(field, [...fewer, { x: xStar, y: 1n }]), A);
          expect(B).not.toBe(0n);
          const candidate = field.Fp.create(secret + 1n);
          const v = field.Fp.div(field.Fp.sub(candidate, A), B);
          expect(polyRestore(field, [...fewer, { x: xStar, y: v }])).toBe(candidate);

          // lagrangeAt reproduces the other child keys from any t of them.
          for (const s of shares) expect(lagrangeAt(field, chosen, BigInt(s.x))).toBe(s.y);
        }),
        { numRuns: RUNS[field.id] ?? 5 },
      );
    });
  }
});

describe('properties of Feldman commitments', () => {
  for (const curveId of ['secp256k1', 'ed25519'] as const) {
    it(`${curveId}: every honest child key verifies; y+1 and a wrong x do not`, () => {
      const curve = curveById(curveId);
      const field = primeFieldById(curve.fieldId);
      fc.assert(
        fc.property(fc.bigInt({ min: 1n, max: field.p - 1n }), setupArb, (secret, { n, t, seed }) => {
          const { shares, coefficients } = polySplit(field, secret, t, n, seededRng(seed));
          const commitments = feldmanCommit(curve, coefficients);
          expect(commitments).toHaveLength(t);
          for (const s of shares) {
            expect(feldmanVerify(curve, commitments, s.x, s.y)).toBe(true);
            expect(feldmanVerify(curve, commitments, s.x, field.Fp.add(s.y, 1n))).toBe(false);
            expect(feldmanVerify(curve, commitments, s.x === 255 ? 1 : s.x + 1, s.y)).toBe(false);
          }
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe('timings (printed)', () => {
  it('polySplit + polyRestore for t=3,n=5 and t=5,n=9; Field(2^4253−1) creation', () => {
    const time = (f: () => void, reps: number) => {
      f(); // warm up
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) f();
      return (performance.now() - t0) / reps;
    };
    const lines: string[] = [];
    const m4253 = 2n ** 4253n - 1n;
    lines.push(`Field(2^4253−1) creation: ${time(() => void Field(m4253), 200).toFixed(4)} ms`);
    for (const id of ['secp256k1-n', 'ed25519-l', 'm521', 'm4253'] as const) {
      const field: PrimeFieldInfo = primeFieldById(id);
      for (const [t, n] of [
        [3, 5],
        [5, 9],
      ] as const) {
        const secret = field.p - 12345n;
        let split = 0;
        let restore = 0;
        const reps = 20;
        for (let i = 0; i < reps; i++) {
          const t0 = performance.now();
          const { shares } = polySplit(field, secret, t, n);
          const t1 = performance.now();
          expect(polyRestore(field, shares.slice(n - t))).toBe(secret);
          restore += performance.now() - t1;
          split += t1 - t0;
        }
        lines.push(
          `${id} t=${t},n=${n}: polySplit ${(split / reps).toFixed(3)} ms, polyRestore ${(restore / reps).toFixed(3)} ms`,
        );
      }
    }
    console.log(lines.join('\n'));
  });
});
