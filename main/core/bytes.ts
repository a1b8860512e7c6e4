/**
 * Small reusable argument checks and byte helpers, after noble's `abytes`/`anumber`.
 * A wrong type is a `TypeError`, a wrong length or range a `RangeError`; the message names the
 * argument. Hex, concatenation and comparison come from @noble/hashes and @noble/curves.
 *
 * `wipe` overwrites buffers with zeros. JavaScript cannot guarantee zeroing: the engine may have
 * copied the bytes (strings, bigints, garbage-collected buffers are out of reach).
 */
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '@noble/curves/utils.js';

export { bytesToHex, concatBytes, equalBytes, randomBytes, utf8ToBytes };

/** A source of random bytes: `rng(n)` returns n fresh bytes. The default is the platform CSPRNG. */
export type Rng = (length: number) => Uint8Array;

/** Most bytes one rng call is asked for: the Web Crypto `getRandomValues` limit, which noble's randomBytes enforces. */
export const RNG_CHUNK_BYTES = 65536;

/**
 * `length` (≥ 1) random bytes from `rng`, asked for in calls of at most {@link RNG_CHUNK_BYTES}
 * bytes (one call when length ≤ 65536). Throws TypeError/RangeError for a bad length, a non-function rng,
 * or rng output that is not a Uint8Array of the requested length. Each rng buffer is copied, then
 * wiped (best effort).
 */
export function drawBytes(length: number, rng: Rng = randomBytes): Uint8Array {
  aint(length, 'length', 1, Number.MAX_SAFE_INTEGER);
  afunction(rng, 'rng');
  const out = new Uint8Array(length);
  for (let pos = 0; pos < length; pos += RNG_CHUNK_BYTES) {
    const n = Math.min(RNG_CHUNK_BYTES, length - pos);
    const chunk = abytes(rng(n), 'rng output', n);
    out.set(chunk, pos);
    wipe(chunk);
  }
  return out;
}

/** Asserts `value` is a Uint8Array (of `length` bytes, when given). */
export function abytes(value: unknown, title: string, length?: number): Uint8Array {
  if (length !== undefined) aint(length, 'length', 0, Number.MAX_SAFE_INTEGER);
  if (!(value instanceof Uint8Array)) throw new TypeError(`${title} must be a Uint8Array, got ${typeName(value)}`);
  if (length !== undefined && value.length !== length)
    throw new RangeError(`${title} must be ${length} bytes, got ${value.length}`);
  return value;
}

/** Asserts `value` is an integer in [min, max] (min and max: safe integers). */
export function aint(value: unknown, title: string, min: number, max: number): number {
  if (typeof min !== 'number' || typeof max !== 'number') throw new TypeError('min and max must be numbers');
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max))
    throw new RangeError('min and max must be safe integers');
  if (typeof value !== 'number') throw new TypeError(`${title} must be a number, got ${typeName(value)}`);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new RangeError(`${title} must be an integer from ${min} to ${max}, got ${String(value)}`);
  return value;
}

/** Asserts `value` is a string (of at most `maxLength` UTF-16 units, when given). */
export function astring(value: unknown, title: string, maxLength?: number): string {
  if (maxLength !== undefined) aint(maxLength, 'maxLength', 0, Number.MAX_SAFE_INTEGER);
  if (typeof value !== 'string') throw new TypeError(`${title} must be a string, got ${typeName(value)}`);
  if (maxLength !== undefined && value.length > maxLength)
    throw new RangeError(`${title} must be at most ${maxLength} characters, got ${value.length}`);
  return value;
}

/** Asserts `value` is a bigint in [min, max). */
export function abigint(value: unknown, title: string, min: bigint, maxExclusive: bigint): bigint {
  if (typeof min !== 'bigint' || typeof maxExclusive !== 'bigint')
    throw new TypeError('min and maxExclusive must be bigints');
  if (typeof value !== 'bigint') throw new TypeError(`${title} must be a bigint, got ${typeName(value)}`);
  if (value < min || value >= maxExclusive) throw new RangeError(`${title} is out of range`);
  return value;
}

/** Asserts `value` is a function (an injected rng, say). */
export function afunction<T>(value: T, title: string): T {
  if (typeof value !== 'function') throw new TypeError(`${title} must be a function, got ${typeName(value)}`);
  return value;
}

/** Asserts `value` is a plain object (an options bag or a record): not null, an array or a typed array. */
export function aobject(value: unknown, title: string): Record<string, unknown> {
  const proto: unknown = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`${title} must be a plain object, got ${typeName(value)}`);
  return value as Record<string, unknown>;
}

/** Asserts `value` is an array (of `min` to `max` items, when given). */
export function aarray(value: unknown, title: string, min = 0, max = Number.MAX_SAFE_INTEGER): unknown[] {
  aint(min, 'min', 0, Number.MAX_SAFE_INTEGER);
  aint(max, 'max', 0, Number.MAX_SAFE_INTEGER);
  if (!Array.isArray(value)) throw new TypeError(`${title} must be an array, got ${typeName(value)}`);
  if (value.length < min || value.length > max)
    throw new RangeError(`${title} must have ${min} to ${max} items, got ${value.length}`);
  return value;
}

/** Strict lowercase-or-uppercase hex without prefix; throws TypeError/RangeError naming `title`. */
export function hexToBytesStrict(hex: unknown, title: string): Uint8Array {
  astring(hex, title);
  const h = hex as string;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h))
    throw new RangeError(`${title} must be hex with an even number of digits`);
  return hexToBytes(h);
}

/**
 * Overwrites each buffer with zeros (undefined ones are skipped). Best effort: JavaScript cannot
 * guarantee the bytes are gone. Throws TypeError for anything but a Uint8Array or undefined.
 */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const [i, b] of buffers.entries()) {
    if (b === undefined) continue;
    abytes(b, `buffer ${i + 1}`).fill(0);
  }
}

/** A short name of a value's type for error messages (never the value itself). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}
