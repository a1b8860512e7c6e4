/**
 * Arithmetic in GF(2^8) with the AES/Rijndael polynomial x^8 + x^4 + x^3 + x + 1 (0x11b):
 * FIPS-197 sections 4.1–4.2, the field SLIP-0039 ("Shamir's secret-sharing", "Polynomial
 * interpolation") uses for byte-wise Shamir.
 *
 * Byte vectors hold secrets; x coordinates and Lagrange coefficients are public. A secret vector
 * is only ever multiplied by a public constant c, as a linear map: c·2^b is precomputed for
 * b = 0..7 and XORed under masks made from the secret's bits, four bytes per step on 32-bit words
 * (SWAR). No table is indexed by a secret byte and no branch depends on one. `mul` and `inv` work
 * without tables or secret-dependent branches too, but they are meant for public values only.
 *
 * Not a constant-time guarantee: JavaScript engines give none. JS cannot guarantee zeroing either.
 */
import { aarray, abytes, aint } from './bytes.js';

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

/** The eight constants c·2^b (b = 0..7) of multiplication by c as a linear map over GF(2). */
function linearMap(c: number): Int32Array {
  const table = new Int32Array(8);
  let cb = c;
  for (let b = 0; b < 8; b++) {
    table[b] = cb;
    cb = xtime(cb);
  }
  return table;
}

/**
 * acc ^= c·v for a public constant c and a secret vector v (same length as acc); acc may be v.
 * Four bytes per step: `((w >>> b) & 0x01010101) * cb` puts cb in each lane whose bit b is set,
 * and cb < 256 leaves no carry between lanes.
 */
function mulXorInto(acc: Uint8Array, v: Uint8Array, c: number, replace: boolean): void {
  const m = linearMap(c);
  const m0 = m[0]!,
    m1 = m[1]!,
    m2 = m[2]!,
    m3 = m[3]!,
    m4 = m[4]!,
    m5 = m[5]!,
    m6 = m[6]!,
    m7 = m[7]!;
  const n = v.length;
  const whole = n - (n % 4);
  let i = 0;
  for (; i < whole; i += 4) {
    const w = v[i]! | (v[i + 1]! << 8) | (v[i + 2]! << 16) | (v[i + 3]! << 24);
    const p =
      Math.imul(w & 0x01010101, m0) ^
      Math.imul((w >>> 1) & 0x01010101, m1) ^
      Math.imul((w >>> 2) & 0x01010101, m2) ^
      Math.imul((w >>> 3) & 0x01010101, m3) ^
      Math.imul((w >>> 4) & 0x01010101, m4) ^
      Math.imul((w >>> 5) & 0x01010101, m5) ^
      Math.imul((w >>> 6) & 0x01010101, m6) ^
      Math.imul((w >>> 7) & 0x01010101, m7);
    if (replace) {
      acc[i] = p;
      acc[i + 1] = p >>> 8;
      acc[i + 2] = p >>> 16;
      acc[i + 3] = p >>> 24;
    } else {
      acc[i]! ^= p;
      acc[i + 1]! ^= p >>> 8;
      acc[i + 2]! ^= p >>> 16;
      acc[i + 3]! ^= p >>> 24;
    }
  }
  for (; i < n; i++) {
    const w = v[i]!;
    const p =
      ((w & 1) * m0) ^
      (((w >>> 1) & 1) * m1) ^
      (((w >>> 2) & 1) * m2) ^
      (((w >>> 3) & 1) * m3) ^
      (((w >>> 4) & 1) * m4) ^
      (((w >>> 5) & 1) * m5) ^
      (((w >>> 6) & 1) * m6) ^
      (((w >>> 7) & 1) * m7);
    acc[i] = replace ? p : acc[i]! ^ p;
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
  mulXorInto(out, v, c, true);
  return out;
}

/**
 * Evaluates byte-wise polynomials at a public x: returns Σ coefficients[k]·x^k (Horner's rule),
 * where `coefficients[0]` is the constant term and all coefficient vectors have one length.
 * Throws TypeError/RangeError on bad arguments (empty list, unequal lengths, x outside 0..255).
 * The coefficients may be secret; x must be public. JS cannot guarantee zeroing of temporaries.
 */
export function evaluatePolynomial(coefficients: Uint8Array[], x: number): Uint8Array {
  aarray(coefficients, 'coefficients', 1);
  aint(x, 'x', 0, 255);
  const first = abytes(coefficients[0], 'coefficients[0]');
  for (let k = 1; k < coefficients.length; k++) abytes(coefficients[k], `coefficients[${k}]`, first.length);
  const acc = new Uint8Array(first.length);
  for (let k = coefficients.length - 1; k >= 0; k--) {
    mulXorInto(acc, acc, x, true);
    const c = coefficients[k]!;
    for (let i = 0; i < acc.length; i++) acc[i]! ^= c[i]!;
  }
  return acc;
}

/**
 * Lagrange interpolation of byte vectors (SLIP-0039 "Interpolate"): given points (x_i, y_i) with
 * distinct x_i in 0..255 and all y_i of one length, returns f(at) for the lowest-degree f through
 * them, byte by byte. Returns a new array (a copy of y_i when `at` is one of the x_i).
 * Throws TypeError for wrong types; RangeError for no points, duplicate x, x or `at` outside
 * 0..255, or unequal lengths. x and `at` are public; y may be secret (no secret-indexed lookups).
 */
export function interpolate(points: Gf256Point[], at: number): Uint8Array {
  aarray(points, 'points', 1, 256);
  aint(at, 'at', 0, 255);
  const xs: number[] = [];
  let length = -1;
  const seen = new Set<number>();
  points.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) throw new TypeError(`points[${i}] must be an object {x, y}`);
    const x = aint(p.x, `points[${i}].x`, 0, 255);
    if (seen.has(x)) throw new RangeError(`points[${i}].x duplicates another point's x (${x}); x must be distinct`);
    seen.add(x);
    abytes(p.y, `points[${i}].y`);
    if (length === -1) length = p.y.length;
    else if (p.y.length !== length)
      throw new RangeError(`points[${i}].y must be ${length} bytes like points[0].y, got ${p.y.length}`);
    xs.push(x);
  });
  const out = new Uint8Array(length);
  for (let i = 0; i < points.length; i++) {
    const xi = xs[i]!;
    // Lagrange basis l_i(at) = Π_{j≠i} (at − x_j) / (x_i − x_j); subtraction is XOR. All public.
    let num = 1;
    let den = 1;
    for (let j = 0; j < points.length; j++) {
      if (j === i) continue;
      num = mulRaw(num, at ^ xs[j]!);
      den = mulRaw(den, xi ^ xs[j]!);
    }
    const coefficient = mulRaw(num, invRaw(den));
    if (coefficient !== 0) mulXorInto(out, points[i]!.y, coefficient, false);
  }
  return out;
}
