/**
 * GF(2^8) with the AES polynomial 0x11b (FIPS-197 §4.1–4.2, as SLIP-39 uses it) for byte-wise
 * Shamir. Secret bytes are only multiplied by public constants, branch-free, and no table is
 * indexed by a secret byte (docs/schemes.md, "GF(2^8)"). Not a constant-time guarantee; JS cannot
 * guarantee zeroing.
 */
import { aarray, abytes, aint } from '../bytes.js';

/** A point of a byte-wise polynomial: `y[k]` is f_k(x). */
export interface Gf256Point {
  x: number;
  y: Uint8Array;
}

/** Multiplies by the field's generator x (the AES `xtime`), without branches. */
function xtime(a: number): number {
  return ((a << 1) ^ (-(a >>> 7) & 0x1b)) & 0xff;
}

/**
 * The product a·b in GF(2^8). Takes two integers 0..255; throws RangeError/TypeError otherwise.
 * Shift-and-add without tables or branches on the operands; still, use it on public values.
 */
export function mul(a: number, b: number): number {
  aint(a, 'a', 0, 255);
  aint(b, 'b', 0, 255);
  return mulRaw(a, b);
}

function mulRaw(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    r ^= -((b >>> i) & 1) & a;
    a = xtime(a);
  }
  return r;
}

/**
 * The inverse a^-1 = a^254 in GF(2^8). Takes an integer 1..255; throws RangeError for 0.
 * Inversion only ever happens on public values (x coordinates), so plain exponentiation is fine.
 */
export function inv(a: number): number {
  aint(a, 'a', 1, 255);
  return invRaw(a);
}

function invRaw(a: number): number {
  // a^254 = a^(2+4+8+16+32+64+128)
  let result = 1;
  let square = a;
  for (let i = 1; i < 8; i++) {
    square = mulRaw(square, square);
    result = mulRaw(result, square);
  }
  return result;
}

/** LOG[a] = log_3 a and EXP[i] = 3^i (i < 510, so a sum of two logs needs no reduction). */
let LOG: Uint8Array | undefined;
let EXP: Uint8Array | undefined;

/**
 * Logarithm and exponential tables over the generator 3, built once. Kept because they are indexed
 * only by public values (x coordinates, their differences and the Lagrange factors made of them):
 * a restore's Lagrange basis then costs table look-ups instead of exponentiations. Never by a
 * secret byte.
 */
function publicTables(): { LOG: Uint8Array; EXP: Uint8Array } {
  if (!LOG || !EXP) {
    const log = new Uint8Array(256);
    const exp = new Uint8Array(510);
    let v = 1;
    for (let i = 0; i < 255; i++) {
      exp[i] = v;
      exp[i + 255] = v;
      log[v] = i;
      v = mulRaw(v, 3);
    }
    LOG = log;
    EXP = exp;
  }
  return { LOG, EXP };
}

/** xtime on four bytes at once (one per 8-bit lane), without branches or tables. */
function xtime4(w: number): number {
  return ((w & 0x7f7f7f7f) << 1) ^ Math.imul((w >>> 7) & 0x01010101, 0x1b);
}

/**
 * c·w for four bytes w (one byte in each 8-bit lane of a 32-bit word; a single byte works too) and
 * a public constant c: the XOR of w·2^b over the bits b of c. The loop and its branches follow c's
 * bits only; w's bytes index nothing and decide nothing. Small c (the x coordinates 1..n of a
 * split) take few steps.
 */
function mulConst(w: number, c: number): number {
  let r = 0;
  for (;;) {
    if (c & 1) r ^= w;
    c >>>= 1;
    if (c === 0) return r;
    w = xtime4(w);
  }
}

/** The four bytes of v at i as one word (lane k = byte i + k). */
function load(v: Uint8Array, i: number): number {
  return v[i]! | (v[i + 1]! << 8) | (v[i + 2]! << 16) | (v[i + 3]! << 24);
}

function store(out: Uint8Array, i: number, w: number): void {
  out[i] = w;
  out[i + 1] = w >>> 8;
  out[i + 2] = w >>> 16;
  out[i + 3] = w >>> 24;
}

/** {@link load} of the bytes of v at i..min(i + 4, end), zero past end. */
function loadPart(v: Uint8Array, i: number, end: number): number {
  if (i + 4 <= end) return load(v, i);
  let w = 0;
  for (let s = 0; i + s < end; s++) w |= v[i + s]! << (8 * s);
  return w;
}

