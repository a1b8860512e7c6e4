/**
 * Wallet addresses against published known answers, and against a second implementation:
 * - Ethereum: private key 1 (the generator) → 0x7E5F…5Bdf; every address also equals ethers'
 *   `computeAddress` (EIP-55) for random keys;
 * - Bitcoin: BIP-84's and BIP-86's test vectors for "abandon … about" (account key, receive 0 and 1,
 *   change 0), BIP-173's P2WPKH example for the generator on mainnet and testnet; for random keys the
 *   witness programs are recomputed here (HASH160, and the BIP-341 TapTweak with noble's points);
 * - Ed25519 / Solana: @solana/web3.js's keypair test (seed of 32 × 0x08 →
 *   2KW2XRd9kwqet15Aha2oK3tYvd3nWbTFH1MBiRAv1BE1, solana-labs/solana-web3.js test/keypair.test.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58, bech32, bech32m } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { computeAddress } from 'ethers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressesOf,
  bitcoinP2trAddress,
  bitcoinP2wpkhAddress,
  ed25519PublicKeyBase58,
  ethereumAddress,
} from '../../../main/core/chains/addresses.js';
import { bytesToHex, hexToBytesStrict } from '../../../main/core/bytes.js';
import { curveById, publicKeyOf } from '../../../main/core/math/curves.js';
import { isJointKeyError } from '../../../main/core/errors.js';
import { importMnemonic } from '../../../main/core/chains/key-sources.js';
import { BAD_VALUES } from '../../support/bad-values.js';

const hex = (h: string) => hexToBytesStrict(h, 'test');
const secp = curveById('secp256k1');
const ed = curveById('ed25519');
const N = secp256k1.Point.CURVE().n;
const G = publicKeyOf(secp, numberToBytesBE(1n, 32));
const ABANDON = `${'abandon '.repeat(11)}about`;
const pubAt = (path: string) => publicKeyOf(secp, importMnemonic(ABANDON, path));

describe('Ethereum', () => {
  it('private key 1 (the generator point) → 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', () => {
    expect(bytesToHex(G)).toBe('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    expect(ethereumAddress(G)).toBe('0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
  });
  it('key 2 → 0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF; the Hardhat account 0 key → 0xf39F…', () => {
    expect(ethereumAddress(publicKeyOf(secp, numberToBytesBE(2n, 32)))).toBe(
      '0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF',
    );
    const hardhat = hex('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    expect(ethereumAddress(publicKeyOf(secp, hardhat))).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });
  it("equals ethers' computeAddress (EIP-55) for random keys", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), (d) => {
        const pub = publicKeyOf(secp, numberToBytesBE(d, 32));
        expect(ethereumAddress(pub)).toBe(computeAddress(`0x${bytesToHex(pub)}`));
      }),
      { numRuns: 100 },
    );
  });
});

describe('Bitcoin P2WPKH (BIP-84) and P2TR (BIP-86)', () => {
  it("BIP-84: account zpub and the first addresses of 'abandon … about'", () => {
    const seedKey = HDKey.fromMasterSeed(
      hex(
        // BIP-39 seed of "abandon … about" with no passphrase (BIP-84's rootpriv comes from it)
        '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4',
      ),
      { private: 0x04b2430c, public: 0x04b24746 },
    );
    expect(seedKey.derive("m/84'/0'/0'").publicExtendedKey).toBe(
      'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs',
    );
    expect(bitcoinP2wpkhAddress(pubAt("m/84'/0'/0'/0/0"))).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(bitcoinP2wpkhAddress(pubAt("m/84'/0'/0'/0/1"))).toBe('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
    expect(bitcoinP2wpkhAddress(pubAt("m/84'/0'/0'/1/0"))).toBe('bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el');
  });
  it("BIP-86: internal key, output key and address of m/86'/0'/0'/0/0, then receive 1 and change 0", () => {
    const pub = pubAt("m/86'/0'/0'/0/0");
    expect(bytesToHex(pub.subarray(1))).toBe('cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115');
    const address = bitcoinP2trAddress(pub);
    expect(address).toBe('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr');
    expect(bytesToHex(witnessProgram(address, 1))).toBe(
      'a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c',
    );
    expect(bitcoinP2trAddress(pubAt("m/86'/0'/0'/0/1"))).toBe(
      'bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh',
    );
    expect(bitcoinP2trAddress(pubAt("m/86'/0'/0'/1/0"))).toBe(
      'bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7',
    );
  });
  it('BIP-173: the generator as P2WPKH on mainnet and testnet', () => {
    expect(bitcoinP2wpkhAddress(G)).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    expect(bitcoinP2wpkhAddress(G, 'testnet')).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
  });
  it('for random keys: the P2WPKH program is HASH160(key), the P2TR program the BIP-341 tweaked x', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 1n }), fc.constantFrom('mainnet', 'testnet'), (d, network) => {
        const pub = publicKeyOf(secp, numberToBytesBE(d, 32));
        const wpkh = bitcoinP2wpkhAddress(pub, network);
        const tr = bitcoinP2trAddress(pub, network);
        const hrp = network === 'mainnet' ? 'bc' : 'tb';
        expect(wpkh.startsWith(`${hrp}1q`) && tr.startsWith(`${hrp}1p`)).toBe(true);
        expect(witnessProgram(wpkh, 0)).toEqual(ripemd160(sha256(pub)));
        expect(witnessProgram(tr, 1)).toEqual(taprootOutputKey(pub.subarray(1)));
      }),
      { numRuns: 50 },
    );
  });
});

/** The witness program of a segwit address of the given version (bech32 for v0, bech32m for v1). */
function witnessProgram(address: string, version: 0 | 1): Uint8Array {
  const { words } = (version === 0 ? bech32 : bech32m).decode(address as `${string}1${string}`);
  expect(words[0]).toBe(version);
  return (version === 0 ? bech32 : bech32m).fromWords(words.slice(1));
}

