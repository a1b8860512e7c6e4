/**
 * Locating a single mistyped word in SLIP-39 words that fail their RS1024 checksum (SLIP-39,
 * "Checksum"): RS1024 is linear over GF(2), so each candidate costs ten XORs. A hint, never a correction.
 */
import { aarray, aint } from '../../bytes.js';
import { RS1024_GEN, rs1024CreateChecksum, rs1024VerifyChecksum } from './rs1024.js';

/** One step of RS1024's polymod with a zero word: the checksum state shifted by one word. */
function shift(c: number): number {
  const top = c >>> 20;
  let out = (c & 0xfffff) << 10;
  for (let i = 0; i < 10; i++) if ((top >>> i) & 1) out ^= RS1024_GEN[i]!;
  return out;
}

/**
 * Where a single mistyped word is, in words that fail their checksum: the 1-based position of the
 * only word whose replacement makes the checksum valid, or undefined when no single word (or more
 * than one) does. RS1024 detects every error of up to 3 words, so a single typo has one position.
 *
 * RS1024's checksum is linear over GF(2): changing word i by XOR d changes the final state by
 * XOR of T[i][b] for the bits b of d, where T[i][b] is bit b shifted through the words after i. So
 * each candidate costs ten XORs instead of a checksum over every word. A word that flips the
 * extendable flag (word 2, bit 4) changes the customization string: those candidates are checked whole.
 */
export function locateSlip39Typo(indices: readonly number[]): number | undefined {
  aarray(indices, 'indices', 4, 4096);
  indices.forEach((w, i) => aint(w, `indices[${i}]`, 0, 1023));
  const n = indices.length;
  const extendable = ((((indices[0] as number) * 1024 + (indices[1] as number)) >>> 4) & 1) === 1;
  const t: number[][] = Array.from({ length: n }, () => new Array<number>(10).fill(0));
  for (let b = 0; b < 10; b++) {
    let c = 1 << b;
    for (let i = n - 1; i >= 0; i--) {
      (t[i] as number[])[b] = c;
      c = shift(c);
    }
  }
  const effect = (i: number, d: number) => {
    let x = 0;
    for (let b = 0; b < 10; b++) if ((d >>> b) & 1) x ^= (t[i] as number[])[b] as number;
    return x;
  };
  // The state's distance from a valid checksum: what the last three words miss by.
  const data = indices.slice(0, n - 3);
  const right = rs1024CreateChecksum(data, extendable);
  let miss = 0;
  for (let k = 0; k < 3; k++) miss ^= effect(n - 3 + k, (indices[n - 3 + k] as number) ^ (right[k] as number));
  let found: number | undefined;
  const candidate = [...indices];
  for (let i = 0; i < n; i++) {
    for (let d = 1; d < 1024; d++) {
      let fits: boolean;
      if (i === 1 && (d & 16) !== 0) {
        candidate[1] = (indices[1] as number) ^ d;
        fits = rs1024VerifyChecksum(candidate, !extendable);
        candidate[1] = indices[1] as number;
      } else fits = effect(i, d) === miss;
      if (!fits) continue;
      if (found !== undefined && found !== i + 1) return undefined;
      found = i + 1;
      break;
    }
  }
  return found;
}
