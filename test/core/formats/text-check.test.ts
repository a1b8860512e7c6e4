/**
 * Live feedback on a typed child key (main/core/text-check.ts): complete, incomplete with the
 * expected length read from the header, too long, a character never used, and — for every single
 * wrong character and every adjacent swap — a typo located in its group (or, rarely, not located),
 * never a wrong group alone. SLIP-39 words: an unknown word named by position.
 */
import { describe, expect, it } from 'vitest';
import { checkTypedChildKey, typoGroups } from '../../../main/core/formats/text-check.js';
import { ALPHABET, childKeyToText } from '../../../main/core/formats/text-form.js';
import { slip39Split } from '../../../main/core/sharing/slip39/index.js';
import { keySet } from '../../support/sets.js';

const set = keySet('shamir', 'text-check');
const text = childKeyToText(set.childKeys[1]!); // Bob's
const body = text.slice(4).replace(/-/g, '');
const groups = Math.ceil(body.length / 5);
/** Characters that carry the header up to the share's length (a typo there changes the length read). */
const HEADER_CHARS = Math.ceil((80 * 8) / 5);
const withBody = (b: string) => `jk1-${b.match(/.{1,5}/g)!.join('-')}`;

describe('checkTypedChildKey', () => {
  it('a whole child key: complete, naming its holder, with its length', () => {
    expect(checkTypedChildKey(text)).toEqual({
      state: 'complete',
      typed: groups,
      expected: groups,
      holder: { index: 2, label: 'Bob' },
      message: 'Looks complete: the check passes. This is child key 2 (Bob).',
    });
    // Typing rules: case, spaces instead of hyphens.
    expect(checkTypedChildKey(text.toUpperCase().replace(/-/g, ' ')).state).toBe('complete');
  });

  it('part of one: incomplete, with the expected number of groups once the header is typed', () => {
    expect(checkTypedChildKey('').state).toBe('empty');
    expect(checkTypedChildKey('jk').state).toBe('incomplete');
    expect(checkTypedChildKey(text.slice(0, 12))).toEqual({
      state: 'incomplete',
      typed: 2,
      message: '2 groups typed. Keep going.',
    });
    for (const cut of [body.length - 1, body.length - 7, 120])
      expect(checkTypedChildKey(withBody(body.slice(0, cut)))).toMatchObject({
        state: 'incomplete',
        expected: groups,
        message: `${Math.ceil(cut / 5)} of ${groups} groups typed. Keep going.`,
      });
  });

  it('too long, a character never used, not a child key', () => {
    expect(checkTypedChildKey(withBody(body + 'qqqqq'))).toMatchObject({ state: 'too-long', expected: groups });
    const bad = withBody(body.slice(0, 31) + 'b' + body.slice(32));
    expect(checkTypedChildKey(bad)).toMatchObject({ state: 'bad-character', group: 7 });
    expect(checkTypedChildKey(bad).message).toMatch(/^Group 7 has "b".*Check group 7/);
    expect(checkTypedChildKey('hello').state).toBe('not-a-child-key');
  });

  it('every single wrong character is a typo, located within three groups that include its own (or not located), never elsewhere', () => {
    let located = 0;
    let total = 0;
    for (let i = 0; i < body.length; i++)
      for (const c of [
        ALPHABET[(ALPHABET.indexOf(body[i]!) + 1) % 32]!,
        ALPHABET[(ALPHABET.indexOf(body[i]!) + 17) % 32]!,
      ]) {
        const r = checkTypedChildKey(withBody(body.slice(0, i) + c + body.slice(i + 1)));
        // A typo in the header's length bytes can make the text look incomplete or too long instead.
        if (r.state !== 'typo') {
          expect(['incomplete', 'too-long']).toContain(r.state);
          expect(i).toBeLessThan(HEADER_CHARS);
          continue;
        }
        total++;
        if (r.group !== undefined) {
          located++;
          const truth = Math.floor(i / 5) + 1;
          expect(r.group, `position ${i}`).toBeLessThanOrEqual(truth);
          expect(r.lastGroup, `position ${i}`).toBeGreaterThanOrEqual(truth);
          expect(r.lastGroup! - r.group!).toBeLessThanOrEqual(2);
          expect(r.message).toMatch(
            /^The check fails: most likely a typo in groups? \d+( or \d+| to \d+)?\. Compare th/,
          );
        } else expect(r.message).toMatch(/a character is wrong or two are swapped/);
        expect(JSON.stringify(r)).not.toContain(body.slice(40, 60));
      }
    expect(located / total).toBeGreaterThan(0.9);
  });

  it('an adjacent swap is a typo; the groups it could be in include the true one', () => {
    for (let i = 0; i + 1 < body.length; i++) {
      if (body[i] === body[i + 1]) continue;
      const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
      const words = [...swapped].map((c) => ALPHABET.indexOf(c));
      expect(typoGroups(words)).toContain(Math.floor(i / 5) + 1);
      const r = checkTypedChildKey(withBody(swapped));
      if (i >= HEADER_CHARS) expect(r.state).toBe('typo');
    }
  });

  it('SLIP-39 words: an unknown word by position; complete words say what a session takes', () => {
    const mnemonic = slip39Split({
      masterSecret: new Uint8Array(16).fill(7),
      groupThreshold: 1,
      groups: [{ threshold: 1, count: 1 }],
      iterationExponent: 0,
    })[0]![0];
    const words = mnemonic!.split(' ');
    expect(checkTypedChildKey(mnemonic!).state).toBe('words');
    const typo = [...words.slice(0, 6), 'zzzz', ...words.slice(7)].join(' ');
    expect(checkTypedChildKey(typo)).toMatchObject({ state: 'unknown-word', group: 7 });
    expect(checkTypedChildKey(typo).message).toMatch(/^Word 7, "zzzz", is not on the SLIP-39 word list/);
    expect(checkTypedChildKey(words.slice(0, 5).join(' ') + ' ac')).toMatchObject({ state: 'incomplete', typed: 6 });
    // A known word in the wrong place: the checksum fails, and the live check names the word.
    const changed = [...words];
    changed[11] = changed[11] === 'academic' ? 'acid' : 'academic';
    expect(checkTypedChildKey(changed.join(' '))).toMatchObject({
      state: 'typo',
      group: 12,
      message: 'These 20 words do not pass the SLIP-39 checksum: word 12 looks wrong. Compare it with the original.',
    });
  });
});
