/**
 * How strong a holder's passphrase must be before it protects a child-key file, estimated with
 * zxcvbn-ts (Dropbox's zxcvbn, maintained in TypeScript) and its English and common dictionaries.
 *
 * The rule: at least 10^10 guesses by zxcvbn's estimate (its score 4). Why that many: a stolen file
 * can be attacked offline for as long as the thief likes; age's scrypt (2^18) makes each guess cost
 * about a second of a CPU core here, so 10^10 guesses is centuries of one core and years of a large
 * cluster — while 10^8 (score 3) would be weeks of a cluster. Four random common words pass; a
 * word with digits and a symbol does not. The wallet and holder labels count as known words.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { aarray, astring } from '../bytes.js';
import { JointKeyError } from '../errors.js';

/** log10 of the fewest guesses a passphrase must need. */
export const MIN_GUESSES_LOG10 = 10;
/** The longest passphrase taken, in characters (zxcvbn checks the first 256). */
export const MAX_PASSPHRASE_LENGTH = 1024;

export interface PassphraseStrength {
  ok: boolean;
  /** zxcvbn's score, 0 (guessed at once) to 4 (very hard to guess). */
  score: number;
  /** log10 of the estimated guesses. */
  guessesLog10: number;
  /** Why it is refused and what to do instead; empty when ok. */
  reason: string;
}

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/**
 * Estimates a passphrase's strength. `knownWords` are words an attacker knows (the wallet and holder
 * labels). Throws TypeError for a non-string passphrase or a non-array of strings, RangeError for a
 * passphrase over {@link MAX_PASSPHRASE_LENGTH} characters.
 */
export function passphraseStrength(passphrase: string, knownWords: readonly string[] = []): PassphraseStrength {
  astring(passphrase, 'passphrase', MAX_PASSPHRASE_LENGTH);
  aarray(knownWords, 'knownWords', 0, 64).forEach((w, i) => astring(w, `knownWords[${i}]`, 1024));
  if (passphrase.length === 0)
    return {
      ok: false,
      score: 0,
      guessesLog10: 0,
      reason: 'The passphrase is empty. Choose four or more random words.',
    };
  const r = zxcvbn().check(passphrase.slice(0, 256), [...knownWords]);
  const guessesLog10 = Math.round(Math.log10(r.guesses) * 10) / 10;
  const ok = guessesLog10 >= MIN_GUESSES_LOG10;
  const why = [r.feedback.warning, ...r.feedback.suggestions].filter((s): s is string => !!s).join(' ');
  return {
    ok,
    score: r.score,
    guessesLog10,
    reason: ok
      ? ''
      : `It could be guessed in about 10^${Math.floor(guessesLog10)} tries; a child-key file needs at least 10^${MIN_GUESSES_LOG10}. ${why ? `${why} ` : ''}Choose four or more random words, for example from a book picked at random.`,
  };
}

/** Refuses a weak passphrase with JointKeyError WEAK_PASSPHRASE, naming whose it is and why. */
export function assertStrongPassphrase(passphrase: string, whose: string, knownWords: readonly string[] = []): void {
  astring(whose, 'whose', 1024);
  const s = passphraseStrength(passphrase, knownWords);
  if (!s.ok) throw new JointKeyError('WEAK_PASSPHRASE', `The passphrase for ${whose} is too weak. ${s.reason}`);
}

/**
 * The rule for one holder's passphrase: strong enough ({@link passphraseStrength}, with `knownWords`)
 * and no other holder's, so no one can open another's file. `sharedWith` is the label of another
 * holder who has the same passphrase, if any: finding them is the caller's (by comparing the
 * passphrases, or keyed tags of them), so the rule never sees another holder's passphrase. A shared
 * passphrase is refused whatever its strength, with a reason that asks `holder` for another one.
 * Throws like {@link passphraseStrength}, and TypeError or RangeError for a `holder` or `sharedWith`
 * that is not a string of at most 1024 characters.
 */
export function holderPassphraseVerdict(
  passphrase: string,
  holder: string,
  knownWords: readonly string[] = [],
  sharedWith?: string,
): PassphraseStrength {
  astring(holder, 'holder', 1024);
  if (sharedWith !== undefined) astring(sharedWith, 'sharedWith', 1024);
  const s = passphraseStrength(passphrase, knownWords);
  if (sharedWith === undefined) return s;
  return {
    ...s,
    ok: false,
    reason: `${sharedWith} already chose this passphrase. Each holder chooses their own, so no one can open another’s file: ${holder}, choose a different one.`,
  };
}
