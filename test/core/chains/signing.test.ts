/**
 * Message signatures, each checked by a second implementation where one exists:
 * - ECDSA (secp256k1, SHA-256): known answers with RFC 6979 nonces (test/vectors/ecdsa-secp256k1);
 *   every signature is converted to DER and verified by Node's crypto (OpenSSL); OpenSSL's own
 *   signatures verify here once normalized to low s; s ≤ n/2 always;
 * - Ed25519: RFC 8032 §7.1 tests 1–3 (test/vectors/ed25519), every signature verified by OpenSSL and
 *   equal to the one OpenSSL makes (pure Ed25519 is deterministic);
 * - BIP-340: Node cannot verify Schnorr, so the official test vectors (test/vectors/bip340, copied
 *   from bitcoin/bips) are replayed through signMessage with the vectors' aux_rand and verifyMessage;
 * - fast-check: round trips for random keys and messages; one flipped bit in the signature or the
 *   message fails in our verify and in OpenSSL's.
 */
import { createPrivateKey, createPublicKey, sign as osslSign, verify as osslVerify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytesStrict, utf8ToBytes } from '../../../main/core/bytes.js';
import { curveById, publicKeyOf } from '../../../main/core/math/curves.js';
import { isJointKeyError } from '../../../main/core/errors.js';
import {
  MAX_MESSAGE_BYTES,
  SIGNATURE_ALGOS,
  curveOfAlgo,
  signMessage,
  verifyMessage,
  type SignatureAlgo,
} from '../../../main/core/chains/signing.js';
import { BAD_VALUES } from '../../support/bad-values.js';

const hex = (h: string) => hexToBytesStrict(h, 'test');
const secp = curveById('secp256k1');
const ed = curveById('ed25519');
const N = secp256k1.Point.CURVE().n;
const vectors = (path: string) => readFileSync(new URL(`../../vectors/${path}`, import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------
// OpenSSL (Node's crypto) as the second implementation
// ---------------------------------------------------------------------------------------------

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** A secp256k1 public key object for OpenSSL, from a 33-byte compressed key (JWK x, y). */
function osslSecp256k1(publicKey33: Uint8Array): KeyObject {
  const u = secp256k1.Point.fromBytes(publicKey33).toBytes(false);
  return createPublicKey({
    key: { kty: 'EC', crv: 'secp256k1', x: b64url(u.subarray(1, 33)), y: b64url(u.subarray(33)) },
    format: 'jwk',
  });
}

function osslEd25519(publicKey32: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey32) }, format: 'jwk' });
}

/** DER INTEGER of a 32-byte big-endian unsigned value (minimal, with a 0 byte when the top bit is set). */
function derInteger(b: Uint8Array): number[] {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1]! & 0x80) === 0) i++;
  const v = [...b.subarray(i)];
  if (v[0]! & 0x80) v.unshift(0);
  return [0x02, v.length, ...v];
}

/** An ECDSA signature r ‖ s (64 bytes) as DER SEQUENCE { r INTEGER, s INTEGER } (SEC 1 §C.8). */
function compactToDer(sig: Uint8Array): Buffer {
  const body = [...derInteger(sig.subarray(0, 32)), ...derInteger(sig.subarray(32))];
  return Buffer.from([0x30, body.length, ...body]);
}

/** r ‖ s from DER (Node signs in DER by default). */
function derToCompact(der: Uint8Array): Uint8Array {
  const r = der.subarray(4, 4 + der[3]!);
  const s = der.subarray(6 + r.length, 6 + r.length + der[5 + r.length]!);
  return Uint8Array.of(...numberToBytesBE(bytesToNumberBE(r), 32), ...numberToBytesBE(bytesToNumberBE(s), 32));
}