/** {@link store} of the bytes at i..min(i + 4, end). */
function storePart(out: Uint8Array, i: number, end: number, w: number): void {
  if (i + 4 <= end) return store(out, i, w);
  for (let s = 0; i + s < end; s++) out[i + s] = w >>> (8 * s);
}

/**
 * out = Σ c_j·v_j for public constants c_j and secret vectors v_j of out's length: one pass, four
 * bytes per step (SWAR).
 */
function linearCombination(out: Uint8Array, vectors: readonly Uint8Array[], constants: readonly number[]): void {
  const n = out.length;
  const whole = n - (n % 4);
  const m = vectors.length;
  let i = 0;
  for (; i < whole; i += 4) {
    let acc = 0;
    for (let j = 0; j < m; j++) acc ^= mulConst(load(vectors[j]!, i), constants[j]!);
    store(out, i, acc);
  }
  for (; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < m; j++) acc ^= mulConst(vectors[j]![i]!, constants[j]!);
    out[i] = acc;
  }
}

/**
 * The product c·v of a public scalar c (0..255) and a byte vector v, element-wise, as a new array.
 * Throws TypeError/RangeError on bad arguments. Treats v as secret (no secret-indexed lookups).
 */
export function mulVector(v: Uint8Array, c: number): Uint8Array {
  abytes(v, 'v');
  aint(c, 'c', 0, 255);
  const out = new Uint8Array(v.length);
  linearCombination(out, [v], [c]);
  return out;
}

/**
 * Evaluates byte-wise polynomials at a public x: returns Σ coefficients[k]·x^k (Horner's rule),
 * where `coefficients[0]` is the constant term and all coefficient vectors have one length.
 * Throws TypeError/RangeError on bad arguments (empty list, unequal lengths, x outside 0..255).
 * The coefficients may be secret; x must be public. JS cannot guarantee zeroing of temporaries.
 */
export function evaluatePolynomial(coefficients: Uint8Array[], x: number): Uint8Array {
  aint(x, 'x', 0, 255);
  return evaluatePolynomialAt(coefficients, [x])[0]!;
}

/**
 * {@link evaluatePolynomial} at each of the public points `xs` (1 to 256 of them, each 0..255), in
 * one pass over the coefficients: returns one new vector per x, in order. This is a split's inner
 * loop: each four-byte word of the coefficients is read once for all shares. Throws TypeError/
 * RangeError on bad arguments. The coefficients may be secret (no secret-indexed lookups).
 */
export function evaluatePolynomialAt(coefficients: Uint8Array[], xs: number[]): Uint8Array[] {
  aarray(coefficients, 'coefficients', 1);
  aarray(xs, 'xs', 1, 256);
  const m = xs.length;
  for (let j = 0; j < m; j++) {
    const x = xs[j];
    if (!(typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255)) aint(x, `xs[${j}]`, 0, 255);
  }
  const first = abytes(coefficients[0], 'coefficients[0]');
  const t = coefficients.length;
  for (let k = 1; k < t; k++) {
    const c = coefficients[k];
    if (!(c instanceof Uint8Array) || c.length !== first.length) abytes(c, `coefficients[${k}]`, first.length);
  }
  const n = first.length;
  const outs: Uint8Array[] = [];
  for (let j = 0; j < m; j++) outs.push(new Uint8Array(n));
  const whole = n - (n % 4);
  const words = new Int32Array(t); // this step's word of each coefficient: secret, wiped below
  for (let i = 0; i < n; i += i < whole ? 4 : 1) {
    const wide = i < whole;
    for (let k = 0; k < t; k++) words[k] = wide ? load(coefficients[k]!, i) : coefficients[k]![i]!;
    for (let j = 0; j < m; j++) {
      const x = xs[j]!;
      let acc = words[t - 1]!;
      for (let k = t - 2; k >= 0; k--) acc = mulConst(acc, x) ^ words[k]!;
      if (wide) store(outs[j]!, i, acc);
      else outs[j]![i] = acc;
    }
  }
  words.fill(0);
  return outs;
}

/** Words per block of a split or a restore: 256 bytes, so the working words stay small. */
const BLOCK_WORDS = 64;
let work = new Int32Array(8 * BLOCK_WORDS);

/**
 * The working words of a split (a block of every coefficient) or of a restore (a block of the
 * result), at least `size` of them: secret, reused, wiped by the caller after each call (best
 * effort); grown when a split of a higher degree needs more (the old one wiped).
 */
