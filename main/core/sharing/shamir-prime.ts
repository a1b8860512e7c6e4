/**
 * The method's polynomial scheme over a prime field (Shamir, "How to share a secret", CACM 1979):
 * f(x) = S + R1·x + … + R(t−1)·x^(t−1) mod P, child key i is (i, f(i)) for i = 1..N, and any t of
 * them restore S = f(0) by Lagrange interpolation. Over a curve's group order this is the trusted
 * dealer key split of RFC 9591 §C.1 (`secret_share_shard`), whose vectors the tests replay.
 *
 * Fields come from the stored table (prime-fields.ts). Not constant-time: bigint arithmetic and
 * inversion take value-dependent time. JS cannot guarantee zeroing: the returned coefficients and
 * shares are bigints, which cannot be wiped; the caller drops them as soon as it can.
 */
import { FpInvertBatch } from '@noble/curves/abstract/modular.js';
import { aarray, abigint, afunction, aint, randomBytes, typeName, type Rng } from '../bytes.js';
import { MAX_PARTIES } from './limits.js';
import { afield, randomElement, type PrimeFieldInfo } from '../math/prime-fields.js';

/** One child key of the polynomial scheme: the point (x, f(x)). `y` is secret. */
export interface PrimeShare {
  x: number;
  y: bigint;
}

/**
 * Splits `secret` into `parties` child keys, any `threshold` of which restore it.
 *
 * Takes a field of the table, the secret in [0, p), 2 ≤ threshold ≤ parties ≤ 255, and an rng.
 * R1..R(t−1) are drawn in that order with {@link randomElement} (one rng call per attempt; nonzero,
 * so each Feldman commitment is a proper point — this moves the shares of t−1 holders at most
 * (t−1)/p in statistical distance from uniform, below 2^-244 for every field here).
 * Returns the shares at x = 1..parties and `coefficients` = [S, R1, …, R(t−1)]: these are secret —
 * the caller commits to them (feldmanCommit) and drops them.
 * Throws TypeError for wrong types, RangeError for values out of range. Not constant-time.
 */
export function polySplit(
  field: PrimeFieldInfo,
  secret: bigint,
  threshold: number,
  parties: number,
  rng: Rng = randomBytes,
): { shares: PrimeShare[]; coefficients: bigint[] } {
  afield(field);
  abigint(secret, 'secret', 0n, field.p);
  aint(parties, 'parties', 2, MAX_PARTIES);
  aint(threshold, 'threshold', 2, parties);
  afunction(rng, 'rng');
  const coefficients: bigint[] = [secret];
  for (let j = 1; j < threshold; j++) coefficients.push(randomElement(field, rng));
  const shares: PrimeShare[] = [];
  for (let x = 1; x <= parties; x++) shares.push({ x, y: evaluate(field, coefficients, BigInt(x)) });
  return { shares, coefficients };
}

/** f(x) by Horner's rule; coefficients lowest degree first. */
function evaluate(field: PrimeFieldInfo, coefficients: readonly bigint[], x: bigint): bigint {
  const { Fp } = field;
  let y = Fp.ZERO;
  for (let j = coefficients.length - 1; j >= 0; j--) y = Fp.add(Fp.mul(y, x), coefficients[j] as bigint);
  return y;
}

/** Checks points: 1..255 of them, distinct nonzero x (< p), y in [0, p). Returns their x as bigints. */
function checkPoints(field: PrimeFieldInfo, points: unknown): bigint[] {
  aarray(points, 'points', 1, MAX_PARTIES);
  const xs: bigint[] = [];
  const seen = new Set<bigint>();
  (points as unknown[]).forEach((pt, i) => {
    if (typeof pt !== 'object' || pt === null)
      throw new TypeError(`points[${i}] must be an object, got ${typeName(pt)}`);
    const { x, y } = pt as { x: unknown; y: unknown };
    let xb: bigint;
    if (typeof x === 'number') xb = BigInt(aint(x, `points[${i}].x`, 1, Number.MAX_SAFE_INTEGER));
    else if (typeof x === 'bigint') xb = abigint(x, `points[${i}].x`, 1n, field.p);
    else throw new TypeError(`points[${i}].x must be a number or bigint, got ${typeName(x)}`);
    abigint(y, `points[${i}].y`, 0n, field.p);
    if (seen.has(xb)) throw new RangeError(`points[${i}].x repeats an earlier x`);
    seen.add(xb);
    xs.push(xb);
  });
  return xs;
}

/**
 * The value at `at` of the polynomial of least degree through `points` (Lagrange interpolation):
 * Σ y_i · Π_{j≠i} (at − x_j) / (x_i − x_j) mod p, with one batch inversion (noble's FpInvertBatch).
 *
 * Takes a field of the table, 1..255 points with distinct nonzero x (number: a safe integer ≥ 1;
 * bigint: in [1, p)) and y in [0, p), and `at` in [0, p). Throws TypeError for wrong types,
 * RangeError for values out of range, a repeated x, or x = 0. Not constant-time.
 */
export function lagrangeAt(field: PrimeFieldInfo, points: { x: number | bigint; y: bigint }[], at: bigint): bigint {
  afield(field);
  const xs = checkPoints(field, points);
  abigint(at, 'at', 0n, field.p);
  const { Fp } = field;
  const k = xs.length;
  const nums: bigint[] = [];
  const dens: bigint[] = [];
  for (let i = 0; i < k; i++) {
    const xi = xs[i] as bigint;
    let num = Fp.ONE;
    let den = Fp.ONE;
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const xj = xs[j] as bigint;
      num = Fp.mul(num, Fp.sub(at, xj));
      den = Fp.mul(den, Fp.sub(xi, xj));
    }
    nums.push(num);
    dens.push(den);
  }
  // Distinct x below p make every denominator nonzero, so passZero never applies.
  const inv = FpInvertBatch(field.Fp, dens, true);
  let acc = Fp.ZERO;
  for (let i = 0; i < k; i++) {
    const term = Fp.mul(Fp.mul((points[i] as { y: bigint }).y, nums[i] as bigint), inv[i] as bigint);
    acc = Fp.add(acc, term);
  }
  return acc;
}

/**
 * Restores the secret f(0) from child keys: {@link lagrangeAt}(field, points, 0n). Given at least
 * the threshold of honest child keys of one set it returns the secret; given fewer, or child keys
 * of different sets, it returns an unrelated value without noticing — the caller checks the result
 * (public key, fingerprint) and the child keys (commitments, hashes). Throws as lagrangeAt does.
 */
export function polyRestore(field: PrimeFieldInfo, points: { x: number | bigint; y: bigint }[]): bigint {
  return lagrangeAt(field, points, 0n);
}
