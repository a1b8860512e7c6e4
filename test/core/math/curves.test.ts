import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict } from '../../../main/core/bytes.js';
import {
  CURVES,
  curveByCode,
  curveById,
  privateKeyToScalar,
  publicKeyOf,
  scalarToPrivateKey,
} from '../../../main/core/math/curves.js';
import { isJointKeyError } from '../../../main/core/errors.js';
import { primeFieldById } from '../../../main/core/math/prime-fields.js';

const hex = (h: string) => hexToBytesStrict(h, 'test');
const secp = curveById('secp256k1');
const ed = curveById('ed25519');
const N = primeFieldById('secp256k1-n').p;
const L = primeFieldById('ed25519-l').p;

describe('the curve table', () => {
  it('has secp256k1 = 1 and ed25519 = 2 over their group orders', () => {
    expect(CURVES.map((c) => [c.id, c.code, c.fieldId, c.privateKeyBytes, c.publicKeyBytes])).toEqual([
      ['secp256k1', 1, 'secp256k1-n', 32, 33],
      ['ed25519', 2, 'ed25519-l', 32, 32],
    ]);
    expect(curveByCode(1)).toBe(secp);
    expect(curveByCode(2)).toBe(ed);
    expect(() => curveByCode(3)).toThrow(RangeError);
    expect(() => curveById('p256' as never)).toThrow(RangeError);
    expect(Object.isFrozen(secp)).toBe(true);
  });
});

describe('public keys', () => {
  it('secp256k1: compressed SEC 1 encoding (key 1 gives G)', () => {
    expect(bytesToHex(publicKeyOf(secp, numberToBytesBE(1n, 32)))).toBe(
      '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
    );
    expect(publicKeyOf(secp, numberToBytesBE(N - 1n, 32))).toHaveLength(33);
  });
  it('ed25519: RFC 8032 §7.1 test 1', () => {
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    expect(bytesToHex(publicKeyOf(ed, seed))).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });
  it('rejects a key a person got wrong with INVALID_KEY, and never shows the key', () => {
    const bad: [typeof secp, Uint8Array][] = [
      [secp, new Uint8Array(32)],
      [secp, numberToBytesBE(N, 32)],
      [secp, new Uint8Array(32).fill(0xff)],
      [secp, new Uint8Array(31).fill(0x11)],
      [secp, new Uint8Array(33).fill(0x11)],
      [ed, new Uint8Array(64).fill(0x22)],
      [ed, new Uint8Array(0)],
    ];
    for (const [curve, key] of bad)
      for (const f of [publicKeyOf, privateKeyToScalar]) {
        let err: unknown;
        try {
          f(curve, key);
        } catch (e) {
          err = e;
        }
        expect(isJointKeyError(err) && err.code === 'INVALID_KEY').toBe(true);
        const message = (err as Error).message;
        expect(message).not.toContain(bytesToHex(key).slice(0, 8) || 'never');
        expect(message).toMatch(/secp256k1|ed25519/);
      }
  });
});

describe('private key ↔ scalar', () => {
  it('secp256k1: big-endian, always below n, round-trips', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), (d) => {
        const key = numberToBytesBE(d, 32);
        expect(privateKeyToScalar(secp, key)).toBe(d);
        expect(scalarToPrivateKey(secp, d)).toEqual(key);
      }),
    );
  });
  it('ed25519: the seed read little-endian when below L, else undefined', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        const s = privateKeyToScalar(ed, seed);
        const value = BigInt('0x' + (bytesToHex(Uint8Array.from(seed).reverse()) || '0'));
        if (value < L) {
          expect(s).toBe(value);
          expect(scalarToPrivateKey(ed, s as bigint)).toEqual(seed);
        } else expect(s).toBeUndefined();
      }),
    );
    // RFC 8032 test 1's seed is ≥ L (its top byte is 0x60): most seeds are.
    expect(privateKeyToScalar(ed, hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'))).toBe(
      undefined,
    );
    expect(privateKeyToScalar(ed, numberToBytesLE(L - 1n, 32))).toBe(L - 1n);
    expect(privateKeyToScalar(ed, numberToBytesLE(L, 32))).toBeUndefined();
    expect(privateKeyToScalar(ed, new Uint8Array(32))).toBe(0n);
  });
  it('scalarToPrivateKey rejects scalars out of range', () => {
    expect(() => scalarToPrivateKey(secp, 0n)).toThrow(RangeError);
    expect(() => scalarToPrivateKey(secp, N)).toThrow(RangeError);
    expect(() => scalarToPrivateKey(ed, L)).toThrow(RangeError);
    expect(() => scalarToPrivateKey(ed, -1n)).toThrow(RangeError);
  });
});
