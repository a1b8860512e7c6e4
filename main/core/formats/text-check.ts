/**
 * Live feedback while a holder types a child key — complete, incomplete ("group 12 of 46"), or where
 * a typo most likely is — never returning the share; SLIP-39 words are named for what they are. How
 * the ≡ 1 mod M check locates a typo (a hint, never a correction): docs/formats.md.
 */
import { wipe } from '../bytes.js';
import {
  type FieldRef,
  type FormatVersion,
  type SchemeId,
  FORMAT_VERSIONS,
  MAX_SECRET_BYTES,
  SCHEME_CODES,
} from './child-key.js';
import { FIELD_CODES, blindingLength } from './header.js';
import { JointKeyError, isJointKeyError } from '../errors.js';
import { WORDLIST, completeWord, decodeMnemonic } from '../sharing/slip39/index.js';
import { locateSlip39Typo } from '../sharing/slip39/typo.js';
import {
  ALPHABET,
  CHECK_MODULUS,
  CHECK_WORDS,
  GROUP,
  TEXT_PREFIX,
  checkValue,
  childKeyFromText,
  awords,
} from './text-form.js';

export type TextCheckState =
  | 'empty'
  | 'incomplete'
  | 'complete'
  | 'too-long'
  | 'bad-character'
  | 'typo'
  | 'not-a-child-key'
  | 'unknown-word'
  | 'words';

/** What the typed text looks like so far. `message` says what to do next; nothing in it is key material. */
export interface TextCheck {
  state: TextCheckState;
  message: string;
  /** The group (1-based, of five characters after "jk1-") or word (1-based) the problem is most likely in. */
  group?: number;
  /** The last group a typo may be in (the check cannot always tell one group from its neighbours: 32⁴ ≡ 3 mod M). */
  lastGroup?: number;
  /** Groups (or words) typed so far. */
  typed: number;
  /** Groups the child key has, once its header is typed. */
  expected?: number;
  /** Whose child key it is, once it is complete and well formed. */
  holder?: { index: number; label: string };
}

const VALUE_OF = new Map([...ALPHABET].map((c, i) => [c, i]));
/** The longest text checked as it is typed (a child key typed by hand is far shorter). */
const MAX_CHECK_CHARS = 512 * 1024;
const SCHEME_BY_CODE = new Map(Object.entries(SCHEME_CODES).map(([k, v]) => [v, k as SchemeId]));
const FIELD_BY_CODE = new Map(Object.entries(FIELD_CODES).map(([k, v]) => [v, k as FieldRef]));
/** Bytes before the wallet id: version, scheme, set id (16), index, threshold, parties, curve, field, secret length (4). */
const FIXED_HEADER = 27;

function powMod(base: number, exp: number, m: number): number {
  let r = 1;
  let b = base % m;
  let e = exp;
  while (e > 0) {
    if (e & 1) r = (r * b) % m;
    b = (b * b) % m;
    e = Math.floor(e / 2);
  }
  return r;
}
const INV32 = powMod(32, CHECK_MODULUS - 2, CHECK_MODULUS);