function workWords(size: number): Int32Array {
  if (work.length < size) {
    work.fill(0);
    work = new Int32Array(size);
  }
  return work;
}

/** The x coordinates of {@link interpolate}'s points and their Lagrange coefficients: public, reused. */
const pointXs = new Uint8Array(256);
const basis = new Uint8Array(256);

/**
 * Lagrange interpolation of byte vectors (SLIP-0039 "Interpolate"): given points (x_i, y_i) with
 * distinct x_i in 0..255 and all y_i of one length, returns f(at) for the lowest-degree f through
 * them, byte by byte. Returns a new array (a copy of y_i when `at` is one of the x_i).
 * Throws TypeError for wrong types; RangeError for no points, duplicate x, x or `at` outside
 * 0..255, or unequal lengths. x and `at` are public; y may be secret (no secret-indexed lookups).
 *
 * The Lagrange basis l_i(at) is computed once per call from the x set alone (public), with the
 * log/exp tables; then each four-byte word of the result is Σ l_i·y_i in one pass (SWAR).
 */
export function interpolate(points: Gf256Point[], at: number): Uint8Array {
  aarray(points, 'points', 1, 256);
  aint(at, 'at', 0, 255);
  const m = points.length;
  let length = -1;
  // Messages are built only on failure: this runs for every restore of a key.
  for (let i = 0; i < m; i++) {
    const p = points[i];
    if (typeof p !== 'object' || p === null) throw new TypeError(`points[${i}] must be an object {x, y}`);
    const x = p.x;
    if (!(typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255)) aint(x, `points[${i}].x`, 0, 255);
    for (let j = 0; j < i; j++)
      if (pointXs[j] === x)
        throw new RangeError(`points[${i}].x duplicates another point's x (${x}); x must be distinct`);
    const y = p.y;
    if (!(y instanceof Uint8Array)) abytes(y, `points[${i}].y`);
    if (length === -1) length = y.length;
    else if (y.length !== length)
      throw new RangeError(`points[${i}].y must be ${length} bytes like points[0].y, got ${y.length}`);
    pointXs[i] = x;
  }
  lagrangeBasis(m, at);
  const out = new Uint8Array(length);
  const acc = workWords(BLOCK_WORDS); // a block of the result's words: secret, wiped below
  try {
    for (let start = 0; start < length; start += 4 * BLOCK_WORDS) {
      const end = Math.min(length, start + 4 * BLOCK_WORDS);
      const count = (((end - start + 3) >>> 2) + 3) & ~3; // whole groups of four words
      acc.fill(0, 0, count);
      // One point at a time, so that its public coefficient c steers the same steps for the whole
      // block; four words at a time, the XOR of y·2^bit over the bits of c.
      for (let j = 0; j < m; j++) {
        const y = points[j]!.y;
        const c = basis[j]!;
        if (c === 0) continue;
        for (let b = 0, i = start; b < count; b += 4, i += 16) {
          let y0 = loadPart(y, i, end);
          let y1 = loadPart(y, i + 4, end);
          let y2 = loadPart(y, i + 8, end);
          let y3 = loadPart(y, i + 12, end);
          let r0 = 0;
          let r1 = 0;
          let r2 = 0;
          let r3 = 0;
          for (let bits = c; ;) {
            if (bits & 1) {
              r0 ^= y0;
              r1 ^= y1;
              r2 ^= y2;
              r3 ^= y3;
            }
            bits >>>= 1;
            if (bits === 0) break;
            y0 = xtime4(y0);
            y1 = xtime4(y1);
            y2 = xtime4(y2);
            y3 = xtime4(y3);
          }
          acc[b]! ^= r0;
          acc[b + 1]! ^= r1;
          acc[b + 2]! ^= r2;
          acc[b + 3]! ^= r3;
        }
      }
      for (let b = 0, i = start; i < end; b++, i += 4) storePart(out, i, end, acc[b]!);
    }
  } finally {
    acc.fill(0, 0, BLOCK_WORDS);
  }
  return out;
}

/**
 * basis[i] = l_i(at) = Π_{j≠i} (at − x_j) / (x_i − x_j) for the m distinct x in pointXs (subtraction
 * is XOR), by logarithms: all public values.
 */
