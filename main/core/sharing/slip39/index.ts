/**
 * SLIP-0039, Shamir's Secret-Sharing for Mnemonic Codes: "Generating the shares"
 * (GenerateShares) and "Combining the shares", on top of ./share.ts (mnemonic format),
 * ./shamir.ts (SplitSecret/RecoverSecret), ./cipher.ts (the Feistel encryption) and
 * ./wordlist.ts. The checks follow the spec and trezor/python-shamir-mnemonic.
 *
 * A person's mistake is a JointKeyError: UNKNOWN_WORD, INVALID_MNEMONIC, MNEMONIC_CHECKSUM,
 * MIXED_MNEMONIC_SETS, GROUP_MISMATCH, DUPLICATE_CHILD_KEY (two different mnemonics claim the
 * same member of a group), NO_CHILD_KEYS, INSUFFICIENT_SHARES, TOO_MANY_CHILD_KEYS (the spec
 * requires exactly the threshold), INVALID_DIGEST. Messages name mnemonics by their position in
 * the list given (1-based) and groups by number, and show at most a group's first three words,
 * which hold only the identifier and group parameters, never share data.
 * Not constant-time; JS cannot guarantee zeroing (secrets are wiped best effort).
 */
import { aarray, abytes, afunction, aint, aobject, astring, randomBytes, wipe, type Rng } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';
import type { Gf256Point } from '../../math/gf256.js';
import {
  decrypt,
  defaultPbkdf2,
  encrypt,
  MAX_ITERATION_EXPONENT,
  MAX_MASTER_SECRET_BYTES,
  passphraseBytes,
  type Pbkdf2Fn,
} from './cipher.js';
import { MAX_SHARE_COUNT, recoverSecret, splitSecret } from './shamir.js';
import { decodeShare, encodeShare, METADATA_LENGTH_WORDS, MIN_SECRET_BYTES, type Slip39Share } from './share.js';
import { PREFIX_INDEX, WORDLIST } from './wordlist.js';

export type { Pbkdf2Fn, Slip39Share };
export { defaultPbkdf2, WORDLIST };

/** One group of a split: `count` mnemonics, any `threshold` of which restore the group's share. */
export interface Slip39Group {
  threshold: number;
  count: number;
}

/** Options of {@link slip39Split}. */
export interface Slip39SplitOptions {
  /** The secret: an even number of bytes from 16 to 1024 (128, 160, …, 256 bits and up). */
  masterSecret: Uint8Array;
  /** How many groups are needed, 1..groups.length. */
  groupThreshold: number;
  /** 1..16 groups; each threshold 1..count, count 1..16, and threshold 1 only with count 1. */
  groups: Slip39Group[];
  /** Printable ASCII (codes 32..126); default ''. Any passphrase decrypts, to a different secret. */
  passphrase?: string;
  /** The extendable backup flag; default true, as in the reference implementation. */
  extendable?: boolean;
  /** PBKDF2 runs 10000 · 2^e iterations in total; 0..15, default 1. */
  iterationExponent?: number;
  /** Random bytes; default the platform CSPRNG. */
  rng?: Rng;
  /** PBKDF2-HMAC-SHA256; default @noble/hashes. */
  pbkdf2?: Pbkdf2Fn;
}

/** Options of {@link slip39Combine}. */
export interface Slip39CombineOptions {
  /** The passphrase used at split time; default ''. A wrong one gives a different secret. */
  passphrase?: string;
  /** PBKDF2-HMAC-SHA256; default @noble/hashes. */
  pbkdf2?: Pbkdf2Fn;
}

/**
 * Splits a master secret into SLIP-0039 mnemonics (GenerateShares): returns one array of
 * mnemonics per group, in the order of `groups`, each mnemonic its words joined by spaces.
 *
 * Randomness, in the order of trezor/python-shamir-mnemonic: rng(2) for the identifier (its low
 * 15 bits), then for the group split and each group's member split in turn, (T − 2) calls
 * rng(n) and one rng(n − 4), skipped where T = 1.
 * Throws TypeError for wrong types and RangeError for values out of range (see
 * {@link Slip39SplitOptions}) — these are the caller's to check, not a person's mistake.
 * Intermediate secrets are wiped (best effort); the mnemonics are strings, which JS cannot wipe.
 */
