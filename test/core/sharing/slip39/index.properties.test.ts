/**
 * Properties of the SLIP-39 implementation (fast-check): split then combine restores the secret
 * from any qualifying subset, an insufficient one is refused, every mnemonic round-trips, and a
 * single changed word is caught. Iteration exponent 0 and modest run counts keep it fast.
 */
import { pbkdf2Sync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJointKeyError } from '../../../../main/core/errors.js';
import {
  completeWord,
  decodeMnemonic,
  encodeMnemonic,
  slip39Combine,
  slip39Split,
  WORDLIST,
  type Pbkdf2Fn,
  type Slip39Group,
} from '../../../../main/core/sharing/slip39/index.js';
import { rs1024CreateChecksum, rs1024VerifyChecksum } from '../../../../main/core/sharing/slip39/rs1024.js';
import { refusal } from '../../../support/refusal.js';

const codeOf = (fn: () => unknown) => refusal(fn).code;

const nodePbkdf2: Pbkdf2Fn = (password, salt, iterations, dkLen) =>
  pbkdf2Sync(password, salt, iterations, dkLen, 'sha256');

/** A seeded shuffle (the seed comes from fast-check, so failures shrink and replay). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const a = [...items];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = (s >>> 8) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A deterministic rng over a seeded stream. */
function seededRng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) =>
    Uint8Array.from({ length: n }, () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s & 0xff;
    });
}

const secretArb = fc
  .integer({ min: 8, max: 16 })
  .chain((half) => fc.uint8Array({ minLength: 2 * half, maxLength: 2 * half }));
const groupArb: fc.Arbitrary<Slip39Group> = fc
  .integer({ min: 1, max: 5 })
  .chain((count) => fc.integer({ min: count === 1 ? 1 : 2, max: count }).map((threshold) => ({ threshold, count })));
const schemeArb = fc
  .array(groupArb, { minLength: 1, maxLength: 4 })
  .chain((groups) => fc.integer({ min: 1, max: groups.length }).map((groupThreshold) => ({ groups, groupThreshold })));
const passphraseArb = fc.string({
  unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});