function lagrangeBasis(m: number, at: number): void {
  const { LOG, EXP } = publicTables();
  for (let i = 0; i < m; i++) {
    const xi = pointXs[i]!;
    let logNum = 0;
    let logDen = 0;
    let zero = false;
    for (let j = 0; j < m; j++) {
      if (j === i) continue;
      const xj = pointXs[j]!;
      const d = at ^ xj;
      if (d === 0) zero = true;
      logNum += LOG[d]!;
      logDen += LOG[xi ^ xj]!;
    }
    basis[i] = zero ? 0 : EXP[(logNum - logDen + 255 * 256) % 255]!;
  }
}

/**
 * A split in one pass: the values at x = 1..parties of the byte-wise polynomials whose constant
 * term is `secret` and whose coefficient of x^k, for k = 1..degree, is the `secret.length` bytes of
 * `random` from offset + (k − 1)·secret.length. Returns `parties` new arrays, share x at index
 * x − 1. The coefficients are read once, a block of 256 bytes at a time, as four-byte words; each
 * share's words are then Horner's rule on them (SWAR), the loop steered by the public x only.
 * Throws TypeError for wrong types; RangeError for an empty secret, degree outside 1..254, parties
 * outside 1..255, or `random` too short from `offset`. Everything but x may be secret (no
 * secret-indexed lookups); the working words are wiped (best effort).
 */
export function evaluateSplit(
  secret: Uint8Array,
  random: Uint8Array,
  offset: number,
  degree: number,
  parties: number,
): Uint8Array[] {
  abytes(secret, 'secret');
  abytes(random, 'random');
  aint(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
  aint(degree, 'degree', 1, 254);
  aint(parties, 'parties', 1, 255);
  const n = secret.length;
  if (n < 1) throw new RangeError('secret must be at least 1 byte, got 0');
  if (offset + degree * n > random.length)
    throw new RangeError(
      `random must hold degree × secret.length = ${degree * n} bytes from offset ${offset}, got ${random.length - offset}`,
    );
  const outs: Uint8Array[] = [];
  for (let j = 0; j < parties; j++) outs.push(new Uint8Array(n));
  // w[B·k + b]: word b of the block, of the coefficient of x^k (k = 0: the secret). Blocks are
  // whole groups of four words (zero past the end).
  const words = (n + 3) >>> 2;
  const B = Math.min(BLOCK_WORDS, (words + 3) & ~3);
  const used = (degree + 1) * B;
  const w = workWords(used);
  try {
    for (let first = 0; first < words; first += B) {
      const start = first * 4; // the block's first byte
      const end = Math.min(n, start + B * 4);
      for (let k = 0; k <= degree; k++) {
        const v = k === 0 ? secret : random;
        const base = k === 0 ? 0 : offset + (k - 1) * n;
        for (let b = 0, i = start; b < B; b++, i += 4) w[k * B + b] = loadPart(v, base + i, base + end);
      }
      // One x at a time, so that its bits steer the same steps for the whole block; Horner's rule
      // on four words at once (four independent chains), acc·x the XOR of acc·2^bit over x's bits.
      for (let x = 1; x <= parties; x++) {
        const out = outs[x - 1]!;
        for (let b = 0, i = start; b < B && i < end; b += 4, i += 16) {
          let at = degree * B + b;
          let a0 = w[at]!;
          let a1 = w[at + 1]!;
          let a2 = w[at + 2]!;
          let a3 = w[at + 3]!;
          for (let k = degree - 1; k >= 0; k--) {
            let r0 = 0;
            let r1 = 0;
            let r2 = 0;
            let r3 = 0;
            for (let bits = x; ;) {
              if (bits & 1) {
                r0 ^= a0;
                r1 ^= a1;
                r2 ^= a2;
                r3 ^= a3;
              }
              bits >>>= 1;
              if (bits === 0) break;
              a0 = xtime4(a0);
              a1 = xtime4(a1);
              a2 = xtime4(a2);
              a3 = xtime4(a3);
            }
            at = k * B + b;
            a0 = r0 ^ w[at]!;
            a1 = r1 ^ w[at + 1]!;
            a2 = r2 ^ w[at + 2]!;
            a3 = r3 ^ w[at + 3]!;
          }
          storePart(out, i, end, a0);
          storePart(out, i + 4, end, a1);
          storePart(out, i + 8, end, a2);
          storePart(out, i + 12, end, a3);
        }
      }
    }
  } finally {
    w.fill(0, 0, used);
  }
  return outs;
}
