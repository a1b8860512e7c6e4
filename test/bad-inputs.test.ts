/**
 * One table of bad inputs — wrong types, lengths, NaN, negative, huge — run against every function
 * the crypto core exports and every command of the command line. A function must throw a TypeError,
 * RangeError or JointKeyError (never return, never fail otherwise); a command must exit non-zero with
 * a JSON error and no stack trace.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from './support/cli.js';

export const BAD_VALUES: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['negative', -1],
  ['zero', 0],
  ['fraction', 1.5],
  ['huge number', 2 ** 53],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['empty string', ''],
  ['string', 'x'],
  ['object', {}],
  ['array', []],
  ['empty bytes', new Uint8Array(0)],
  ['huge bigint', 10n ** 2000n],
  ['negative bigint', -1n],
  ['function', () => 0],
];

describe('every command refuses bad inputs with a JSON error, no stack', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'jointkey-bad-'));
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'binary'), Buffer.from([0xff, 0xfe, 0, 1, 2]));
    writeFileSync(join(dir, 'json'), '{"format": "jointkey-child-key", "version": 1}');
    writeFileSync(join(dir, 'text'), 'jk1-qqqqq-qqqqq');
    mkdirSync(join(dir, 'folder'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const split = (...extra: string[]) => [
    'split',
    '--scheme',
    'xor',
    '--parties',
    '2',
    '--secret-hex',
    'ab',
    '--plaintext',
    ...extra,
  ];
  const numbers = ['NaN', '-1', '0', '1', '1.5', '256', '99999999999', '', 'two'];
  const cases: [string, (d: string) => string[]][] = [
    ['no command args', () => ['split']],
    ['unknown command', () => ['frobnicate']],
    ['unknown option', (d) => split('--out', d, '--bogus')],
    ['missing --out', () => split()],
    ['missing --plaintext', (d) => ['split', '--scheme', 'xor', '--parties', '2', '--secret-hex', 'ab', '--out', d]],
    [
      'unknown scheme',
      (d) => ['split', '--scheme', 'rot13', '--parties', '2', '--secret-hex', 'ab', '--out', d, '--plaintext'],
    ],
    ...numbers.map((v): [string, (d: string) => string[]] => [
      `--parties ${v}`,
      (d) => ['split', '--scheme', 'shamir', '--parties', v, '--secret-hex', 'ab', '--out', d, '--plaintext'],
    ]),
    ...numbers.map((v): [string, (d: string) => string[]] => [
      `--threshold ${v}`,
      (d) => [
        'split',
        '--scheme',
        'shamir',
        '--parties',
        '3',
        '--threshold',
        v,
        '--secret-hex',
        'ab',
        '--out',
        d,
        '--plaintext',
      ],
    ]),
    [
      'threshold on xor',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '3',
        '--threshold',
        '2',
        '--secret-hex',
        'ab',
        '--out',
        d,
        '--plaintext',
      ],
    ],
    [
      'odd hex',
      (d) => ['split', '--scheme', 'xor', '--parties', '2', '--secret-hex', 'abc', '--out', d, '--plaintext'],
    ],
    ['non-hex', (d) => ['split', '--scheme', 'xor', '--parties', '2', '--secret-hex', 'zz', '--out', d, '--plaintext']],
    ['empty hex', (d) => ['split', '--scheme', 'xor', '--parties', '2', '--secret-hex', '', '--out', d, '--plaintext']],
    ['two sources', (d) => [...split('--out', d), '--generate', 'secp256k1']],
    [
      'unknown curve',
      (d) => ['split', '--scheme', 'xor', '--parties', '2', '--generate', 'p256', '--out', d, '--plaintext'],
    ],
    [
      'key of zero',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-hex',
        '00'.repeat(32),
        '--curve',
        'secp256k1',
        '--out',
        d,
        '--plaintext',
      ],
    ],
    [
      'key ≥ n',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-hex',
        'ff'.repeat(32),
        '--curve',
        'secp256k1',
        '--out',
        d,
        '--plaintext',
      ],
    ],
    [
      'short key',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-hex',
        'ab',
        '--curve',
        'secp256k1',
        '--out',
        d,
        '--plaintext',
      ],
    ],
    ['too few labels', (d) => split('--out', d, '--labels', 'Alice')],
    ['repeated labels', (d) => split('--out', d, '--labels', 'Al,al')],
    ['empty label', (d) => split('--out', d, '--labels', 'Al,')],
    [
      'missing secret file',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-file',
        join(d, 'nope'),
        '--out',
        d,
        '--plaintext',
      ],
    ],
    [
      'empty secret file',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-file',
        join(d, 'empty'),
        '--out',
        join(d, 'o'),
        '--plaintext',
      ],
    ],
    [
      'secret file is a folder',
      (d) => [
        'split',
        '--scheme',
        'xor',
        '--parties',
        '2',
        '--secret-file',
        join(d, 'folder'),
        '--out',
        d,
        '--plaintext',
      ],
    ],
    ['out is a file', (d) => split('--out', join(d, 'empty'))],
    ['restore nothing', () => ['restore']],
    ['restore missing file', (d) => ['restore', join(d, 'nope')]],
    ['restore a folder', (d) => ['restore', join(d, 'folder')]],
    ['restore an empty file', (d) => ['restore', join(d, 'empty')]],
    ['restore a binary file', (d) => ['restore', join(d, 'binary')]],
    ['restore a truncated JSON file', (d) => ['restore', join(d, 'json')]],
    ['restore a bad text file', (d) => ['restore', join(d, 'text')]],
    ['restore unknown option', (d) => ['restore', '--bogus', join(d, 'text')]],
    ['verify two files', (d) => ['verify', join(d, 'text'), join(d, 'json')]],
    ['verify nothing', () => ['verify']],
    ['verify a folder', (d) => ['verify', join(d, 'folder')]],
  ];

  it.each(cases)('%s', (_title, argv) => {
    const r = jointkey(argv(dir));
    expect(r.status, r.stderr).not.toBe(0);
    expect(r.error?.code, r.stderr).toMatch(/^[A-Z_]+$/);
    expect(r.error?.message.length).toBeGreaterThan(10);
    expect(r.error?.code).not.toBe('INTERNAL');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
