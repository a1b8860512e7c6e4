import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluatePolynomial,
  evaluatePolynomialAt,
  evaluateSplit,
  interpolate,
  inv,
  mul,
  mulVector,
} from '../../../main/core/math/gf256.js';
import { gf256Combine, gf256Split } from '../../../main/core/sharing/shamir-gf256.js';

/** Schoolbook carry-less multiplication, then reduction by 0x11b: slow and obviously right. */
function slowMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) if ((b >> i) & 1) product ^= a << i;
  for (let bit = 14; bit >= 8; bit--) if ((product >> bit) & 1) product ^= 0x11b << (bit - 8);
  return product;
}

/** A deterministic rng over a fixed stream, so splits replay exactly. */
function streamRng(bytes: Uint8Array) {
  let offset = 0;
  return (n: number) => {
    const out = bytes.slice(offset, offset + n);
    offset += n;
    if (out.length !== n) throw new Error('stream exhausted');
    return out;
  };
}

const k = <T>(items: T[], count: number, seed: number): T[] => {
  // a seeded Fisher-Yates pick of `count` items
  const a = [...items];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, count);
};

describe('GF(2^8) arithmetic', () => {
  it('mul agrees with a slow reference on all 256×256 products', () => {
    const wrong: number[][] = [];
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) if (mul(a, b) !== slowMul(a, b)) wrong.push([a, b]);
    expect(wrong).toEqual([]);
  });

  it('matches the FIPS-197 examples ({57}·{83} = {c1}, {57}·{13} = {fe})', () => {
    expect(mul(0x57, 0x83)).toBe(0xc1);
    expect(mul(0x57, 0x13)).toBe(0xfe);
  });

  it('inv is the unique inverse of every nonzero element', () => {
    for (let a = 1; a < 256; a++) {
      const found = [];
      for (let b = 1; b < 256; b++) if (slowMul(a, b) === 1) found.push(b);
      expect(found).toEqual([inv(a)]);
    }
    expect(inv(1)).toBe(1);
    expect(inv(0x53)).toBe(0xca); // FIPS-197 section 5.1.1
  });

  it('satisfies the field axioms', () => {
    const wrong: number[][] = [];
    for (let a = 0; a < 256; a++) {
      if (mul(a, 1) !== a || mul(a, 0) !== 0) wrong.push([a]);
      for (let b = 0; b < 256; b++) if (mul(a, b) !== mul(b, a)) wrong.push([a, b]);
    }
    expect(wrong).toEqual([]);
    const byte = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(byte, byte, byte, (a, b, c) => {
        expect(mul(mul(a, b), c)).toBe(mul(a, mul(b, c)));
        expect(mul(a, b ^ c)).toBe(mul(a, b) ^ mul(a, c));
      }),
      { numRuns: 2000 },
    );
  });

  it('mulVector (SWAR, 4 bytes a step) agrees with byte-wise mul for every length and scalar', () => {
    const v = Uint8Array.from({ length: 37 }, (_, i) => (i * 97 + 13) & 0xff);
    v[0] = 0xff;
    v[5] = 0x80;
    const wrong: number[][] = [];
    for (let n = 0; n <= v.length; n++)
      for (let c = 0; c < 256; c++) {
        const got = mulVector(v.subarray(0, n), c);
        const want = Array.from(v.subarray(0, n), (b) => slowMul(b, c));
        if (got.length !== n || got.some((b, i) => b !== want[i])) wrong.push([n, c]);
      }
    expect(wrong).toEqual([]);
  });

  it('evaluatePolynomial agrees with a naive sum of c_k·x^k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 255 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (len, degree, x, stream) => {
          const it = stream[Symbol.iterator]();
          const coeffs = Array.from({ length: degree }, () => Uint8Array.from({ length: len }, () => it.next().value!));
          const want = new Uint8Array(len);
          for (let i = 0; i < len; i++) {
            let xk = 1;
            for (const c of coeffs) {
              want[i]! ^= slowMul(c[i]!, xk);
              xk = slowMul(xk, x);
            }
          }
          expect(evaluatePolynomial(coeffs, x)).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('interpolate recovers a polynomial from any deg+1 of its points, at every x', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 5 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 5, maxLength: 5 }),
        fc.uint8Array({ minLength: 5 * 11, maxLength: 5 * 11 }),
        fc.integer({ min: 0, max: 255 }),
        (len, t, xs, random, at) => {
          const coeffs = Array.from({ length: t }, (_, j) => random.slice(j * len, (j + 1) * len));
          const points = xs.slice(0, t).map((x) => ({ x, y: evaluatePolynomial(coeffs, x) }));
          expect(interpolate(points, at)).toEqual(evaluatePolynomial(coeffs, at));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('interpolate at one of the points returns a copy of its y', () => {
    const y = Uint8Array.of(1, 2, 3);
    const r = interpolate(
      [
        { x: 7, y },
        { x: 9, y: Uint8Array.of(4, 5, 6) },
      ],
      7,
    );
    expect(r).toEqual(y);
    expect(r).not.toBe(y);
  });
});

