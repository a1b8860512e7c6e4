/**
 * One table of bad inputs run against every export of the prime-field, additive/XOR, curve and
 * commitment modules: each bad value must throw (TypeError for a wrong type, RangeError for a wrong
 * length or range, JointKeyError where a person's input is meant), never return.
 */
import { numberToBytesBE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../main/core/bytes.js';
import { isJointKeyError } from '../main/core/errors.js';
import * as additive from '../main/core/additive.js';
import * as commitments from '../main/core/commitments.js';
import * as curves from '../main/core/curves.js';
import * as primeFields from '../main/core/prime-fields.js';
import * as shamir from '../main/core/shamir-prime.js';
import * as xor from '../main/core/xor.js';

type Kind = 'type' | 'range' | 'user';
type Bad = [label: string, value: unknown, kind: Kind];

const m521 = primeFields.primeFieldById('m521');
const P = m521.p;
const secp = curves.curveById('secp256k1');
const ed = curves.curveById('ed25519');
const N = primeFields.primeFieldById('secp256k1-n').p;
const u8 = (n: number, fill = 0) => new Uint8Array(n).fill(fill);
const zerosRng: Rng = (n) => new Uint8Array(n);

const FIELD: Bad[] = [
  ['undefined', undefined, 'type'],
  ['null', null, 'type'],
  ['an id string', 'm521', 'type'],
  ['a copy of a field', { ...m521 }, 'type'],
  ['a number', 3, 'type'],
];
const CURVE: Bad[] = [
  ['undefined', undefined, 'type'],
  ['an id string', 'secp256k1', 'type'],
  ['a copy of a curve', { ...secp }, 'type'],
  ['a code', 1, 'type'],
];
const NOT_A_NUMBER: Bad[] = [
  ['undefined', undefined, 'type'],
  ['null', null, 'type'],
  ['a string', '3', 'type'],
  ['a bigint', 3n, 'type'],
];
const PARTIES: Bad[] = [
  ...NOT_A_NUMBER,
  ['NaN', Number.NaN, 'range'],
  ['negative', -2, 'range'],
  ['0', 0, 'range'],
  ['1', 1, 'range'],
  ['fractional', 2.5, 'range'],
  ['256', 256, 'range'],
  ['huge', 2 ** 53, 'range'],
  ['Infinity', Infinity, 'range'],
];
/** With parties = 5. */
const THRESHOLD: Bad[] = [
  ...NOT_A_NUMBER,
  ['NaN', Number.NaN, 'range'],
  ['0', 0, 'range'],
  ['1', 1, 'range'],
  ['> parties', 6, 'range'],
  ['fractional', 2.5, 'range'],
];
const RNG: Bad[] = [
  ['null', null, 'type'],
  ['a string', 'rng', 'type'],
  ['returns a string', () => 'abc', 'type'],
  ['returns an array', (n: number) => Array.from({ length: n }, () => 1), 'type'],
  ['returns too few bytes', () => new Uint8Array(1), 'range'],
];
const BIGINT_BELOW = (p: bigint): Bad[] => [
  ['undefined', undefined, 'type'],
  ['a number', 1, 'type'],
  ['a string', '1', 'type'],
  ['NaN', Number.NaN, 'type'],
  ['negative', -1n, 'range'],
  ['p', p, 'range'],
  ['huge', 2n ** 5000n, 'range'],
];
const BYTES: Bad[] = [
  ['undefined', undefined, 'type'],
  ['null', null, 'type'],
  ['a hex string', '00ff', 'type'],
  ['an array', [0, 255], 'type'],
];
const SECRET_BYTES: Bad[] = [...BYTES, ['empty', u8(0), 'range']];
const SHARE_LIST: Bad[] = [
  ['undefined', undefined, 'type'],
  ['not an array', u8(4), 'type'],
  ['empty', [], 'range'],
  ['one share', [u8(4)], 'range'],
  ['unequal lengths', [u8(4), u8(5)], 'range'],
  ['a string among them', [u8(4), 'abcd'], 'type'],
  ['empty shares', [u8(0), u8(0)], 'range'],
  ['256 shares', Array.from({ length: 256 }, () => u8(4)), 'range'],
];
const POINTS: Bad[] = [
  ['undefined', undefined, 'type'],
  ['a string', 'points', 'type'],
  ['empty', [], 'range'],
  ['null point', [null], 'type'],
  ['x = 0', [{ x: 0, y: 1n }], 'range'],
  ['x = 0n', [{ x: 0n, y: 1n }], 'range'],
  ['negative x', [{ x: -1, y: 1n }], 'range'],
  ['fractional x', [{ x: 1.5, y: 1n }], 'range'],
  ['NaN x', [{ x: Number.NaN, y: 1n }], 'range'],
  ['unsafe x', [{ x: 2 ** 53, y: 1n }], 'range'],
  ['x = p', [{ x: P, y: 1n }], 'range'],
  ['string x', [{ x: '1', y: 1n }], 'type'],
  ['number y', [{ x: 1, y: 1 }], 'type'],
  ['negative y', [{ x: 1, y: -1n }], 'range'],
  ['y = p', [{ x: 1, y: P }], 'range'],
  [
    'duplicate x',
    [
      { x: 1, y: 1n },
      { x: 1, y: 2n },
    ],
    'range',
  ],
  [
    'duplicate x as number and bigint',
    [
      { x: 2n, y: 1n },
      { x: 2, y: 2n },
    ],
    'range',
  ],
  ['256 points', Array.from({ length: 256 }, (_, i) => ({ x: i + 1, y: 1n })), 'range'],
];
const PUBLIC_POINTS_SECP: Bad[] = [
  ['undefined', undefined, 'type'],
  ['empty', [], 'range'],
  ['a string among them', ['02ab'], 'type'],
  ['32-byte points (ed25519 length)', [u8(32)], 'range'],
  ['256 points', Array.from({ length: 256 }, () => u8(33, 2)), 'range'],
];
const X_INDEX: Bad[] = [
  ...NOT_A_NUMBER,
  ['0', 0, 'range'],
  ['256', 256, 'range'],
  ['NaN', Number.NaN, 'range'],
  ['fractional', 1.5, 'range'],
];
const KEY_SECP: Bad[] = [
  ['undefined', undefined, 'type'],
  ['a hex string', '11'.repeat(32), 'type'],
  ['31 bytes', u8(31, 0x11), 'user'],
  ['33 bytes', u8(33, 0x11), 'user'],
  ['0', u8(32), 'user'],
  ['n', numberToBytesBE(N, 32), 'user'],
  ['2^256 − 1', u8(32, 0xff), 'user'],
];
const KEY_ED: Bad[] = [
  ['undefined', undefined, 'type'],
  ['31 bytes', u8(31, 0x11), 'user'],
  ['64 bytes (an expanded key)', u8(64, 0x11), 'user'],
];
const CODE: Bad[] = [
  ...NOT_A_NUMBER,
  ['0', 0, 'range'],
  ['7', 7, 'range'],
  ['256', 256, 'range'],
  ['NaN', Number.NaN, 'range'],
  ['negative', -1, 'range'],
];
const MODULUS: Bad[] = [
  ['undefined', undefined, 'type'],
  ['a number', 7, 'type'],
  ['NaN', Number.NaN, 'type'],
  ['0n', 0n, 'range'],
  ['1n', 1n, 'range'],
  ['negative', -7n, 'range'],
  ['huge', (1n << BigInt(additive.MAX_MODULUS_BITS)) + 1n, 'range'],
  ['neither a table prime nor a power of two', 10n ** 30n, 'range'],
  ['a small prime', 3n, 'range'],
  ['n − 1', N - 1n, 'range'],
];

interface Entry {
  name: string;
  fn: (...args: never[]) => unknown;
  args: unknown[];
  bad: Bad[][]; // one list per argument
}

const VALID_POINTS = [
  { x: 1, y: 5n },
  { x: 2, y: 7n },
];

const TABLE: Entry[] = [
  // prime-fields.ts
  { name: 'afield', fn: primeFields.afield, args: [m521], bad: [FIELD] },
  {
    name: 'primeFieldById',
    fn: primeFields.primeFieldById,
    args: ['m521'],
    bad: [[...NOT_A_NUMBER.slice(0, 2), ['a number', 3, 'type'], ['unknown', 'm127', 'range'], ['empty', '', 'range']]],
  },
  { name: 'primeFieldByCode', fn: primeFields.primeFieldByCode, args: [3], bad: [CODE] },
  {
    name: 'fieldForSecretBytes',
    fn: primeFields.fieldForSecretBytes,
    args: [32],
    bad: [
      [
        ...NOT_A_NUMBER,
        ['0', 0, 'range'],
        ['532', 532, 'range'],
        ['NaN', Number.NaN, 'range'],
        ['negative', -1, 'range'],
        ['huge', 1e9, 'range'],
        ['fractional', 1.5, 'range'],
      ],
    ],
  },
  { name: 'elementToBytes', fn: primeFields.elementToBytes, args: [m521, 5n], bad: [FIELD, BIGINT_BELOW(P)] },
  {
    name: 'bytesToElement',
    fn: primeFields.bytesToElement,
    args: [m521, u8(66)],
    bad: [
      FIELD,
      [...BYTES, ['65 bytes', u8(65), 'range'], ['67 bytes', u8(67), 'range'], ['≥ p', u8(66, 0xff), 'range']],
    ],
  },
  {
    name: 'randomElement',
    fn: primeFields.randomElement,
    args: [m521, (n: number) => u8(n, 1)],
    bad: [FIELD, [...RNG, ['stuck at zero', zerosRng, 'range']]],
  },
  // shamir-prime.ts
  {
    name: 'polySplit',
    fn: shamir.polySplit,
    args: [m521, 5n, 3, 5, (n: number) => u8(n, 1)],
    bad: [FIELD, BIGINT_BELOW(P), THRESHOLD, PARTIES, [...RNG, ['stuck at zero', zerosRng, 'range']]],
  },
  { name: 'lagrangeAt', fn: shamir.lagrangeAt, args: [m521, VALID_POINTS, 3n], bad: [FIELD, POINTS, BIGINT_BELOW(P)] },
  { name: 'polyRestore', fn: shamir.polyRestore, args: [m521, VALID_POINTS], bad: [FIELD, POINTS] },
  // xor.ts
  {
    name: 'drawBytes',
    fn: xor.drawBytes,
    args: [4, (n: number) => u8(n, 1)],
    bad: [
      [
        ...NOT_A_NUMBER,
        ['0', 0, 'range'],
        ['NaN', Number.NaN, 'range'],
        ['negative', -1, 'range'],
        ['fractional', 1.5, 'range'],
      ],
      RNG,
    ],
  },
  {
    name: 'xorSplit',
    fn: xor.xorSplit,
    args: [u8(4, 9), 3, (n: number) => u8(n, 1)],
    bad: [SECRET_BYTES, PARTIES, RNG],
  },
  { name: 'xorCombine', fn: xor.xorCombine, args: [[u8(4), u8(4)]], bad: [SHARE_LIST] },
  // additive.ts
  {
    name: 'randomBelow',
    fn: additive.randomBelow,
    args: [N, (n: number) => u8(n, 1)],
    bad: [MODULUS, [...RNG, ['stuck above the modulus', (n: number) => u8(n, 0xff), 'range']]],
  },
  {
    name: 'additiveSplit',
    fn: additive.additiveSplit,
    args: [5n, 3, N, (n: number) => u8(n, 1)],
    bad: [BIGINT_BELOW(N), PARTIES, MODULUS, RNG],
  },
  {
    name: 'additiveCombine',
    fn: additive.additiveCombine,
    args: [[1n, 2n], 8n],
    bad: [
      [
        ['undefined', undefined, 'type'],
        ['empty', [], 'range'],
        ['one share', [1n], 'range'],
        ['a share = modulus', [1n, 8n], 'range'],
        ['a negative share', [1n, -1n], 'range'],
        ['a number share', [1n, 1], 'type'],
        ['256 shares', Array.from({ length: 256 }, () => 1n), 'range'],
      ],
      MODULUS,
    ],
  },
  {
    name: 'additiveSplitBytes',
    fn: additive.additiveSplitBytes,
    args: [u8(4, 9), 3, (n: number) => u8(n, 1)],
    bad: [SECRET_BYTES, PARTIES, RNG],
  },
  { name: 'additiveCombineBytes', fn: additive.additiveCombineBytes, args: [[u8(4), u8(4)]], bad: [SHARE_LIST] },
  // curves.ts
  { name: 'acurve', fn: curves.acurve, args: [secp], bad: [CURVE] },
  {
    name: 'curveById',
    fn: curves.curveById,
    args: ['ed25519'],
    bad: [[...NOT_A_NUMBER.slice(0, 2), ['a number', 1, 'type'], ['unknown', 'p256', 'range'], ['empty', '', 'range']]],
  },
  {
    name: 'curveByCode',
    fn: curves.curveByCode,
    args: [2],
    bad: [CODE.filter((b) => b[0] !== '7').concat([['3', 3, 'range']])],
  },
  { name: 'curveOrder', fn: curves.curveOrder, args: [secp], bad: [CURVE] },
  { name: 'publicKeyOf (secp256k1)', fn: curves.publicKeyOf, args: [secp, u8(32, 1)], bad: [CURVE, KEY_SECP] },
  { name: 'publicKeyOf (ed25519)', fn: curves.publicKeyOf, args: [ed, u8(32, 1)], bad: [CURVE, KEY_ED] },
  {
    name: 'privateKeyToScalar (secp256k1)',
    fn: curves.privateKeyToScalar,
    args: [secp, u8(32, 1)],
    bad: [CURVE, KEY_SECP],
  },
  { name: 'privateKeyToScalar (ed25519)', fn: curves.privateKeyToScalar, args: [ed, u8(32, 1)], bad: [CURVE, KEY_ED] },
  {
    name: 'scalarToPrivateKey (secp256k1)',
    fn: curves.scalarToPrivateKey,
    args: [secp, 1n],
    bad: [CURVE, [...BIGINT_BELOW(N), ['0', 0n, 'range']]],
  },
  {
    name: 'scalarToPrivateKey (ed25519)',
    fn: curves.scalarToPrivateKey,
    args: [ed, 0n],
    bad: [CURVE, BIGINT_BELOW(primeFields.primeFieldById('ed25519-l').p)],
  },
  // commitments.ts
  {
    name: 'feldmanCommit',
    fn: commitments.feldmanCommit,
    args: [secp, [5n, 6n]],
    bad: [
      CURVE,
      [
        ['undefined', undefined, 'type'],
        ['empty', [], 'range'],
        ['0 (secp256k1)', [0n], 'range'],
        ['n', [N], 'range'],
        ['negative', [-1n], 'range'],
        ['a number', [1], 'type'],
        ['256 coefficients', Array.from({ length: 256 }, () => 1n), 'range'],
      ],
    ],
  },
  {
    name: 'feldmanVerify',
    fn: commitments.feldmanVerify,
    args: [secp, [u8(33, 2)], 1, 1n],
    bad: [CURVE, PUBLIC_POINTS_SECP, X_INDEX, [...BIGINT_BELOW(N)]],
  },
  {
    name: 'sharePoint',
    fn: commitments.sharePoint,
    args: [secp, 1n],
    bad: [CURVE, [...BIGINT_BELOW(N), ['0', 0n, 'range']]],
  },
  {
    name: 'pointSumEquals',
    fn: commitments.pointSumEquals,
    args: [secp, [u8(33, 2)], u8(33, 2)],
    bad: [CURVE, PUBLIC_POINTS_SECP, [...BYTES, ['32 bytes', u8(32), 'range'], ['empty', u8(0), 'range']]],
  },
  {
    name: 'saltedHash',
    fn: commitments.saltedHash,
    args: [u8(16), u8(3)],
    bad: [[...BYTES, ['15 bytes', u8(15), 'range'], ['65 bytes', u8(65), 'range'], ['empty', u8(0), 'range']], BYTES],
  },
  {
    name: 'equalConstantTime',
    fn: commitments.equalConstantTime,
    args: [u8(3), u8(3)],
    bad: [
      [...BYTES, ['empty', u8(0), 'range']],
      [...BYTES, ['empty', u8(0), 'range']],
    ],
  },
];

const EXPECTED = { type: TypeError, range: RangeError } as const;

describe('bad inputs to the prime-field, XOR, additive, curve and commitment functions', () => {
  it('covers every export that is a function', () => {
    const exported = [primeFields, shamir, xor, additive, curves, commitments].flatMap((m) =>
      Object.entries(m)
        .filter(([, v]) => typeof v === 'function')
        .map(([k]) => k),
    );
    const tested = new Set(TABLE.map((e) => e.name.split(' ')[0]));
    expect(exported.filter((name) => !tested.has(name))).toEqual([]);
  });

  for (const e of TABLE) {
    describe(e.name, () => {
      it('accepts the valid arguments', () => {
        expect(() => (e.fn as (...a: unknown[]) => unknown)(...e.args)).not.toThrow();
      });
      e.bad.forEach((bads, argIndex) => {
        for (const [label, value, kind] of bads) {
          it(`argument ${argIndex + 1}: ${label} → ${kind === 'user' ? 'JointKeyError' : EXPECTED[kind].name}`, () => {
            const args = [...e.args];
            args[argIndex] = value;
            let thrown: unknown;
            let returned = false;
            try {
              (e.fn as (...a: unknown[]) => unknown)(...args);
              returned = true;
            } catch (err) {
              thrown = err;
            }
            expect(returned).toBe(false);
            if (kind === 'user') {
              expect(isJointKeyError(thrown)).toBe(true);
              expect((thrown as { code: string }).code).toBe('INVALID_KEY');
            } else {
              expect(thrown).toBeInstanceOf(EXPECTED[kind]);
              expect(isJointKeyError(thrown)).toBe(false);
            }
          });
        }
      });
    });
  }
});
