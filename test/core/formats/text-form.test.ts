import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../main/core/bytes.js';
import { splitSecret } from '../../../main/core/wallet/split.js';
import {
  bytesToText,
  childKeyFromText,
  childKeyToBytes,
  childKeyToText,
} from '../../../main/core/formats/text-form.js';
import { ALL_SCHEMES, keySet, secretSet } from '../../support/sets.js';
import { refusalCode as code } from '../../support/refusal.js';

const ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** The text without its prefix and hyphens: the characters the checksum covers. */
const symbolsOf = (text: string) => text.slice(4).replaceAll('-', '');
const textOf = (symbols: string) => `jk1-${symbols}`;

describe('child key text form', () => {
  it.each(ALL_SCHEMES)('round-trips a %s child key of a key and of a secret', (scheme) => {
    for (const set of [keySet(scheme), secretSet(scheme)])
      for (const ck of set.childKeys) {
        const text = childKeyToText(ck);
        expect(text).toMatch(
          /^jk1-[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{1,5}(-[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{1,5})*$/,
        );
        const back = childKeyFromText(text);
        expect(bytesToHex(childKeyToBytes(back))).toBe(bytesToHex(childKeyToBytes(ck)));
        expect(childKeyFromText(text.toUpperCase())).toEqual(back);
        expect(childKeyFromText(` ${text.replaceAll('-', ' ')}\n`)).toEqual(back);
      }
  });

  it('round-trips random secrets, schemes, thresholds and labels (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.constantFrom(...ALL_SCHEMES),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 2, max: 6 }),
        fc
          .string({ minLength: 1, maxLength: 12, unit: 'grapheme' })
          .filter((s) => new TextEncoder().encode(s).length <= 50),
        (secret, scheme, parties, tRaw, name) => {
          const threshold = scheme === 'xor' || scheme === 'additive' ? parties : Math.min(tRaw, parties);
          const label = name.trim().replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '') || 'x';
          const labels = Array.from({ length: parties }, (_, i) => `${label} ${i + 1}`);
          const { childKeys } = splitSecret(secret, { scheme, parties, threshold, labels });
          for (const ck of childKeys) expect(childKeyFromText(childKeyToText(ck))).toEqual(ck);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('catches every single-character change and every adjacent swap, exhaustively', () => {
    // A long child key (a 600-byte secret: over 1,000 characters) so the guarantee is shown far past
    // bech32's 89-character limit; and a short one.
    const long = splitSecret(new Uint8Array(600).fill(7), { scheme: 'gf256', parties: 2 }).childKeys[0];
    const short = keySet('xor').childKeys[0];
    for (const ck of [short, long]) {
      const symbols = symbolsOf(childKeyToText(ck!));
      expect(code(() => childKeyFromText(textOf(symbols)))).toBeUndefined();
      let cases = 0;
      for (let i = 0; i < symbols.length; i++) {
        for (const c of ALPHABET) {
          if (c === symbols[i]) continue;
          const changed = symbols.slice(0, i) + c + symbols.slice(i + 1);
          expect(code(() => childKeyFromText(textOf(changed)))).toBe('CHECKSUM_MISMATCH');
          cases++;
        }
        if (i + 1 < symbols.length && symbols[i] !== symbols[i + 1]) {
          const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
          expect(code(() => childKeyFromText(textOf(swapped)))).toBe('CHECKSUM_MISMATCH');
          cases++;
        }
      }
      expect(cases).toBeGreaterThan(31 * symbols.length);
    }
  });

  it('catches a random change or swap in random child keys (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 31 }),
        fc.boolean(),
        (secret, where, delta, swap) => {
          const symbols = symbolsOf(childKeyToText(splitSecret(secret, { scheme: 'xor', parties: 2 }).childKeys[0]!));
          const i = where % (symbols.length - 1);
          let bad: string;
          if (swap) {
            fc.pre(symbols[i] !== symbols[i + 1]);
            bad = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
          } else {
            const c = ALPHABET[(ALPHABET.indexOf(symbols[i]!) + delta) % 32]!;
            bad = symbols.slice(0, i) + c + symbols.slice(i + 1);
          }
          expect(code(() => childKeyFromText(textOf(bad)))).toBe('CHECKSUM_MISMATCH');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('names a character that never occurs in child keys, with its position', () => {
    const text = childKeyToText(keySet('xor').childKeys[0]!);
    const bad = `${text.slice(0, 10)}b${text.slice(11)}`;
    expect(() => childKeyFromText(bad)).toThrow(/Character 11 of the child key, "b"/);
    expect(code(() => childKeyFromText(bad))).toBe('MALFORMED_CHILD_KEY');
  });

  it('refuses a wrong prefix, an empty or a too-short text', () => {
    const text = childKeyToText(keySet('xor').childKeys[0]!);
    for (const bad of ['', 'jk1', 'jk1-qqqq', `jk2${text.slice(3)}`, text.slice(4), 'hello world'])
      expect(code(() => childKeyFromText(bad))).toBe('MALFORMED_CHILD_KEY');
  });

  it('checks the checksum before reading the data, then refuses well-checksummed malformed data', () => {
    const ck = keySet('shamir').childKeys[0]!;
    const good = childKeyToBytes(ck);
    const with_ = (f: (b: Uint8Array) => Uint8Array) => bytesToText(f(good.slice()));
    expect(code(() => childKeyFromText(with_((b) => ((b[0] = 3), b))))).toBe('UNSUPPORTED_VERSION');
    // Version 2 read as version 1: the blinding share's length byte is left over.
    expect(code(() => childKeyFromText(with_((b) => ((b[0] = 1), b))))).toBe('MALFORMED_CHILD_KEY');
    expect(code(() => childKeyFromText(with_((b) => ((b[1] = 9), b))))).toBe('MALFORMED_CHILD_KEY'); // scheme
    expect(code(() => childKeyFromText(with_((b) => b.subarray(0, b.length - 1))))).toBe('MALFORMED_CHILD_KEY');
    expect(code(() => childKeyFromText(with_((b) => Uint8Array.of(...b, 0))))).toBe('MALFORMED_CHILD_KEY');
    expect(code(() => childKeyFromText(with_((b) => ((b[20] = 1), b))))).toBe('MALFORMED_CHILD_KEY'); // parties 1
    expect(code(() => childKeyFromText(bytesToText(new Uint8Array(0))))).toBe('MALFORMED_CHILD_KEY');
    // Index 0 decodes (restore refuses it by name, before any arithmetic).
    expect(childKeyFromText(with_((b) => ((b[18] = 0), b))).index).toBe(0);
  });

  it('never puts the share into an error message', () => {
    const ck = keySet('xor').childKeys[0]!;
    const text = childKeyToText(ck);
    const bad = text.slice(0, -1) + (text.endsWith('q') ? 'p' : 'q');
    try {
      childKeyFromText(bad);
    } catch (e) {
      expect((e as Error).message).not.toContain(bytesToHex(ck.share));
      expect((e as Error).message).not.toContain(text.slice(8, 30));
    }
  });
});
