/**
 * One SLIP-0039 share mnemonic ("Format of the share mnemonic"): identifier (15 bits),
 * extendable flag (1), iteration exponent (4), group index (4), group threshold − 1 (4),
 * group count − 1 (4), member index (4), member threshold − 1 (4), the share value left-padded
 * with zero bits to a multiple of 10 bits, and a 3-word RS1024 checksum; 10 bits per word,
 * big-endian throughout.
 *
 * Decoding validates as the spec and trezor/python-shamir-mnemonic do: every word on the list,
 * at least 20 words, padding of at most 8 bits and all zero, a valid checksum, and a group
 * threshold not above the group count. Unknown words are reported by position, never corrected.
 * Not constant-time. Error messages name mnemonics and words by position, never by content.
 */
import { abytes, aint, astring } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';
import { CHECKSUM_LENGTH_WORDS, rs1024CreateChecksum, rs1024VerifyChecksum } from './rs1024.js';
import { WORDLIST, WORD_INDEX } from './wordlist.js';
import { MAX_ITERATION_EXPONENT } from './cipher.js';

/** The words before the share value: identifier/flag/exponent (2) and group parameters (2). */
const PREFIX_LENGTH_WORDS = 4;
/** Words that are not share value: the prefix and the checksum. */
export const METADATA_LENGTH_WORDS = PREFIX_LENGTH_WORDS + CHECKSUM_LENGTH_WORDS;
/** The shortest valid mnemonic: a 128-bit share value takes 13 words. */
export const MIN_MNEMONIC_LENGTH_WORDS = METADATA_LENGTH_WORDS + 13;
/** The shortest share value (and master secret) in bytes: 128 bits. */
export const MIN_SECRET_BYTES = 16;

/** The fields of one share. Indices are 0-based as stored (show `memberIndex + 1` to a person). */
export interface Slip39Share {
  /** Random 15-bit identifier, the same in every share of a set (0..32767). */
  identifier: number;
  /** Extendable backup flag: the identifier is not part of the encryption salt. */
  extendable: boolean;
  /** PBKDF2 uses 10000 · 2^e iterations in total (0..15). */
  iterationExponent: number;
  /** The group's x coordinate, 0..15. */
  groupIndex: number;
  /** How many groups are needed, 1..16. */
  groupThreshold: number;
  /** How many groups there are, groupThreshold..16. */
  groupCount: number;
  /** The member's x coordinate within its group, 0..15. */
  memberIndex: number;
  /** How many members of this group are needed, 1..16. */
  memberThreshold: number;
  /** The share value: at least 16 bytes, an even number. Secret share data: wipe it when done. */
  value: Uint8Array;
}

/**
 * Splits a mnemonic into lowercase words (any whitespace separates them) and looks each up.
 * `label` names the mnemonic in messages ("mnemonic 2", "the mnemonic").
 * Throws JointKeyError UNKNOWN_WORD with the word's position (not its text) for a word that is
 * not on the list.
 */
export function mnemonicToIndices(mnemonic: string, label = 'the mnemonic'): number[] {
  astring(mnemonic, 'mnemonic');
  astring(label, 'label');
  const words = mnemonic.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.map((word, i) => {
    const index = WORD_INDEX.get(word);
    if (index === undefined)
      throw new JointKeyError(
        'UNKNOWN_WORD',
        `Word ${i + 1} of ${label} is not on the SLIP-39 word list — check that word.`,
      );
    return index;
  });
}

/**
 * The mnemonic for a share: its words joined by single spaces. Throws TypeError/RangeError if a
 * field is out of range (see {@link Slip39Share}), the group threshold exceeds the group count,
 * or the value is shorter than 16 bytes or of odd length.
 */
export function encodeShare(share: Slip39Share): string {
  if (typeof share !== 'object' || share === null) throw new TypeError('share must be an object');
  aint(share.identifier, 'share.identifier', 0, 0x7fff);
  if (typeof share.extendable !== 'boolean') throw new TypeError('share.extendable must be a boolean');
  aint(share.iterationExponent, 'share.iterationExponent', 0, MAX_ITERATION_EXPONENT);
  aint(share.groupIndex, 'share.groupIndex', 0, 15);
  aint(share.groupCount, 'share.groupCount', 1, 16);
  aint(share.groupThreshold, 'share.groupThreshold', 1, share.groupCount);
  aint(share.memberIndex, 'share.memberIndex', 0, 15);
  aint(share.memberThreshold, 'share.memberThreshold', 1, 16);
  const value = abytes(share.value, 'share.value');
  if (value.length < MIN_SECRET_BYTES || value.length % 2 !== 0)
    throw new RangeError(`share.value must be an even number of bytes, at least 16, got ${value.length}`);

  const idExp = (share.identifier << 5) | (Number(share.extendable) << 4) | share.iterationExponent;
  const params =
    (share.groupIndex << 16) |
    ((share.groupThreshold - 1) << 12) |
    ((share.groupCount - 1) << 8) |
    (share.memberIndex << 4) |
    (share.memberThreshold - 1);
  const data = [idExp >>> 10, idExp & 1023, params >>> 10, params & 1023, ...bytesToWords(value)];
  const checksum = rs1024CreateChecksum(data, share.extendable);
  return [...data, ...checksum].map((i) => WORDLIST[i]!).join(' ');
}