/** BIP-341 with no script tree (BIP-86): x(P + int(hash_TapTweak(x(P)))·G), P the even-y lift of x. */
function taprootOutputKey(x: Uint8Array): Uint8Array {
  const P = secp256k1.Point.fromBytes(Uint8Array.of(0x02, ...x));
  const t = bytesToNumberBE(schnorr.utils.taggedHash('TapTweak', x));
  return P.add(secp256k1.Point.BASE.multiply(t)).toBytes(true).subarray(1);
}

describe('Ed25519 / Solana base58', () => {
  it('@solana/web3.js keypair test: seed 32 × 0x08 → 2KW2XRd9kwqet15Aha2oK3tYvd3nWbTFH1MBiRAv1BE1', () => {
    const pub = publicKeyOf(ed, new Uint8Array(32).fill(8));
    expect(ed25519PublicKeyBase58(pub)).toBe('2KW2XRd9kwqet15Aha2oK3tYvd3nWbTFH1MBiRAv1BE1');
  });
  it('RFC 8032 test 1 public key, and random keys, round-trip through base58', () => {
    const rfc = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(base58.decode(ed25519PublicKeyBase58(rfc))).toEqual(rfc);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        const pub = ed25519.getPublicKey(seed);
        const text = ed25519PublicKeyBase58(pub);
        expect(text).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
        expect(base58.decode(text)).toEqual(pub);
      }),
      { numRuns: 50 },
    );
  });
});

describe('addressesOf', () => {
  it('secp256k1: Ethereum, P2WPKH and P2TR; ed25519: base58', () => {
    expect(addressesOf('secp256k1', G)).toEqual({
      ethereum: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf',
      bitcoinP2wpkh: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      bitcoinP2tr: bitcoinP2trAddress(G),
    });
    expect(addressesOf('secp256k1', G, 'testnet').bitcoinP2wpkh).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
    expect(addressesOf('ed25519', publicKeyOf(ed, new Uint8Array(32).fill(8)))).toEqual({
      base58: '2KW2XRd9kwqet15Aha2oK3tYvd3nWbTFH1MBiRAv1BE1',
    });
  });
});

describe('bad inputs', () => {
  const P = secp256k1.Point.CURVE().p;
  it('a 33-byte value that is not a compressed point is INVALID_KEY, for every secp256k1 address', () => {
    const notPoints = [
      Uint8Array.of(0x02, ...numberToBytesBE(P, 32)), // x = p
      Uint8Array.of(0x04, ...G.subarray(1)), // wrong prefix
      Uint8Array.of(0x00, ...new Uint8Array(32)),
      Uint8Array.of(0x02, ...numberToBytesBE(5n, 32)), // x = 5: 125 + 7 is not a square mod p
    ];
    expect(() => secp256k1.Point.fromBytes(notPoints[3]!)).toThrow();
    for (const f of [
      ethereumAddress,
      bitcoinP2wpkhAddress,
      bitcoinP2trAddress,
      (k: Uint8Array) => addressesOf('secp256k1', k),
    ])
      for (const k of notPoints) {
        let err: unknown;
        try {
          f(k);
        } catch (e) {
          err = e;
        }
        expect(isJointKeyError(err) && err.code === 'INVALID_KEY').toBe(true);
      }
  });
  it('a 32-byte value that is not an Ed25519 point is INVALID_KEY (strict: y ≥ p refused)', () => {
    const yIsP = numberToBytesBE(2n ** 255n - 19n, 32).reverse();
    for (const k of [yIsP, new Uint8Array(32).fill(0xff).fill(0x7f, 31)]) {
      let err: unknown;
      try {
        ed25519PublicKeyBase58(k);
      } catch (e) {
        err = e;
      }
      expect(isJointKeyError(err) && err.code === 'INVALID_KEY').toBe(true);
    }
  });
  it('wrong types are TypeError, wrong lengths RangeError, unknown curves and networks Type/RangeError', () => {
    for (const [label, v] of BAD_VALUES) {
      const expected = v instanceof Uint8Array ? RangeError : TypeError;
      for (const f of [ethereumAddress, bitcoinP2wpkhAddress, bitcoinP2trAddress])
        expect(() => f(v as Uint8Array), label).toThrow(expected);
      expect(() => ed25519PublicKeyBase58(v as Uint8Array), label).toThrow(expected);
      expect(() => addressesOf('secp256k1', v as Uint8Array), label).toThrow(expected);
      expect(() => addressesOf('ed25519', v as Uint8Array), label).toThrow(expected);
      if (v !== undefined) {
        const networkError = typeof v === 'string' ? RangeError : TypeError;
        expect(() => bitcoinP2wpkhAddress(G, v as never), label).toThrow(networkError);
        expect(() => bitcoinP2trAddress(G, v as never), label).toThrow(networkError);
        expect(() => addressesOf('secp256k1', G, v as never), label).toThrow(networkError);
        expect(() => addressesOf(v as never, G), label).toThrow(typeof v === 'string' ? RangeError : TypeError);
      }
    }
    expect(() => ethereumAddress(publicKeyOf(ed, new Uint8Array(32)))).toThrow(RangeError);
    expect(() => bitcoinP2wpkhAddress(G, 'regtest' as never)).toThrow(RangeError);
    expect(() => addressesOf('ed25519', G)).toThrow(RangeError);
  });
});