/** The first ⌊5n/8⌋ bytes of a word string (as bech32's toWords packs them). */
function leadingBytes(words: readonly number[], max: number): Uint8Array {
  const out = new Uint8Array(Math.min(max, Math.floor((words.length * 5) / 8)));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const w of words) {
    if (j >= out.length) break;
    acc = ((acc << 5) | w) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The number of words of the whole child key, once its header is typed; undefined before (or if unreadable). */
export function expectedWords(words: readonly number[]): number | undefined {
  awords(words, 'words', MAX_CHECK_CHARS);
  const head = leadingBytes(words, FIXED_HEADER + 1 + 255 + 1 + 4);
  try {
    if (head.length < 1 || !FORMAT_VERSIONS.includes(head[0] as FormatVersion)) return undefined;
    if (head.length <= FIXED_HEADER) return undefined;
    const idLen = head[FIXED_HEADER] as number;
    const labelAt = FIXED_HEADER + 1 + idLen;
    if (head.length <= labelAt) return undefined;
    const labelLen = head[labelAt] as number;
    const shareAt = labelAt + 1 + labelLen;
    if (head.length < shareAt + 4) return undefined;
    const shareLen =
      (head[shareAt] as number) * 2 ** 24 +
      (head[shareAt + 1] as number) * 2 ** 16 +
      (head[shareAt + 2] as number) * 2 ** 8 +
      (head[shareAt + 3] as number);
    if (shareLen > MAX_SECRET_BYTES + 4096) return undefined;
    // Version 2 ends with the blinding share, its length a byte (one its scheme and field imply).
    const version = head[0] as FormatVersion;
    const scheme = SCHEME_BY_CODE.get(head[1] as number);
    const field = FIELD_BY_CODE.get(head[22] as number);
    if (version === 2 && (scheme === undefined || field === undefined)) return undefined;
    const blinding = version === 2 ? 1 + blindingLength(scheme as SchemeId, field as FieldRef, 2) : 0;
    const total = shareAt + 4 + shareLen + blinding;
    return Math.ceil((total * 8) / 5) + CHECK_WORDS;
  } finally {
    wipe(head);
  }
}

/** The groups (1-based) a single wrong character or one adjacent swap would explain. */
export function typoGroups(words: readonly number[]): number[] {
  awords(words, 'words', MAX_CHECK_CHARS);
  const n = words.length;
  const r = (((checkValue(words) - 1) % CHECK_MODULUS) + CHECK_MODULUS) % CHECK_MODULUS;
  if (r === 0) return [];
  const groups = new Set<number>();
  // t = r · 32^(−p) for p = 0, 1, …: position i = n−1−p for a substitution, i = n−2−p for a swap.
  let t = r;
  for (let p = 0; p < n; p++) {
    const i = n - 1 - p;
    const d = t <= 31 ? t : t >= CHECK_MODULUS - 31 ? t - CHECK_MODULUS : 0;
    const w = words[i] as number;
    if (d !== 0 && w - d >= 0 && w - d < 32) groups.add(Math.floor(i / GROUP) + 1);
    const s = i - 1;
    if (s >= 0) {
      const diff = (((((words[s] as number) - w) * 31) % CHECK_MODULUS) + CHECK_MODULUS) % CHECK_MODULUS;
      if (diff !== 0 && diff === t) {
        groups.add(Math.floor(s / GROUP) + 1);
        groups.add(Math.floor(i / GROUP) + 1);
      }
    }
    t = (t * INV32) % CHECK_MODULUS;
  }
  return [...groups].sort((a, b) => a - b);
}

function groupsOf(words: number): number {
  return Math.ceil(words / GROUP);
}

/** SLIP-39 words: an unknown word named by position, with the words its first letters could begin. */
function checkWords(text: string): TextCheck {
  const words = text.trim().toLowerCase().split(/\s+/);
  const typing = !/\s$/.test(text);
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as string;
    const last = k === words.length - 1;
    const matches = completeWord(w);
    const known = last && typing ? matches.length > 0 : matches.includes(w);
    if (!known) {
      const near = completeWord(w.slice(0, 2)).slice(0, 5);
      return {
        state: 'unknown-word',
        group: k + 1,
        typed: words.length,
        message: `Word ${k + 1}, "${w.slice(0, 12)}", is not on the SLIP-39 word list.${near.length ? ` Words that start like it: ${near.join(', ')}.` : ''} Check it against the original.`,
      };
    }
  }
  if (words.length === 20 || words.length === 33) {
    try {
      wipe(decodeMnemonic(words.join(' ')).value);
    } catch (e) {
      if (isJointKeyError(e)) {
        const indices = words.map((w) => WORDLIST.indexOf(w));
        const at = e.code === 'MNEMONIC_CHECKSUM' && !indices.includes(-1) ? locateSlip39Typo(indices) : undefined;
        return {
          state: 'typo',
          typed: words.length,
          ...(at === undefined ? {} : { group: at, lastGroup: at }),
          message:
            at === undefined
              ? `These ${words.length} words do not pass the SLIP-39 checksum: a word is wrong or two are swapped. Compare them with the original, word by word.`
              : `These ${words.length} words do not pass the SLIP-39 checksum: word ${at} looks wrong. Compare it with the original.`,
        };
      }
      throw e;
    }
    return {
      state: 'words',
      typed: words.length,
      message: `These ${words.length} SLIP-39 words are complete and pass their checksum. Enter them for a wallet split as SLIP-39 words; a JointKey wallet takes its child keys (they start with jk1-).`,
    };
  }
  return {
    state: 'incomplete',
    typed: words.length,
    message: `${words.length} SLIP-39 word${words.length === 1 ? '' : 's'} so far; a SLIP-39 child key has 20 or 33.`,
  };
}