const caseArb = fc.record({
  masterSecret: secretArb,
  scheme: schemeArb,
  passphrase: passphraseArb,
  extendable: fc.boolean(),
  seed: fc.nat(),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function split(c: Case, pbkdf2?: Pbkdf2Fn): string[][] {
  return slip39Split({
    masterSecret: c.masterSecret,
    groupThreshold: c.scheme.groupThreshold,
    groups: c.scheme.groups,
    passphrase: c.passphrase,
    extendable: c.extendable,
    iterationExponent: 0,
    ...(pbkdf2 ? { pbkdf2 } : {}),
  });
}

/** A qualifying subset: groupThreshold random groups, threshold random members of each, shuffled. */
function qualifying(c: Case, mnemonics: string[][]): string[][] {
  const groupIdx = shuffle(
    mnemonics.map((_, i) => i),
    c.seed,
  ).slice(0, c.scheme.groupThreshold);
  return groupIdx.map((g, i) => shuffle(mnemonics[g]!, c.seed + i + 1).slice(0, c.scheme.groups[g]!.threshold));
}

describe('slip39Split then slip39Combine', () => {
  it('any qualifying subset restores the secret (default noble PBKDF2)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const mnemonics = split(c);
        expect(mnemonics.map((g) => g.length)).toEqual(c.scheme.groups.map((g) => g.count));
        const subset = shuffle(qualifying(c, mnemonics).flat(), c.seed ^ 0x5a5a);
        expect(slip39Combine(subset, { passphrase: c.passphrase })).toEqual(c.masterSecret);
      }),
      { numRuns: 25 },
    );
  });

  it('the same mnemonic given twice counts once; a wrong passphrase gives another secret, silently', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const mnemonics = split(c, nodePbkdf2);
        const subset = qualifying(c, mnemonics).flat();
        const twice = [...subset, subset[0]!];
        expect(slip39Combine(twice, { passphrase: c.passphrase, pbkdf2: nodePbkdf2 })).toEqual(c.masterSecret);
        const other = slip39Combine(subset, { passphrase: c.passphrase + 'x', pbkdf2: nodePbkdf2 });
        expect(other).not.toEqual(c.masterSecret);
      }),
      { numRuns: 20 },
    );
  });

  it('an insufficient subset is refused with INSUFFICIENT_SHARES, before any PBKDF2 work', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, drop) => {
        const mnemonics = split(c, nodePbkdf2);
        const subset = qualifying(c, mnemonics).flat();
        subset.splice(drop % subset.length, 1);
        let calls = 0;
        const counting: Pbkdf2Fn = (...args) => {
          calls++;
          return nodePbkdf2(...args);
        };
        if (subset.length === 0) expect(codeOf(() => slip39Combine(subset))).toBe('NO_CHILD_KEYS');
        else
          expect(codeOf(() => slip39Combine(subset, { passphrase: c.passphrase, pbkdf2: counting }))).toBe(
            'INSUFFICIENT_SHARES',
          );
        expect(calls).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('one mnemonic too many in a group, or a group too many, is refused (the spec wants exactly the threshold)', () => {
    const c: Case = {
      masterSecret: new Uint8Array(16).fill(7),
      scheme: {
        groupThreshold: 1,
        groups: [
          { threshold: 2, count: 3 },
          { threshold: 1, count: 1 },
        ],
      },
      passphrase: '',
      extendable: true,
      seed: 1,
    };
    const [g1, g2] = split(c, nodePbkdf2) as [string[], string[]];
    expect(codeOf(() => slip39Combine(g1, { pbkdf2: nodePbkdf2 }))).toBe('TOO_MANY_CHILD_KEYS');
    expect(codeOf(() => slip39Combine([...g2, g1[0]!, g1[1]!], { pbkdf2: nodePbkdf2 }))).toBe('TOO_MANY_CHILD_KEYS');
    expect(slip39Combine(g2, { pbkdf2: nodePbkdf2 })).toEqual(c.masterSecret);
    expect(slip39Combine([g1[2]!, g1[0]!], { pbkdf2: nodePbkdf2 })).toEqual(c.masterSecret);
  });

  it('mnemonics of two splits of the same secret are not mixed', () => {
    const opts = {
      masterSecret: new Uint8Array(32).fill(9),
      groupThreshold: 1,
      groups: [{ threshold: 2, count: 3 }],
      iterationExponent: 0,
      pbkdf2: nodePbkdf2,
    };
    for (const extendable of [true, false]) {
      const [a] = slip39Split({ ...opts, extendable, rng: seededRng(1) }) as [string[]];
      const [b] = slip39Split({ ...opts, extendable, rng: seededRng(2) }) as [string[]];
      expect(decodeMnemonic(a[0]!).identifier).not.toBe(decodeMnemonic(b[0]!).identifier);
      expect(codeOf(() => slip39Combine([a[0]!, b[1]!], { pbkdf2: nodePbkdf2 }))).toBe('MIXED_MNEMONIC_SETS');
    }
  });

  it('replays exactly from an injected rng, the identifier from its first 2 bytes', () => {
    const opts = {
      masterSecret: Uint8Array.from({ length: 16 }, (_, i) => i),
      groupThreshold: 2,
      groups: [
        { threshold: 2, count: 3 },
        { threshold: 3, count: 5 },
        { threshold: 1, count: 1 },
      ],
      iterationExponent: 0,
      pbkdf2: nodePbkdf2,
    };
    const a = slip39Split({ ...opts, rng: seededRng(42) });
    expect(slip39Split({ ...opts, rng: seededRng(42) })).toEqual(a);
    const first = seededRng(42)(2);
    expect(decodeMnemonic(a[0]![0]!).identifier).toBe(((first[0]! << 8) | first[1]!) & 0x7fff);
    const requests: number[] = [];
    const rng = seededRng(7);
    slip39Split({
      ...opts,
      rng: (n) => {
        requests.push(n);
        return rng(n);
      },
    });
    // id; group split T=2: R; group 1 T=2: R; group 2 T=3: one share + R; group 3 T=1: nothing
    expect(requests).toEqual([2, 12, 12, 16, 12]);
  });
});

