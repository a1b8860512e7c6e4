/**
 * The one table of bad inputs: wrong types, wrong lengths, NaN, negative, zero, fractions, unsafe
 * and infinite numbers, empty and huge byte arrays, huge and negative bigints. test/bad-inputs.test.ts
 * runs it against every function main/core exports and, in their command-line form, against the
 * options of every command.
 *
 * The values are shared: a test that passes one to code that may change it passes {@link fresh}(value).
 */

/** 20 MB: above every length limit of the core (16 MiB secrets), allocated once. */
export const HUGE_BYTES = new Uint8Array(20 * 1024 * 1024);

export const BAD_VALUES: [label: string, value: unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['boolean', true],
  ['NaN', Number.NaN],
  ['negative', -1],
  ['zero', 0],
  ['fraction', 1.5],
  ['2**53', 2 ** 53],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['empty string', ''],
  ['string', 'x'],
  ['object', {}],
  ['array', []],
  ['empty bytes', new Uint8Array(0)],
  ['one byte', Uint8Array.of(1)],
  ['Uint16Array', new Uint16Array(4)],
  ['huge bytes', HUGE_BYTES],
  ['huge bigint', 10n ** 2000n],
  ['negative bigint', -1n],
  ['function', () => 0],
];

/** The labels of the table, for checking that a list of labels names only entries of it. */
export const BAD_LABELS: readonly string[] = BAD_VALUES.map(([label]) => label);

/**
 * A copy of a small mutable bad value ({}, [], a short Uint8Array), so that code that writes into its
 * argument (wipe, say) cannot change the table for later tests; the huge array is passed as it is.
 */
export function fresh(value: unknown): unknown {
  if (value instanceof Uint8Array) return value === HUGE_BYTES ? value : value.slice();
  if (value instanceof Uint16Array) return value.slice();
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

/**
 * The bad values that have a command-line form (numbers, strings, bigints), as the strings a person
 * could type for an option: 'NaN', '-1', '0', '1.5', '9007199254740992', 'Infinity', '', 'x', …
 */
export const BAD_ARGUMENT_STRINGS: readonly string[] = [
  ...new Set(BAD_VALUES.filter(([, v]) => ['number', 'string', 'bigint'].includes(typeof v)).map(([, v]) => String(v))),
];