export function slip39Split(opts: Slip39SplitOptions): string[][] {
  aobject(opts, 'opts');
  const masterSecret = abytes(opts.masterSecret, 'masterSecret');
  if (
    masterSecret.length < MIN_SECRET_BYTES ||
    masterSecret.length > MAX_MASTER_SECRET_BYTES ||
    masterSecret.length % 2 !== 0
  )
    throw new RangeError(
      `masterSecret must be an even number of bytes from 16 to ${MAX_MASTER_SECRET_BYTES}, got ${masterSecret.length}`,
    );
  const groups = aarray(opts.groups, 'groups', 1, MAX_SHARE_COUNT) as Slip39Group[];
  groups.forEach((g, i) => {
    if (typeof g !== 'object' || g === null) throw new TypeError(`groups[${i}] must be an object {threshold, count}`);
    aint(g.count, `groups[${i}].count`, 1, MAX_SHARE_COUNT);
    aint(g.threshold, `groups[${i}].threshold`, 1, g.count);
    if (g.threshold === 1 && g.count > 1)
      throw new RangeError(
        `groups[${i}]: SLIP-39 does not allow several mnemonics with threshold 1; use threshold 1 with count 1`,
      );
  });
  const groupThreshold = aint(opts.groupThreshold, 'groupThreshold', 1, groups.length);
  const passphrase = passphraseBytes(opts.passphrase ?? '');
  const extendable = opts.extendable ?? true;
  if (typeof extendable !== 'boolean') throw new TypeError('extendable must be a boolean');
  const iterationExponent = aint(opts.iterationExponent ?? 1, 'iterationExponent', 0, MAX_ITERATION_EXPONENT);
  const rng = afunction(opts.rng ?? randomBytes, 'rng');
  const pbkdf2 = afunction(opts.pbkdf2 ?? defaultPbkdf2, 'pbkdf2');

  const idBytes = abytes(rng(2), 'rng output', 2);
  const identifier = ((idBytes[0]! << 8) | idBytes[1]!) & 0x7fff;
  const ems = encrypt(masterSecret, passphrase, iterationExponent, identifier, extendable, pbkdf2);
  const groupShares: Gf256Point[] = [];
  const memberShares: Gf256Point[] = [];
  try {
    groupShares.push(...splitSecret(groupThreshold, groups.length, ems, rng));
    return groups.map((g, i) => {
      const groupShare = groupShares[i]!;
      const members = splitSecret(g.threshold, g.count, groupShare.y, rng);
      memberShares.push(...members);
      return members.map((m) =>
        encodeShare({
          identifier,
          extendable,
          iterationExponent,
          groupIndex: groupShare.x,
          groupThreshold,
          groupCount: groups.length,
          memberIndex: m.x,
          memberThreshold: g.threshold,
          value: m.y,
        }),
      );
    });
  } finally {
    wipe(passphrase, ems, ...groupShares.map((s) => s.y), ...memberShares.map((s) => s.y));
  }
}

/**
 * Parses and checks one mnemonic, for checking a share as a person enters it. Returns its fields
 * (0-based group and member indices); `value` is secret share data, to be wiped when done. Throws TypeError for a non-string; JointKeyError
 * UNKNOWN_WORD, INVALID_MNEMONIC or MNEMONIC_CHECKSUM for a mnemonic that is not valid.
 */
export function decodeMnemonic(mnemonic: string): Slip39Share {
  return decodeShare(mnemonic, 'the mnemonic');
}

/**
 * The mnemonic of a share's fields (the inverse of {@link decodeMnemonic}): lowercase words
 * joined by single spaces. Throws TypeError/RangeError for fields out of range.
 */
export function encodeMnemonic(share: Slip39Share): string {
  return encodeShare(share);
}

/**
 * Word completion for entering a mnemonic. SLIP-39 words are identified by their first 4
 * letters: for a prefix of 4 letters or more returns the one word it can begin (or none); for
 * fewer letters, every word it begins, in list order (all 1024 for ''). Case and surrounding
 * whitespace are ignored. Throws TypeError for a non-string.
 */