/** Bytes to 10-bit words, big-endian, left-padded with zero bits to a multiple of 10 bits. */
function bytesToWords(bytes: Uint8Array): number[] {
  const wordCount = Math.ceil((bytes.length * 8) / 10);
  const out: number[] = [];
  let acc = 0;
  let bits = wordCount * 10 - bytes.length * 8; // leading zero bits
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0x3ffff; // at most 17 bits are ever pending
    bits += 8;
    if (bits >= 10) {
      bits -= 10;
      out.push((acc >>> bits) & 1023);
    }
  }
  return out;
}

/**
 * Parses and validates one mnemonic. `label` names it in messages ("mnemonic 2"; default
 * "the mnemonic"). Returns its fields; `value` is a new array.
 * Throws TypeError if `mnemonic` is not a string; JointKeyError UNKNOWN_WORD (a word not on the
 * list, by position), INVALID_MNEMONIC (too short, a length no share value has, nonzero
 * padding, group threshold above group count) or MNEMONIC_CHECKSUM (a mistyped word).
 */
export function decodeShare(mnemonic: string, label = 'the mnemonic'): Slip39Share {
  const words = mnemonicToIndices(mnemonic, label);
  const Label = label.charAt(0).toUpperCase() + label.slice(1);
  if (words.length < MIN_MNEMONIC_LENGTH_WORDS)
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      `${Label} has ${words.length} words, but a SLIP-39 mnemonic has at least ${MIN_MNEMONIC_LENGTH_WORDS} — check for missing words.`,
    );
  const valueWords = words.length - METADATA_LENGTH_WORDS;
  const padding = (valueWords * 10) % 16;
  if (padding > 8)
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      `${Label} has ${words.length} words, a length no SLIP-39 mnemonic has (20 and 33 are usual) — check for missing or extra words.`,
    );
  const idExp = words[0]! * 1024 + words[1]!;
  const extendable = ((idExp >>> 4) & 1) === 1;
  if (!rs1024VerifyChecksum(words, extendable))
    throw new JointKeyError(
      'MNEMONIC_CHECKSUM',
      `${Label} fails its checksum: a word is mistyped, missing or out of order — check each word.`,
    );
  const params = words[2]! * 1024 + words[3]!;
  const groupThreshold = ((params >>> 12) & 15) + 1;
  const groupCount = ((params >>> 8) & 15) + 1;
  if (groupThreshold > groupCount)
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      `${Label} is not a valid SLIP-39 share: it asks for ${groupThreshold} groups of only ${groupCount}.`,
    );

  // The share value: `padding` zero bits, then 8 bits per byte.
  const value = new Uint8Array((valueWords * 10 - padding) / 8);
  let acc = 0;
  let bits = 0;
  let pos = 0;
  let paddingOk = true;
  for (let i = PREFIX_LENGTH_WORDS; i < words.length - CHECKSUM_LENGTH_WORDS; i++) {
    acc = ((acc << 10) | words[i]!) & 0x3ffff;
    bits += 10;
    if (i === PREFIX_LENGTH_WORDS) {
      bits -= padding;
      if (acc >>> bits !== 0) paddingOk = false;
      acc &= (1 << bits) - 1;
    }
    while (bits >= 8) {
      bits -= 8;
      value[pos++] = acc >>> bits;
      acc &= (1 << bits) - 1;
    }
  }
  if (!paddingOk) {
    value.fill(0);
    throw new JointKeyError(
      'INVALID_MNEMONIC',
      `${Label} is not a valid SLIP-39 share: its padding bits are not zero. Check that it was written down from a SLIP-39 backup.`,
    );
  }
  return {
    identifier: idExp >>> 5,
    extendable,
    iterationExponent: idExp & 15,
    groupIndex: params >>> 16,
    groupThreshold,
    groupCount,
    memberIndex: (params >>> 4) & 15,
    memberThreshold: (params & 15) + 1,
    value,
  };
}