/** Verifies with OpenSSL: ECDSA-SHA256 over DER, or pure Ed25519. */
function osslVerifies(algo: 'ecdsa-sha256' | 'ed25519', publicKey: Uint8Array, message: Uint8Array, sig: Uint8Array) {
  if (algo === 'ed25519') return osslVerify(null, message, osslEd25519(publicKey), sig);
  return osslVerify('sha256', message, { key: osslSecp256k1(publicKey), dsaEncoding: 'der' }, compactToDer(sig));
}

const sOf = (sig: Uint8Array) => bytesToNumberBE(sig.subarray(32));

// ---------------------------------------------------------------------------------------------
// ECDSA
// ---------------------------------------------------------------------------------------------

describe('ecdsa-sha256', () => {
  const KATS = JSON.parse(vectors('ecdsa-secp256k1/rfc6979.json')) as {
    privateKey: string;
    message: string;
    signature: string;
  }[];
  it(`RFC 6979 known answers (${KATS.length}), each verified by us and by OpenSSL`, () => {
    for (const v of KATS) {
      const key = hex(v.privateKey);
      const message = utf8ToBytes(v.message);
      const sig = signMessage('ecdsa-sha256', key, message);
      expect(bytesToHex(sig)).toBe(v.signature);
      const pub = publicKeyOf(secp, key);
      expect(verifyMessage('ecdsa-sha256', pub, message, sig)).toBe(true);
      expect(osslVerifies('ecdsa-sha256', pub, message, sig)).toBe(true);
    }
  });
  it("OpenSSL's signatures verify here once normalized to low s; the high-s twin is refused (malleable)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), fc.uint8Array({ maxLength: 100 }), (d, message) => {
        const key = numberToBytesBE(d, 32);
        const pub = publicKeyOf(secp, key);
        const jwk = osslSecp256k1(pub).export({ format: 'jwk' });
        const priv = createPrivateKey({ key: { ...jwk, d: b64url(key) }, format: 'jwk' });
        const sig = derToCompact(osslSign('sha256', message, { key: priv, dsaEncoding: 'der' }));
        const s = sOf(sig);
        const low = Uint8Array.of(...sig.subarray(0, 32), ...numberToBytesBE(s > N / 2n ? N - s : s, 32));
        const high = Uint8Array.of(...sig.subarray(0, 32), ...numberToBytesBE(N - sOf(low), 32));
        expect(verifyMessage('ecdsa-sha256', pub, message, low)).toBe(true);
        expect(verifyMessage('ecdsa-sha256', pub, message, high)).toBe(false);
        expect(osslVerifies('ecdsa-sha256', pub, message, high)).toBe(true); // OpenSSL takes either
      }),
      { numRuns: 30 },
    );
  });
  it('is deterministic, and s ≤ n/2 always (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), fc.uint8Array({ maxLength: 200 }), (d, message) => {
        const key = numberToBytesBE(d, 32);
        const sig = signMessage('ecdsa-sha256', key, message);
        expect(sig).toHaveLength(64);
        expect(sOf(sig) <= N / 2n).toBe(true);
        expect(signMessage('ecdsa-sha256', key, message)).toEqual(sig);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Ed25519
// ---------------------------------------------------------------------------------------------

describe('ed25519', () => {
  const RFC = JSON.parse(vectors('ed25519/rfc8032.json')) as {
    name: string;
    secretKey: string;
    publicKey: string;
    message: string;
    signature: string;
  }[];
  it('RFC 8032 §7.1 tests 1–3: exact signatures, verified by us and by OpenSSL', () => {
    expect(RFC.map((v) => v.name)).toEqual(['RFC 8032 §7.1 TEST 1', 'RFC 8032 §7.1 TEST 2', 'RFC 8032 §7.1 TEST 3']);
    for (const v of RFC) {
      const seed = hex(v.secretKey);
      const pub = hex(v.publicKey);
      const message = hex(v.message);
      expect(publicKeyOf(ed, seed)).toEqual(pub);
      const sig = signMessage('ed25519', seed, message);
      expect(bytesToHex(sig)).toBe(v.signature);
      expect(verifyMessage('ed25519', pub, message, sig)).toBe(true);
      expect(osslVerifies('ed25519', pub, message, sig)).toBe(true);
    }
  });
  it("equals OpenSSL's own Ed25519 signature for random seeds and messages", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        (seed, message) => {
          const pub = publicKeyOf(ed, seed);
          const priv = createPrivateKey({
            key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: b64url(pub) },
            format: 'jwk',
          });
          expect(signMessage('ed25519', seed, message)).toEqual(new Uint8Array(osslSign(null, message, priv)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// BIP-340
// ---------------------------------------------------------------------------------------------

describe('bip340 (official test vectors)', () => {
  const rows = vectors('bip340/test-vectors.csv')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [index, secretKey, publicKey, auxRand, message, signature, result, comment] = line.split(',');
      return {
        index: Number(index),
        secretKey,
        publicKey,
        auxRand,
        message,
        signature,
        ok: result === 'TRUE',
        comment,
      };
    });
  it('has the 15 vectors of bitcoin/bips 7e8b5dfc (0–14)', () => {
    expect(rows.map((r) => r.index)).toEqual([...Array(15).keys()]);
  });
  it('signs each vector with a secret key exactly, given its aux_rand', () => {
    const signing = rows.filter((r) => r.secretKey);
    expect(signing).toHaveLength(4);
    for (const r of signing) {
      const key = hex(r.secretKey!);
      const aux = hex(r.auxRand!);
      let calls = 0;
      const sig = signMessage('bip340', key, hex(r.message!), (n) => {
        calls++;
        expect(n).toBe(32);
        return aux;
      });
      expect(calls).toBe(1);
      expect(bytesToHex(sig).toUpperCase(), `vector ${r.index}`).toBe(r.signature);
      const pub = publicKeyOf(secp, key);
      expect(bytesToHex(pub.subarray(1)).toUpperCase()).toBe(r.publicKey);
      // The wallet's compressed key verifies whatever its y parity (03… for vectors 1 and 2).
      expect(verifyMessage('bip340', pub, hex(r.message!), sig)).toBe(true);
    }
  });
  it('verifies every vector to its expected result, through the 33-byte wallet key (02 ‖ x)', () => {
    for (const r of rows) {
      const pub = Uint8Array.of(0x02, ...hex(r.publicKey!));
      expect(verifyMessage('bip340', pub, hex(r.message!), hex(r.signature!)), `vector ${r.index}: ${r.comment}`).toBe(
        r.ok,
      );
      expect(
        verifyMessage('bip340', Uint8Array.of(0x03, ...hex(r.publicKey!)), hex(r.message!), hex(r.signature!)),
      ).toBe(r.ok);
    }
    expect(rows.filter((r) => !r.ok)).toHaveLength(10);
  });
  it('uses fresh randomness by default: two signatures differ, both verify', () => {
    const key = numberToBytesBE(3n, 32);
    const pub = publicKeyOf(secp, key);
    const a = signMessage('bip340', key, utf8ToBytes('hello'));
    const b = signMessage('bip340', key, utf8ToBytes('hello'));
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
    expect(
      verifyMessage('bip340', pub, utf8ToBytes('hello'), a) && verifyMessage('bip340', pub, utf8ToBytes('hello'), b),
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over all algorithms
// ---------------------------------------------------------------------------------------------

const keyFor = (algo: SignatureAlgo) =>
  algo === 'ed25519'
    ? fc.uint8Array({ minLength: 32, maxLength: 32 })
    : fc.bigInt({ min: 1n, max: N - 1n }).map((d) => numberToBytesBE(d, 32));

describe('properties', () => {
  for (const algo of SIGNATURE_ALGOS) {
    const curve = curveById(curveOfAlgo(algo));
    it(`${algo}: sign → verify round-trips for random keys and messages (and OpenSSL agrees)`, () => {
      fc.assert(
        fc.property(keyFor(algo), fc.uint8Array({ maxLength: 300 }), (key, message) => {
          const pub = publicKeyOf(curve, key);
          const sig = signMessage(algo, key, message);
          expect(sig).toHaveLength(64);
          expect(verifyMessage(algo, pub, message, sig)).toBe(true);
          if (algo !== 'bip340') expect(osslVerifies(algo, pub, message, sig)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
    it(`${algo}: one flipped bit in the signature or the message fails, here and in OpenSSL`, () => {
      fc.assert(
        fc.property(
          keyFor(algo),
          fc.uint8Array({ minLength: 1, maxLength: 100 }),
          fc.boolean(),
          fc.nat(),
          (key, message, inSignature, bit) => {
            const pub = publicKeyOf(curve, key);
            const sig = signMessage(algo, key, message);
            const badSig = sig.slice();
            const badMessage = message.slice();
            const target = inSignature ? badSig : badMessage;
            const i = bit % (target.length * 8);
            target[i >> 3]! ^= 1 << (i & 7);
            expect(verifyMessage(algo, pub, badMessage, badSig)).toBe(false);
            if (algo !== 'bip340') expect(osslVerifies(algo, pub, badMessage, badSig)).toBe(false);
          },
        ),
        { numRuns: 100 },
      );
    });
    it(`${algo}: another key's signature does not verify`, () => {
      fc.assert(
        fc.property(keyFor(algo), keyFor(algo), fc.uint8Array({ maxLength: 50 }), (k1, k2, message) => {
          fc.pre(bytesToHex(k1) !== bytesToHex(k2));
          // BIP-340 keys are x-only: k and n − k share a public key, and so a signature (fast-check
          // likes to try 1 and n − 1). Another key means another public key.
          fc.pre(bytesToHex(publicKeyOf(curve, k1)).slice(2) !== bytesToHex(publicKeyOf(curve, k2)).slice(2));
          const sig = signMessage(algo, k1, message);
          expect(verifyMessage(algo, publicKeyOf(curve, k2), message, sig)).toBe(false);
        }),
        { numRuns: 30 },
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Bad inputs
// ---------------------------------------------------------------------------------------------

describe('bad inputs', () => {
  const KEY = numberToBytesBE(7n, 32);
  const PUB = { 'ecdsa-sha256': publicKeyOf(secp, KEY), bip340: publicKeyOf(secp, KEY), ed25519: publicKeyOf(ed, KEY) };
  const MSG = utf8ToBytes('message');

  it('curveOfAlgo maps each algorithm to its curve, and refuses others', () => {
    expect(SIGNATURE_ALGOS.map(curveOfAlgo)).toEqual(['secp256k1', 'secp256k1', 'ed25519']);
    expect(() => curveOfAlgo('ecdsa' as never)).toThrow(RangeError);
    expect(() => curveOfAlgo(1 as never)).toThrow(TypeError);
  });

  it('verifyMessage returns false for malformed signatures, never throws', () => {
    const P = secp256k1.Point.CURVE().p;
    for (const algo of SIGNATURE_ALGOS) {
      const good = signMessage(algo, KEY, MSG);
      const malformed = [
        new Uint8Array(0),
        new Uint8Array(63),
        new Uint8Array(65),
        Uint8Array.of(...good, 0),
        new Uint8Array(64),
        new Uint8Array(64).fill(0xff),
        Uint8Array.of(...good.subarray(0, 32), ...numberToBytesBE(N, 32)), // s = n
        Uint8Array.of(...numberToBytesBE(P, 32), ...good.subarray(32)), // r = p
      ];
      for (const sig of malformed) expect(verifyMessage(algo, PUB[algo], MSG, sig)).toBe(false);
    }
  });
  it('verifyMessage returns false for a right-length key that is not a point', () => {
    const notPoint = Uint8Array.of(0x02, ...numberToBytesBE(5n, 32));
    const sig = signMessage('ecdsa-sha256', KEY, MSG);
    expect(verifyMessage('ecdsa-sha256', notPoint, MSG, sig)).toBe(false);
    expect(verifyMessage('bip340', notPoint, MSG, signMessage('bip340', KEY, MSG))).toBe(false);
    expect(
      verifyMessage('bip340', Uint8Array.of(0x04, ...PUB.bip340.subarray(1)), MSG, signMessage('bip340', KEY, MSG)),
    ).toBe(false);
    expect(verifyMessage('ed25519', new Uint8Array(32).fill(0xff).fill(0x7f, 31), MSG, new Uint8Array(64))).toBe(false);
  });
  it('verifyMessage throws TypeError/RangeError for wrong types and key lengths', () => {
    for (const algo of SIGNATURE_ALGOS)
      for (const [label, v] of BAD_VALUES) {
        const bytes = v instanceof Uint8Array;
        expect(() => verifyMessage(algo, v as Uint8Array, MSG, new Uint8Array(64)), label).toThrow(
          bytes ? RangeError : TypeError,
        );
        if (!bytes) {
          expect(() => verifyMessage(algo, PUB[algo], v as Uint8Array, new Uint8Array(64)), label).toThrow(TypeError);
          expect(() => verifyMessage(algo, PUB[algo], MSG, v as Uint8Array), label).toThrow(TypeError);
          expect(() => verifyMessage(v as never, PUB[algo], MSG, new Uint8Array(64)), label).toThrow(
            typeof v === 'string' ? RangeError : TypeError,
          );
        } else expect(verifyMessage(algo, PUB[algo], MSG, v as Uint8Array)).toBe(false);
      }
    expect(() => verifyMessage('ed25519', PUB.bip340, MSG, new Uint8Array(64))).toThrow(RangeError);
    expect(() => verifyMessage('bip340', PUB.ed25519, MSG, new Uint8Array(64))).toThrow(RangeError);
  });
  it('signMessage: wrong types TypeError, wrong key length RangeError, key 0 or ≥ n INVALID_KEY', () => {
    for (const algo of SIGNATURE_ALGOS) {
      for (const [label, v] of BAD_VALUES) {
        const bytes = v instanceof Uint8Array;
        expect(() => signMessage(algo, v as Uint8Array, MSG), label).toThrow(bytes ? RangeError : TypeError);
        if (!bytes) expect(() => signMessage(algo, KEY, v as Uint8Array), label).toThrow(TypeError);
        if (label === 'huge bytes') expect(() => signMessage(algo, KEY, v as Uint8Array), label).toThrow(RangeError);
        if (v !== undefined && typeof v !== 'function')
          expect(() => signMessage(algo, KEY, MSG, v as never), label).toThrow(TypeError);
      }
      if (algo !== 'ed25519')
        for (const d of [0n, N, 2n ** 256n - 1n]) {
          let err: unknown;
          try {
            signMessage(algo, numberToBytesBE(d, 32), MSG);
          } catch (e) {
            err = e;
          }
          expect(isJointKeyError(err) && err.code === 'INVALID_KEY').toBe(true);
        }
    }
    expect(() => signMessage('bip340', KEY, MSG, () => new Uint8Array(31))).toThrow(TypeError);
    expect(signMessage('ed25519', new Uint8Array(32).fill(0xff), MSG)).toHaveLength(64); // any seed
  });
  it('signs messages up to 16 MiB (1 MiB here), refuses longer with RangeError before hashing', () => {
    const big = new Uint8Array(1024 * 1024).fill(1);
    const tooLong = new Uint8Array(MAX_MESSAGE_BYTES + 1);
    for (const algo of SIGNATURE_ALGOS) {
      expect(verifyMessage(algo, PUB[algo], big, signMessage(algo, KEY, big))).toBe(true);
      const start = performance.now();
      expect(() => signMessage(algo, KEY, tooLong)).toThrow(RangeError);
      expect(() => verifyMessage(algo, PUB[algo], tooLong, new Uint8Array(64))).toThrow(RangeError);
      expect(performance.now() - start).toBeLessThan(50);
    }
  });
});