export function completeWord(prefix: string): string[] {
  astring(prefix, 'prefix');
  const p = prefix.trim().toLowerCase();
  if (p.length >= 4) {
    const index = PREFIX_INDEX.get(p.slice(0, 4));
    const word = index === undefined ? undefined : WORDLIST[index];
    return word !== undefined && word.startsWith(p) ? [word] : [];
  }
  return WORDLIST.filter((w) => w.startsWith(p));
}

/** "mnemonics 1, 3 and 4" */
function listNumbers(numbers: number[]): string {
  if (numbers.length === 1) return `mnemonic ${numbers[0]}`;
  return `mnemonics ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** The first three words of a group's mnemonics: identifier, flag, exponent and group parameters. */
function groupPrefix(share: Slip39Share): string {
  return encodeShare(share).split(' ').slice(0, 3).join(' ');
}

interface NumberedShare {
  share: Slip39Share;
  number: number; // 1-based position in the list given
}

/**
 * Combines SLIP-0039 mnemonics into the master secret ("Combining the shares"). Give exactly the
 * threshold number of groups, and in each exactly its member threshold of mnemonics; the same
 * mnemonic given twice counts once. Returns the master secret (a new array).
 *
 * Throws TypeError for wrong types and RangeError for a passphrase that is not printable ASCII;
 * JointKeyError for a person's mistake: UNKNOWN_WORD, INVALID_MNEMONIC, MNEMONIC_CHECKSUM (one
 * mnemonic is wrong), MIXED_MNEMONIC_SETS (identifier, extendable flag, iteration exponent or
 * length differ), GROUP_MISMATCH (group threshold, group count or a group's member threshold
 * differ), DUPLICATE_CHILD_KEY (two different mnemonics for one member), NO_CHILD_KEYS,
 * INSUFFICIENT_SHARES, TOO_MANY_CHILD_KEYS, INVALID_DIGEST (the shares do not fit together).
 * A wrong passphrase is not detected: it gives a different secret, by design of SLIP-0039.
 */
export function slip39Combine(mnemonics: string[], opts: Slip39CombineOptions = {}): Uint8Array {
  aarray(mnemonics, 'mnemonics');
  mnemonics.forEach((m, i) => astring(m, `mnemonics[${i}]`));
  aobject(opts, 'opts');
  const pbkdf2 = afunction(opts.pbkdf2 ?? defaultPbkdf2, 'pbkdf2');
  const passphrase = passphraseBytes(opts.passphrase ?? '');
  if (mnemonics.length === 0)
    throw new JointKeyError('NO_CHILD_KEYS', 'No mnemonics were given — enter the mnemonics of your backup.');

  const parsed: NumberedShare[] = [];
  const groupSecrets: Uint8Array[] = [];
  let ems: Uint8Array | null = null;
  try {
    mnemonics.forEach((m, i) => parsed.push({ share: decodeShare(m, `mnemonic ${i + 1}`), number: i + 1 }));
    const first = parsed[0]!;
    const f = first.share;
    for (const { share: s, number } of parsed.slice(1)) {
      if (s.identifier !== f.identifier || s.extendable !== f.extendable || s.iterationExponent !== f.iterationExponent)
        throw new JointKeyError(
          'MIXED_MNEMONIC_SETS',
          `Mnemonic ${number} belongs to a different backup than mnemonic 1 (their first two words differ) — use mnemonics of one backup only.`,
        );
      if (s.value.length !== f.value.length)
        throw new JointKeyError(
          'MIXED_MNEMONIC_SETS',
          `Mnemonic ${number} has ${wordCount(s.value)} words but mnemonic 1 has ${wordCount(f.value)} — they cannot belong to the same backup.`,
        );
      if (s.groupThreshold !== f.groupThreshold || s.groupCount !== f.groupCount)
        throw new JointKeyError(
          'GROUP_MISMATCH',
          `Mnemonics 1 and ${number} disagree on the number of groups the backup has or needs — one of them does not belong to this backup.`,
        );
    }

    // Group by group index, in order of first appearance; drop exact repeats.
    const groups = new Map<number, NumberedShare[]>();
    for (const entry of parsed) {
      const s = entry.share;
      const members = groups.get(s.groupIndex);
      if (!members) {
        groups.set(s.groupIndex, [entry]);
        continue;
      }
      const g0 = members[0]!;
      if (s.memberThreshold !== g0.share.memberThreshold)
        throw new JointKeyError(
          'GROUP_MISMATCH',
          `Mnemonics ${g0.number} and ${entry.number} are both in group ${s.groupIndex + 1} but disagree on how many of its mnemonics are needed — one of them does not belong to this backup.`,
        );
      const same = members.find((m) => m.share.memberIndex === s.memberIndex);
      if (same) {
        if (equalValues(same.share.value, s.value)) continue; // the same mnemonic twice
        throw new JointKeyError(
          'DUPLICATE_CHILD_KEY',
          `Mnemonics ${same.number} and ${entry.number} are both member ${s.memberIndex + 1} of group ${s.groupIndex + 1} but differ — one of them does not belong to this backup; keep the right one.`,
        );
      }
      members.push(entry);
    }

    const groupThreshold = f.groupThreshold;
    if (groups.size < groupThreshold)
      throw new JointKeyError(
        'INSUFFICIENT_SHARES',
        `This backup needs mnemonics from ${groupThreshold} groups, but the ones given are from only ${groups.size} — add mnemonics from ${groupThreshold - groups.size} more group${groupThreshold - groups.size === 1 ? '' : 's'}.`,
      );
    if (groups.size > groupThreshold)
      throw new JointKeyError(
        'TOO_MANY_CHILD_KEYS',
        `This backup needs mnemonics from exactly ${groupThreshold} group${groupThreshold === 1 ? '' : 's'}, but the ones given are from ${groups.size} — leave out the mnemonics of ${groups.size - groupThreshold} group${groups.size - groupThreshold === 1 ? '' : 's'}.`,
      );
    for (const [groupIndex, members] of groups) {
      const t = members[0]!.share.memberThreshold;
      const which = `group ${groupIndex + 1} (${listNumbers(members.map((m) => m.number))}, starting "${groupPrefix(members[0]!.share)} …")`;
      if (members.length < t)
        throw new JointKeyError(
          'INSUFFICIENT_SHARES',
          `The backup needs ${t} mnemonics of ${which}, but only ${members.length} ${members.length === 1 ? 'was' : 'were'} given — add ${t - members.length} more from that group.`,
        );
      if (members.length > t)
        throw new JointKeyError(
          'TOO_MANY_CHILD_KEYS',
          `The backup needs exactly ${t} mnemonic${t === 1 ? '' : 's'} of ${which}, but ${members.length} were given — leave out ${members.length - t}.`,
        );
    }

    const groupShares: Gf256Point[] = [];
    for (const [groupIndex, members] of groups) {
      const secret = recoverSecret(
        members[0]!.share.memberThreshold,
        members.map((m) => ({ x: m.share.memberIndex, y: m.share.value })),
      );
      if (secret === null)
        throw new JointKeyError(
          'INVALID_DIGEST',
          `The mnemonics of group ${groupIndex + 1} (${listNumbers(members.map((m) => m.number))}) do not fit together: their digest check failed, so one of them is wrong or was tampered with. Check each against the original backup.`,
        );
      groupSecrets.push(secret);
      groupShares.push({ x: groupIndex, y: secret });
    }
    ems = recoverSecret(groupThreshold, groupShares);
    if (ems === null)
      throw new JointKeyError(
        'INVALID_DIGEST',
        'The groups of mnemonics do not fit together: the digest check failed, so a mnemonic is wrong or was tampered with. Check each against the original backup.',
      );
    return decrypt(ems, passphrase, f.iterationExponent, f.identifier, f.extendable, pbkdf2);
  } finally {
    wipe(passphrase, ems ?? undefined, ...groupSecrets, ...parsed.map((p) => p.share.value));
  }
}

/** The number of words of a mnemonic with this share value. */
function wordCount(value: Uint8Array): number {
  return Math.ceil((value.length * 8) / 10) + METADATA_LENGTH_WORDS;
}

function equalValues(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
