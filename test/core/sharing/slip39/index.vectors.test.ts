/**
 * The SLIP-39 reference vectors (test/vectors/slip39/, see its README for the source), one `it`
 * each: a valid set gives the master secret (and the vector's BIP-32 master key from it); a set
 * with an empty expected secret must be refused with a JointKeyError of the expected code.
 */
import { readFileSync } from 'node:fs';
import { pbkdf2Sync } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../../main/core/bytes.js';
import { isJointKeyError, type ErrorCode } from '../../../../main/core/errors.js';
import { decodeMnemonic, slip39Combine, WORDLIST, type Pbkdf2Fn } from '../../../../main/core/sharing/slip39/index.js';

type Vector = [description: string, mnemonics: string[], masterSecretHex: string, xprv: string];
const vectors = JSON.parse(
  readFileSync(new URL('../../../vectors/slip39/vectors.json', import.meta.url), 'utf8'),
) as Vector[];

/** The error each refused vector must give, by its description. */
const expectedCodes: [RegExp, ErrorCode][] = [
  [/invalid checksum/, 'MNEMONIC_CHECKSUM'],
  [/invalid padding|insufficient length|invalid master secret length|greater group threshold/, 'INVALID_MNEMONIC'],
  [/different identifiers|different iteration exponents/, 'MIXED_MNEMONIC_SETS'],
  [/mismatching group thresholds|mismatching group counts|mismatching member thresholds/, 'GROUP_MISMATCH'],
  [/duplicate member indices/, 'DUPLICATE_CHILD_KEY'],
  [/invalid digest/, 'INVALID_DIGEST'],
  [/Insufficient number|insufficient number of members|Basic sharing 2-of-3/, 'INSUFFICIENT_SHARES'],
];

/** The BIP-32 master extended private key (xprv) of a seed. */
function bip32MasterXprv(seed: Uint8Array): string {
  const i = hmac(sha512, utf8ToBytes('Bitcoin seed'), seed);
  const header = Uint8Array.of(0x04, 0x88, 0xad, 0xe4, 0, 0, 0, 0, 0, 0, 0, 0, 0); // version, depth, fingerprint, child
  return createBase58check(sha256).encode(concatBytes(header, i.subarray(32), Uint8Array.of(0), i.subarray(0, 32)));
}

const nodePbkdf2: Pbkdf2Fn = (password, salt, iterations, dkLen) =>
  pbkdf2Sync(password, salt, iterations, dkLen, 'sha256');

describe('SLIP-39 reference vectors', () => {
  it('has all 45 vectors', () => {
    expect(vectors).toHaveLength(45);
  });

  it.each(vectors.map((v) => [v[0], v] as const))('%s', (_description, [description, mnemonics, secretHex, xprv]) => {
    if (secretHex !== '') {
      const secret = slip39Combine(mnemonics, { passphrase: 'TREZOR' });
      expect(bytesToHex(secret)).toBe(secretHex);
      expect(bip32MasterXprv(secret)).toBe(xprv);
      return;
    }
    let error: unknown;
    try {
      slip39Combine(mnemonics, { passphrase: 'TREZOR' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(RangeError);
    expect(isJointKeyError(error)).toBe(true);
    const code = expectedCodes.find(([re]) => re.test(description))?.[1];
    expect(code).toBeDefined();
    expect((error as { code: string }).code).toBe(code);
    // The message names positions, never share data: no word past a mnemonic's first three.
    const message = (error as Error).message.toLowerCase();
    const metadataWords = new Set(mnemonics.flatMap((m) => m.split(' ').slice(0, 3)));
    for (const m of mnemonics)
      for (const word of m.split(' ').slice(3))
        if (!metadataWords.has(word)) expect(message).not.toMatch(new RegExp(`\\b${word}\\b`));
  });
});

describe('SLIP-39 with an injected PBKDF2', () => {
  it("gives the same secrets with Node's native crypto.pbkdf2Sync", () => {
    for (const [, mnemonics, secretHex] of vectors.filter((v) => v[2] !== '').slice(0, 6))
      expect(bytesToHex(slip39Combine(mnemonics, { passphrase: 'TREZOR', pbkdf2: nodePbkdf2 }))).toBe(secretHex);
  });

  it('calls it 4 times with 2500 << e iterations and n/2 bytes', () => {
    const [, mnemonics, secretHex] = vectors[3]!; // basic 2-of-3, 128 bits
    const calls: [number, number][] = [];
    const secret = slip39Combine(mnemonics, {
      passphrase: 'TREZOR',
      pbkdf2: (p, s, c, dkLen) => {
        calls.push([c, dkLen]);
        return nodePbkdf2(p, s, c, dkLen);
      },
    });
    expect(bytesToHex(secret)).toBe(secretHex);
    const e = decodeMnemonic(mnemonics[0]!).iterationExponent;
    expect(calls).toEqual(Array.from({ length: 4 }, () => [2500 << e, 8]));
  });
});

describe('SLIP-39 wordlist', () => {
  it('is the published list, verbatim', () => {
    const published = readFileSync(new URL('../../../vectors/slip39/wordlist.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(published).toHaveLength(1024);
    expect([...WORDLIST]).toEqual(published);
  });
});