describe('SLIP-39 mnemonics', () => {
  it('every mnemonic round-trips through decode and encode, with the fields it was made with', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const mnemonics = split(c, nodePbkdf2);
        const identifiers = new Set<number>();
        mnemonics.forEach((group, g) =>
          group.forEach((m, i) => {
            const share = decodeMnemonic(m);
            identifiers.add(share.identifier);
            expect(share).toMatchObject({
              extendable: c.extendable,
              iterationExponent: 0,
              groupIndex: g,
              groupThreshold: c.scheme.groupThreshold,
              groupCount: c.scheme.groups.length,
              memberIndex: i,
              memberThreshold: c.scheme.groups[g]!.threshold,
            });
            expect(share.value.length).toBe(c.masterSecret.length);
            expect(m.split(' ')).toHaveLength(Math.ceil((c.masterSecret.length * 8) / 10) + 7);
            expect(encodeMnemonic(share)).toBe(m);
            // any case and any whitespace decode the same
            expect(decodeMnemonic(`  ${m.toUpperCase().split(' ').join('\n\t ')} `)).toEqual(share);
          }),
        );
        expect(identifiers.size).toBe(1);
      }),
      { numRuns: 30 },
    );
  });

  it('encode then decode round-trips arbitrary share fields', () => {
    const shareArb = fc
      .record({
        identifier: fc.integer({ min: 0, max: 0x7fff }),
        extendable: fc.boolean(),
        iterationExponent: fc.integer({ min: 0, max: 15 }),
        groupIndex: fc.integer({ min: 0, max: 15 }),
        groupCount: fc.integer({ min: 1, max: 16 }),
        memberIndex: fc.integer({ min: 0, max: 15 }),
        memberThreshold: fc.integer({ min: 1, max: 16 }),
        value: fc.integer({ min: 8, max: 40 }).chain((h) => fc.uint8Array({ minLength: 2 * h, maxLength: 2 * h })),
        t: fc.nat(),
      })
      .map(({ t, ...s }) => ({ ...s, groupThreshold: 1 + (t % s.groupCount) }));
    fc.assert(
      fc.property(shareArb, (share) => {
        expect(decodeMnemonic(encodeMnemonic(share))).toEqual(share);
      }),
      { numRuns: 300 },
    );
  });

  it('a single changed word is caught by the checksum, a mistyped one as an unknown word', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 1023 }), (c, pick, position, delta) => {
        const mnemonics = split(c, nodePbkdf2);
        const subset = qualifying(c, mnemonics).flat();
        const n = pick % subset.length;
        const words = subset[n]!.split(' ');
        const p = position % words.length;
        const original = WORDLIST.indexOf(words[p]!);

        const changed = [...words];
        changed[p] = WORDLIST[(original + delta) % 1024]!;
        expect(codeOf(() => decodeMnemonic(changed.join(' ')))).toBe('MNEMONIC_CHECKSUM');
        const bad = subset.map((m, i) => (i === n ? changed.join(' ') : m));
        expect(codeOf(() => slip39Combine(bad, { pbkdf2: nodePbkdf2 }))).toBe('MNEMONIC_CHECKSUM');

        const typo = [...words];
        typo[p] = words[p]!.slice(0, -1) + (words[p]!.endsWith('q') ? 'z' : 'q'); // no SLIP-39 word ends in q
        const garbled = subset.map((m, i) => (i === n ? typo.join(' ') : m));
        let message = '';
        try {
          slip39Combine(garbled, { pbkdf2: nodePbkdf2 });
        } catch (e) {
          expect(isJointKeyError(e) && e.code).toBe('UNKNOWN_WORD');
          message = (e as Error).message;
        }
        expect(message).toContain(`Word ${p + 1} of mnemonic ${n + 1} `);
        expect(message).not.toContain(typo[p]!);
      }),
      { numRuns: 30 },
    );
  });

  it('RS1024 checksums verify, and any change of one to three words is detected', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1023 }), { minLength: 4, maxLength: 40 }),
        fc.boolean(),
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 1023 }), { minLength: 3, maxLength: 3 }),
        (data, extendable, positions, deltas) => {
          const words = [...data, ...rs1024CreateChecksum(data, extendable)];
          expect(rs1024VerifyChecksum(words, extendable)).toBe(true);
          expect(rs1024VerifyChecksum(words, !extendable)).toBe(false);
          const spots = [...new Set(positions.map((p) => p % words.length))];
          spots.forEach((p, i) => (words[p] = words[p]! ^ deltas[i]!));
          expect(rs1024VerifyChecksum(words, extendable)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('completeWord', () => {
  it('offers the one word after 4 letters, and the candidates before', () => {
    expect(completeWord('acad')).toEqual(['academic']);
    expect(completeWord('ACADEM')).toEqual(['academic']);
    expect(completeWord(' academic ')).toEqual(['academic']);
    expect(completeWord('academics')).toEqual([]);
    expect(completeWord('acdm')).toEqual([]);
    expect(completeWord('ac')).toEqual(WORDLIST.filter((w) => w.startsWith('ac')));
    expect(completeWord('ac').length).toBeGreaterThan(1);
    expect(completeWord('')).toHaveLength(1024);
    expect(completeWord('x')).toEqual([]);
    for (const w of WORDLIST) expect(completeWord(w.slice(0, 4))).toEqual([w]);
  });
});

describe('bad input to the SLIP-39 API', () => {
  const base = {
    masterSecret: new Uint8Array(16),
    groupThreshold: 1,
    groups: [{ threshold: 2, count: 3 }],
    iterationExponent: 0,
    pbkdf2: nodePbkdf2,
  };
  const cases: [string, () => unknown, ErrorConstructor][] = [
    ['opts missing', () => slip39Split(undefined as never), TypeError],
    ['masterSecret string', () => slip39Split({ ...base, masterSecret: 'ab' as never }), TypeError],
    ['masterSecret 15 bytes', () => slip39Split({ ...base, masterSecret: new Uint8Array(15) }), RangeError],
    ['masterSecret 17 bytes', () => slip39Split({ ...base, masterSecret: new Uint8Array(17) }), RangeError],
    ['masterSecret empty', () => slip39Split({ ...base, masterSecret: new Uint8Array(0) }), RangeError],
    ['groups not an array', () => slip39Split({ ...base, groups: {} as never }), TypeError],
    ['no groups', () => slip39Split({ ...base, groups: [] }), RangeError],
    ['17 groups', () => slip39Split({ ...base, groups: Array(17).fill({ threshold: 1, count: 1 }) }), RangeError],
    ['group null', () => slip39Split({ ...base, groups: [null as never] }), TypeError],
    ['count 17', () => slip39Split({ ...base, groups: [{ threshold: 2, count: 17 }] }), RangeError],
    ['count 0', () => slip39Split({ ...base, groups: [{ threshold: 0, count: 0 }] }), RangeError],
    ['threshold > count', () => slip39Split({ ...base, groups: [{ threshold: 4, count: 3 }] }), RangeError],
    ['threshold NaN', () => slip39Split({ ...base, groups: [{ threshold: Number.NaN, count: 3 }] }), RangeError],
    ['1-of-2', () => slip39Split({ ...base, groups: [{ threshold: 1, count: 2 }] }), RangeError],
    ['groupThreshold 0', () => slip39Split({ ...base, groupThreshold: 0 }), RangeError],
    ['groupThreshold > groups', () => slip39Split({ ...base, groupThreshold: 2 }), RangeError],
    ['groupThreshold string', () => slip39Split({ ...base, groupThreshold: '1' as never }), TypeError],
    ['passphrase non-ASCII', () => slip39Split({ ...base, passphrase: 'pässword' }), RangeError],
    ['passphrase control char', () => slip39Split({ ...base, passphrase: 'a\nb' }), RangeError],
    ['passphrase number', () => slip39Split({ ...base, passphrase: 1 as never }), TypeError],
    ['extendable string', () => slip39Split({ ...base, extendable: 'yes' as never }), TypeError],
    ['iterationExponent 16', () => slip39Split({ ...base, iterationExponent: 16 }), RangeError],
    ['iterationExponent -1', () => slip39Split({ ...base, iterationExponent: -1 }), RangeError],
    ['rng not a function', () => slip39Split({ ...base, rng: 5 as never }), TypeError],
    ['rng short', () => slip39Split({ ...base, rng: () => new Uint8Array(1) }), RangeError],
    ['pbkdf2 not a function', () => slip39Split({ ...base, pbkdf2: 'x' as never }), TypeError],
    ['pbkdf2 short output', () => slip39Split({ ...base, pbkdf2: () => new Uint8Array(1) }), RangeError],
    ['combine: not an array', () => slip39Combine('a b c' as never), TypeError],
    ['combine: a non-string', () => slip39Combine([5 as never]), TypeError],
    ['combine: passphrase number', () => slip39Combine(['x'], { passphrase: 5 as never }), TypeError],
    ['combine: passphrase non-ASCII', () => slip39Combine(['x'], { passphrase: 'é' }), RangeError],
    ['combine: opts null', () => slip39Combine(['x'], null as never), TypeError],
    ['decode: not a string', () => decodeMnemonic(undefined as never), TypeError],
    [
      'encode: identifier too big',
      () => encodeMnemonic({ ...decodeMnemonic(valid()), identifier: 0x8000 }),
      RangeError,
    ],
    ['encode: odd value', () => encodeMnemonic({ ...decodeMnemonic(valid()), value: new Uint8Array(17) }), RangeError],
    ['completeWord: number', () => completeWord(4 as never), TypeError],
  ];
  function valid(): string {
    return slip39Split({ ...base, rng: seededRng(3) })[0]![0]!;
  }
  it.each(cases)('%s', (_name, call, kind) => {
    expect(call).toThrow(kind);
  });

  it('refuses nonsense as a person’s mistake, not a crash', () => {
    expect(codeOf(() => slip39Combine([]))).toBe('NO_CHILD_KEYS');
    expect(codeOf(() => decodeMnemonic(''))).toBe('INVALID_MNEMONIC');
    expect(codeOf(() => decodeMnemonic('academic '.repeat(19)))).toBe('INVALID_MNEMONIC');
    expect(codeOf(() => decodeMnemonic('academic '.repeat(20)))).toBe('MNEMONIC_CHECKSUM');
    expect(codeOf(() => decodeMnemonic('hello world'))).toBe('UNKNOWN_WORD');
  });
});

describe('the caller’s secret is never touched', () => {
  it('a Node Buffer given as the master secret is left as it was (its slice() is a view, not a copy)', () => {
    const secret = Buffer.from('0c28fca386c7a227600b2fe50b7cae11', 'hex');
    const before = Buffer.from(secret);
    const [mnemonics] = slip39Split({
      masterSecret: secret,
      groupThreshold: 1,
      groups: [{ threshold: 2, count: 3 }],
      iterationExponent: 0,
    });
    expect(secret.equals(before)).toBe(true);
    expect(Buffer.from(slip39Combine(mnemonics!.slice(0, 2))).equals(before)).toBe(true);
  });
});