/**
 * Checks a child key as it is being typed. Never throws for any string (a TypeError for a
 * non-string, a RangeError beyond 512 KiB); the child key parsed to name its holder is wiped at once.
 */
export function checkTypedChildKey(text: string): TextCheck {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (text.length > MAX_CHECK_CHARS) throw new RangeError(`text must be at most ${MAX_CHECK_CHARS} characters`);
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === '') return { state: 'empty', typed: 0, message: 'Type the child key: it starts with jk1-.' };
  if (TEXT_PREFIX.startsWith(lower) || (TEXT_PREFIX + '-').startsWith(lower))
    return { state: 'incomplete', typed: 0, message: 'Keep typing: the groups of five characters follow jk1-.' };
  if (!lower.startsWith(TEXT_PREFIX)) {
    if (/^[a-z]+(\s+[a-z]+)*\s*$/.test(lower) && /\s/.test(trimmed)) return checkWords(text);
    return {
      state: 'not-a-child-key',
      typed: 0,
      message: 'A JointKey child key starts with jk1-. Check that you are copying the child key, from its start.',
    };
  }
  const words: number[] = [];
  try {
    for (let i = TEXT_PREFIX.length; i < lower.length; i++) {
      const c = lower[i] as string;
      if (c === '-' || c === ' ' || c === '\t') continue;
      const v = VALUE_OF.get(c);
      if (v === undefined) {
        const group = Math.floor(words.length / GROUP) + 1;
        return {
          state: 'bad-character',
          group,
          typed: groupsOf(words.length + 1),
          message: `Group ${group} has "${trimmed[i]}", a character child keys never use (they have no b, i, o or 1). Check group ${group} against the original.`,
        };
      }
      words.push(v);
    }
    const expected = expectedWords(words);
    const typed = groupsOf(words.length);
    const exp = expected === undefined ? {} : { expected: groupsOf(expected) };
    const passes = words.length > CHECK_WORDS && checkValue(words) === 1;
    if (passes) {
      let label: { index: number; label: string } | undefined;
      try {
        const ck = childKeyFromText(trimmed);
        wipe(ck.share, ck.blinding);
        label = { index: ck.index, label: ck.label };
      } catch (e) {
        if (!(e instanceof JointKeyError)) throw e;
        return { state: 'typo', typed, ...exp, message: e.message };
      }
      return {
        state: 'complete',
        typed,
        ...exp,
        holder: label,
        message: `Looks complete: the check passes. This is child key ${label.index} (${label.label}).`,
      };
    }
    if (expected === undefined || words.length < expected)
      return {
        state: 'incomplete',
        typed,
        ...exp,
        message:
          expected === undefined
            ? `${typed} group${typed === 1 ? '' : 's'} typed. Keep going.`
            : `${typed} of ${groupsOf(expected)} groups typed. Keep going.`,
      };
    if (words.length > expected)
      return {
        state: 'too-long',
        typed,
        ...exp,
        message: `This child key has ${groupsOf(expected)} groups, and ${typed} were typed: a group or character was typed twice, or two child keys were pasted together. Compare the end with the original.`,
      };
    const groups = typoGroups(words);
    const first = groups[0];
    const last = groups.at(-1);
    const located = first !== undefined && last !== undefined && last - first <= 2;
    const where = !located
      ? ''
      : first === last
        ? `group ${first}`
        : last === first + 1
          ? `group ${first} or ${last}`
          : `groups ${first} to ${last}`;
    return {
      state: 'typo',
      typed,
      ...exp,
      ...(located ? { group: first, lastGroup: last } : {}),
      message: located
        ? `The check fails: most likely a typo in ${where}. Compare ${first === last ? 'that group' : 'those groups'} with the original.`
        : 'The check fails: a character is wrong or two are swapped. Compare it with the original, group by group.',
    };
  } finally {
    words.fill(0);
  }
}
