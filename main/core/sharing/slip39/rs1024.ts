/**
 * The RS1024 checksum of SLIP-0039 ("Checksum" section and design rationale 5): a Reed-Solomon
 * code over GF(1024) with generator (x − a)(x − a^2)(x − a^3), a a root of x^10 + x^3 + 1, over
 * 10-bit word values. The customization string is "shamir" when the extendable flag is 0 and
 * "shamir_extendable" when it is 1, fed in as US-ASCII values before the data.
 *
 * Detects any error in at most 3 words; never used to correct (the spec forbids auto-correction).
 * Not constant-time: the branches depend on the words, which are part of a share.
 */
import { aarray, aint, typeName } from '../../bytes.js';

/** The number of checksum words at the end of a mnemonic. */
export const CHECKSUM_LENGTH_WORDS = 3;

/** The generator's ten constants, one per bit of the word shifted out (the spec's GEN). */
export const RS1024_GEN: readonly number[] = Object.freeze([
  0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009, 0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120,
]);

/** The customization string's bytes for an extendable flag. Throws TypeError for a non-boolean. */
export function customizationString(extendable: boolean): number[] {
  if (typeof extendable !== 'boolean') throw new TypeError(`extendable must be a boolean, got ${typeName(extendable)}`);
  return [...(extendable ? 'shamir_extendable' : 'shamir')].map((c) => c.charCodeAt(0));
}

function polymod(values: Iterable<number>): number {
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 20;
    chk = ((chk & 0xfffff) << 10) ^ v;
    for (let i = 0; i < 10; i++) if ((b >>> i) & 1) chk ^= RS1024_GEN[i]!;
  }
  return chk;
}

function checkWords(words: readonly number[], title: string): void {
  aarray(words, title);
  words.forEach((w, i) => aint(w, `${title}[${i}]`, 0, 1023));
}

/**
 * The three checksum words (10-bit values) for `data`, the 10-bit values of the data part.
 * Throws TypeError/RangeError if `data` is not an array of integers 0..1023.
 */
export function rs1024CreateChecksum(data: readonly number[], extendable: boolean): number[] {
  checkWords(data, 'data');
  const pm = polymod([...customizationString(extendable), ...data, 0, 0, 0]) ^ 1;
  return [(pm >>> 20) & 1023, (pm >>> 10) & 1023, pm & 1023];
}

/**
 * True if `words` (data part followed by the 3 checksum words, as 10-bit values) has a valid
 * checksum. Throws TypeError/RangeError if `words` is not an array of integers 0..1023.
 */
export function rs1024VerifyChecksum(words: readonly number[], extendable: boolean): boolean {
  checkWords(words, 'words');
  return polymod([...customizationString(extendable), ...words]) === 1;
}