describe('gf256Split / gf256Combine', () => {
  it('any t of n shares restore the secret', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 70 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer(),
        (secret, parties, tOffset, extra, seed) => {
          const t = 2 + (tOffset % (parties - 1));
          const shares = gf256Split(secret, t, parties);
          expect(shares.map((s) => s.x)).toEqual(Array.from({ length: parties }, (_, i) => i + 1));
          for (const s of shares) expect(s.y.length).toBe(secret.length);
          const m = Math.min(parties, t + (extra % (parties - t + 1)));
          expect(gf256Combine(k(shares, m, seed))).toEqual(secret);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('works with the largest party count', () => {
    const secret = Uint8Array.from({ length: 33 }, (_, i) => i * 7);
    const shares = gf256Split(secret, 255, 255);
    expect(gf256Combine(shares)).toEqual(secret);
    expect(gf256Combine(k(shares, 254, 1))).not.toEqual(secret);
  });

  it('draws its coefficients in one rng call of (t − 1)·len bytes, coefficient of x^k at [(k−1)·len, k·len)', () => {
    const secret = Uint8Array.of(0x10, 0x20);
    const calls: number[] = [];
    const random = Uint8Array.of(0x03, 0x05, 0x07, 0x09);
    const shares = gf256Split(secret, 3, 4, (n) => {
      calls.push(n);
      return random.slice(0, n);
    });
    expect(calls).toEqual([4]);
    for (const { x, y } of shares) {
      const x2 = slowMul(x, x);
      expect([...y]).toEqual([
        0x10 ^ slowMul(0x03, x) ^ slowMul(0x07, x2),
        0x20 ^ slowMul(0x05, x) ^ slowMul(0x09, x2),
      ]);
    }
    // and it replays exactly
    const stream = Uint8Array.from({ length: 64 }, (_, i) => i * 3 + 1);
    expect(gf256Split(secret, 3, 5, streamRng(stream))).toEqual(gf256Split(secret, 3, 5, streamRng(stream)));
  });

  it('splits secrets longer than one rng call allows, in calls of at most 65536 bytes', () => {
    const secret = Uint8Array.from({ length: 40000 }, (_, i) => i & 0xff);
    const calls: number[] = [];
    const shares = gf256Split(secret, 3, 4, (n) => {
      calls.push(n);
      return new Uint8Array(n).fill(n & 0xff);
    });
    expect(calls).toEqual([65536, 80000 - 65536]);
    expect(gf256Combine(shares.slice(1))).toEqual(secret);
    // and with the default CSPRNG
    expect(gf256Combine(gf256Split(secret, 3, 4).slice(0, 3))).toEqual(secret);
  });

  it('wipes the random coefficients it drew', () => {
    const drawn: Uint8Array[] = [];
    gf256Split(Uint8Array.of(1, 2, 3), 3, 3, (n) => {
      const b = new Uint8Array(n).fill(0xaa);
      drawn.push(b);
      return b;
    });
    expect([...drawn[0]!]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('t − 1 shares are consistent with every secret, each by exactly one polynomial', () => {
    // Fix t − 1 shares of a one-byte secret. For each candidate secret s, the points
    // {(0, s)} ∪ shares fix one polynomial of degree < t; its value at another x (a t-th
    // share) must differ for different s, so all 256 secrets are equally possible.
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.uint8Array({ minLength: 1, maxLength: 1 }),
        fc.integer(),
        (t, secret, seed) => {
          const shares = k(gf256Split(secret, t, 8), t - 1, seed);
          const other = [1, 2, 3, 4, 5, 6, 7, 8].find((x) => !shares.some((s) => s.x === x))!;
          const seen = new Set<number>();
          for (let s = 0; s < 256; s++) {
            const pts = [...shares, { x: 0, y: Uint8Array.of(s) }];
            const tth = interpolate(pts, other);
            seen.add(tth[0]!);
            // the polynomial through these t points restores s from the shares plus the t-th share
            expect(gf256Combine([...shares, { x: other, y: tth }])).toEqual(Uint8Array.of(s));
          }
          expect(seen.size).toBe(256);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('t − 1 shares do not give the secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 3, max: 8 }), (secret, t) => {
        const shares = gf256Split(secret, t, 8);
        expect(gf256Combine(shares.slice(0, t - 1))).not.toEqual(secret);
      }),
      { numRuns: 50 },
    );
  });

  const y = (n: number) => new Uint8Array(n).fill(1);
  const badSplit: [string, () => unknown, ErrorConstructor][] = [
    ['secret not bytes', () => gf256Split('abc' as never, 2, 3), TypeError],
    ['secret array', () => gf256Split([1, 2] as never, 2, 3), TypeError],
    ['empty secret', () => gf256Split(new Uint8Array(0), 2, 3), RangeError],
    ['threshold string', () => gf256Split(y(4), '2' as never, 3), TypeError],
    ['threshold NaN', () => gf256Split(y(4), Number.NaN, 3), RangeError],
    ['threshold 1', () => gf256Split(y(4), 1, 3), RangeError],
    ['threshold 0', () => gf256Split(y(4), 0, 3), RangeError],
    ['threshold negative', () => gf256Split(y(4), -2, 3), RangeError],
    ['threshold fraction', () => gf256Split(y(4), 2.5, 3), RangeError],
    ['threshold > parties', () => gf256Split(y(4), 4, 3), RangeError],
    ['parties 1', () => gf256Split(y(4), 2, 1), RangeError],
    ['parties 256', () => gf256Split(y(4), 2, 256), RangeError],
    ['parties huge', () => gf256Split(y(4), 2, 2 ** 53), RangeError],
    ['parties Infinity', () => gf256Split(y(4), 2, Infinity), RangeError],
    ['rng not a function', () => gf256Split(y(4), 2, 3, 'x' as never), TypeError],
    ['rng short', () => gf256Split(y(4), 2, 3, (n) => new Uint8Array(n - 1)), RangeError],
    ['rng not bytes', () => gf256Split(y(4), 2, 3, (() => [1, 2, 3, 4]) as never), TypeError],
  ];
  const badCombine: [string, () => unknown, ErrorConstructor][] = [
    ['not an array', () => gf256Combine('x' as never), TypeError],
    ['no shares', () => gf256Combine([]), RangeError],
    ['one share', () => gf256Combine([{ x: 1, y: y(2) }]), RangeError],
    ['null share', () => gf256Combine([null, { x: 1, y: y(2) }] as never), TypeError],
    [
      'x = 0',
      () =>
        gf256Combine([
          { x: 0, y: y(2) },
          { x: 1, y: y(2) },
        ]),
      RangeError,
    ],
    [
      'x = 256',
      () =>
        gf256Combine([
          { x: 256, y: y(2) },
          { x: 1, y: y(2) },
        ]),
      RangeError,
    ],
    [
      'x NaN',
      () =>
        gf256Combine([
          { x: Number.NaN, y: y(2) },
          { x: 1, y: y(2) },
        ]),
      RangeError,
    ],
    [
      'x negative',
      () =>
        gf256Combine([
          { x: -1, y: y(2) },
          { x: 1, y: y(2) },
        ]),
      RangeError,
    ],
    [
      'x string',
      () =>
        gf256Combine([
          { x: '2', y: y(2) },
          { x: 1, y: y(2) },
        ] as never),
      TypeError,
    ],
    [
      'duplicate x',
      () =>
        gf256Combine([
          { x: 1, y: y(2) },
          { x: 1, y: y(2) },
        ]),
      RangeError,
    ],
    [
      'unequal lengths',
      () =>
        gf256Combine([
          { x: 1, y: y(2) },
          { x: 2, y: y(3) },
        ]),
      RangeError,
    ],
    [
      'empty y',
      () =>
        gf256Combine([
          { x: 1, y: y(0) },
          { x: 2, y: y(0) },
        ]),
      RangeError,
    ],
    [
      'y not bytes',
      () =>
        gf256Combine([
          { x: 1, y: [1, 2] },
          { x: 2, y: y(2) },
        ] as never),
      TypeError,
    ],
  ];
  const badField: [string, () => unknown, ErrorConstructor][] = [
    ['mul 256', () => mul(256, 1), RangeError],
    ['mul NaN', () => mul(1, Number.NaN), RangeError],
    ['mul string', () => mul('1' as never, 1), TypeError],
    ['inv 0', () => inv(0), RangeError],
    ['interpolate no points', () => interpolate([], 0), RangeError],
    ['interpolate at 256', () => interpolate([{ x: 1, y: y(1) }], 256), RangeError],
    [
      'interpolate duplicate x',
      () =>
        interpolate(
          [
            { x: 1, y: y(1) },
            { x: 1, y: y(1) },
          ],
          0,
        ),
      RangeError,
    ],
    [
      'interpolate unequal',
      () =>
        interpolate(
          [
            { x: 1, y: y(1) },
            { x: 2, y: y(2) },
          ],
          0,
        ),
      RangeError,
    ],
    ['evaluatePolynomial empty', () => evaluatePolynomial([], 0), RangeError],
    ['evaluatePolynomial unequal', () => evaluatePolynomial([y(1), y(2)], 0), RangeError],
    ['mulVector not bytes', () => mulVector([1] as never, 2), TypeError],
  ];
  it.each([...badSplit, ...badCombine, ...badField])('rejects bad input: %s', (_name, call, kind) => {
    expect(call).toThrow(kind);
  });

  it('names the argument in its messages', () => {
    expect(() => gf256Split(y(4), 2, 300)).toThrow(/parties/);
    expect(() =>
      gf256Combine([
        { x: 1, y: y(2) },
        { x: 1, y: y(2) },
      ]),
    ).toThrow(/shares\[1\]\.x/);
  });
});

describe('evaluatePolynomialAt (a split in one pass) and the default rng', () => {
  /** Horner's rule byte by byte with slowMul: the reference. */
  const slowEval = (coefficients: Uint8Array[], x: number) =>
    Uint8Array.from(coefficients[0]!, (_, i) => {
      let acc = 0;
      for (let k = coefficients.length - 1; k >= 0; k--) acc = slowMul(acc, x) ^ coefficients[k]![i]!;
      return acc;
    });

  it('equals byte-by-byte Horner at every x, for lengths around the 4-byte words', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 1, max: 6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 9 }),
        fc.integer(),
        (length, t, xs, seed) => {
          const coefficients = Array.from({ length: t }, (_, k) =>
            Uint8Array.from({ length }, (_, i) => (seed * 31 + k * 131 + i * 17) & 0xff),
          );
          const got = evaluatePolynomialAt(coefficients, xs);
          expect(got).toEqual(xs.map((x) => slowEval(coefficients, x)));
          expect(got.map((_, j) => evaluatePolynomial(coefficients, xs[j]!))).toEqual(got);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('evaluateSplit (blocks of 256 bytes, four words at once) equals evaluatePolynomialAt at x = 1..parties', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 250, max: 530 })),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer(),
        (length, degree, parties, offset, seed) => {
          const bytes = (k: number, n: number) =>
            Uint8Array.from({ length: n }, (_, i) => (seed * 29 + k * 131 + i * 17) & 0xff);
          const secret = bytes(0, length);
          const random = bytes(1, offset + degree * length + 3);
          const coefficients = [secret];
          for (let k = 1; k <= degree; k++)
            coefficients.push(random.subarray(offset + (k - 1) * length, offset + k * length));
          const xs = Array.from({ length: parties }, (_, j) => j + 1);
          expect(evaluateSplit(secret, random, offset, degree, parties)).toEqual(
            evaluatePolynomialAt(coefficients, xs),
          );
        },
      ),
      { numRuns: 150 },
    );
    expect(() => evaluateSplit(Uint8Array.of(1, 2), new Uint8Array(3), 0, 2, 3)).toThrow(RangeError);
    expect(() => evaluateSplit(Uint8Array.of(1, 2), new Uint8Array(5), 2, 2, 3)).toThrow(/random must hold/);
  });

  it('the default rng gives fresh shares each time (the random pool is not reused)', () => {
    const secret = new Uint8Array(32).fill(9);
    const a = gf256Split(secret, 3, 5);
    const b = gf256Split(secret, 3, 5);
    expect(a[0]!.y).not.toEqual(b[0]!.y);
    expect(gf256Combine(a.slice(2))).toEqual(secret);
    expect(gf256Combine(b.slice(0, 3))).toEqual(secret);
  });
});
