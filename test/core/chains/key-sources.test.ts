/**
 * Key sources: a generated key, and the imports of existing keys (hex, Bitcoin WIF, Ethereum v3
 * keystore, BIP-39 phrase + BIP-32 path), against published known answers:
 * - WIF: the Bitcoin wiki's "Wallet import format" example (uncompressed and compressed);
 * - keystore: the Web3 Secret Storage Definition's test vectors (test/vectors/keystore, copied from
 *   go-ethereum), plus keystores written by ethers itself;
 * - BIP-39/BIP-32: the Hardhat/Foundry default account ("test … junk", m/44'/60'/0'/0/0) and the
 *   trezor/python-mnemonic vector ("abandon … about", passphrase "TREZOR": its master key).
 */
import { readFileSync } from 'node:fs';
import { numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { encryptKeystoreJsonSync, scryptSync, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { ethereumAddress } from '../../../main/core/chains/addresses.js';
import { bytesToHex, hexToBytesStrict } from '../../../main/core/bytes.js';
import { curveById, publicKeyOf } from '../../../main/core/math/curves.js';
import { isJointKeyError, type ErrorCode } from '../../../main/core/errors.js';
import { generatePrivateKey, importHexKey, importMnemonic, importWif } from '../../../main/core/chains/key-sources.js';
import { KEYSTORE_LIMITS, importKeystore } from '../../../main/core/chains/keystore.js';
import { primeFieldById } from '../../../main/core/math/prime-fields.js';
import { BAD_VALUES } from '../../support/bad-values.js';

const hex = (h: string) => hexToBytesStrict(h, 'test');
const N = primeFieldById('secp256k1-n').p;
const L = primeFieldById('ed25519-l').p;
const secp = curveById('secp256k1');
const b58check = createBase58check(sha256);

/** Runs `f`, expects a JointKeyError with `code`; returns its message (checked free of `secrets`). */
function refused(f: () => unknown, code: ErrorCode, secrets: string[] = []): string {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(isJointKeyError(err), `expected JointKeyError ${code}, got ${String(err)}`).toBe(true);
  const e = err as { code: string; message: string };
  expect(e.code).toBe(code);
  for (const s of secrets) if (s.length >= 8) expect(e.message.toLowerCase()).not.toContain(s.toLowerCase());
  return e.message;
}

// ---------------------------------------------------------------------------------------------
// Generated keys
// ---------------------------------------------------------------------------------------------

describe('generatePrivateKey', () => {
  it('rejects 0…0 and ff…ff from the rng and returns the next good key (secp256k1)', () => {
    const good = hex('0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d');
    const draws = [new Uint8Array(32), new Uint8Array(32).fill(0xff), good.slice()];
    let calls = 0;
    const key = generatePrivateKey('secp256k1', (n) => {
      expect(n).toBe(32);
      return draws[calls++]!;
    });
    expect(calls).toBe(3);
    expect(key).toEqual(good);
    expect(draws[0]).toEqual(new Uint8Array(32));
    expect(draws[1]).toEqual(new Uint8Array(32)); // the refused draw was wiped
  });
  it('ed25519: refuses a seed ≥ L (little-endian) and keeps the next', () => {
    const good = numberToBytesBE(L - 1n, 32).reverse();
    const draws = [new Uint8Array(32), new Uint8Array(32).fill(0xff), numberToBytesBE(L, 32).reverse(), good];
    let calls = 0;
    expect(generatePrivateKey('ed25519', () => draws[calls++]!)).toEqual(good);
    expect(calls).toBe(4);
  });
  it('returns different keys from the platform rng', () => {
    const a = generatePrivateKey('secp256k1');
    const b = generatePrivateKey('secp256k1');
    expect(a).toHaveLength(32);
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
  });
});

// ---------------------------------------------------------------------------------------------
// Hex
// ---------------------------------------------------------------------------------------------

describe('importHexKey', () => {
  const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
  it('reads 64 hex digits, with or without 0x, any case, surrounding whitespace ignored', () => {
    for (const text of [KEY, `0x${KEY}`, `0X${KEY.toUpperCase()}`, `  ${KEY}\n`])
      expect(bytesToHex(importHexKey('secp256k1', text))).toBe(KEY);
    expect(importHexKey('secp256k1', numHex(1n))).toEqual(numberToBytesBE(1n, 32));
    expect(importHexKey('secp256k1', numHex(N - 1n))).toEqual(numberToBytesBE(N - 1n, 32));
  });
  it('ed25519: any 32-byte seed (RFC 8032 test 1, ff…ff)', () => {
    const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    expect(bytesToHex(importHexKey('ed25519', seed))).toBe(seed);
    expect(importHexKey('ed25519', 'ff'.repeat(32))).toEqual(new Uint8Array(32).fill(0xff));
  });
  it('refuses 0, n, n + 1 and ff…ff on secp256k1, saying the range and what to check', () => {
    for (const d of [0n, N, N + 1n, 2n ** 256n - 1n]) {
      const message = refused(() => importHexKey('secp256k1', numHex(d)), 'INVALID_KEY', [numHex(d).slice(8, 24)]);
      expect(message).toMatch(/number from 1 to n − 1/);
      expect(message).toMatch(/Check/);
    }
  });
  it('refuses 31 and 33 bytes, odd lengths and non-hex text', () => {
    expect(refused(() => importHexKey('secp256k1', '11'.repeat(31)), 'INVALID_KEY')).toMatch(/64 hex digits.*has 62/);
    expect(refused(() => importHexKey('ed25519', '11'.repeat(33)), 'INVALID_KEY')).toMatch(/has 66/);
    refused(() => importHexKey('secp256k1', '1'.repeat(63)), 'INVALID_KEY');
    refused(() => importHexKey('secp256k1', ''), 'INVALID_KEY');
    expect(refused(() => importHexKey('secp256k1', `${'g'}${KEY.slice(1)}`), 'INVALID_KEY')).toMatch(/0–9/);
    refused(() => importHexKey('secp256k1', `${KEY.slice(0, 32)} ${KEY.slice(32)}`), 'INVALID_KEY');
  });
});

const numHex = (d: bigint) => d.toString(16).padStart(64, '0');

// ---------------------------------------------------------------------------------------------
// WIF
// ---------------------------------------------------------------------------------------------

describe('importWif (Bitcoin wiki "Wallet import format")', () => {
  const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
  const UNCOMPRESSED = '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ';
  const COMPRESSED = 'KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617';
  it('reads the uncompressed and the compressed form of the wiki example', () => {
    const u = importWif(UNCOMPRESSED);
    expect(bytesToHex(u.privateKey)).toBe(KEY);
    expect(u).toMatchObject({ compressed: false, network: 'mainnet' });
    const c = importWif(` ${COMPRESSED}\n`);
    expect(bytesToHex(c.privateKey)).toBe(KEY);
    expect(c).toMatchObject({ compressed: true, network: 'mainnet' });
  });
  it('reads testnet WIF (version 0xef)', () => {
    const k = hex(KEY);
    const wif = b58check.encode(Uint8Array.of(0xef, ...k, 0x01));
    expect(wif[0]).toBe('c');
    expect(importWif(wif)).toEqual({ privateKey: k, compressed: true, network: 'testnet' });
    const u = importWif(b58check.encode(Uint8Array.of(0xef, ...k)));
    expect(u).toMatchObject({ compressed: false, network: 'testnet' });
  });
  it('refuses a mistyped WIF: "a character is wrong; copy it again", without the key', () => {
    // Change each position in turn to another base58 character: every one must be caught.
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    for (let i = 0; i < COMPRESSED.length; i++) {
      const c = COMPRESSED[i]!;
      const other = alphabet[(alphabet.indexOf(c) + 1 + (i % 50)) % alphabet.length]!;
      const typo = COMPRESSED.slice(0, i) + other + COMPRESSED.slice(i + 1);
      const message = refused(() => importWif(typo), 'INVALID_KEY', [typo, COMPRESSED, KEY]);
      if (i > 0) expect(message).toMatch(/character is wrong|not a WIF/);
    }
    const swapped = COMPRESSED.slice(0, 10) + COMPRESSED[11] + COMPRESSED[10] + COMPRESSED.slice(12);
    expect(refused(() => importWif(swapped), 'INVALID_KEY', [KEY])).toMatch(/checksum does not match.*Copy it again/);
    expect(refused(() => importWif(COMPRESSED.slice(0, -1)), 'INVALID_KEY', [KEY])).toMatch(/character is wrong/);
  });
  it('refuses characters outside base58, and text of the wrong length', () => {
    expect(refused(() => importWif(`0${COMPRESSED.slice(1)}`), 'INVALID_KEY')).toMatch(/0 \(zero\), O/);
    expect(refused(() => importWif(''), 'INVALID_KEY')).toMatch(/51 or 52 characters/);
    refused(() => importWif('K'.repeat(101)), 'INVALID_KEY');
  });
  it('refuses valid base58check that is not a WIF key: an address, a wrong suffix, key 0 or n', () => {
    expect(refused(() => importWif('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'), 'INVALID_KEY')).toMatch(/not a WIF/);
    refused(() => importWif(b58check.encode(Uint8Array.of(0x80, ...hex(KEY), 0x02))), 'INVALID_KEY');
    refused(() => importWif(b58check.encode(Uint8Array.of(0x80, ...hex(KEY), 0x01, 0x01))), 'INVALID_KEY');
    for (const d of [0n, N])
      expect(
        refused(() => importWif(b58check.encode(Uint8Array.of(0x80, ...numberToBytesBE(d, 32), 0x01))), 'INVALID_KEY'),
      ).toMatch(/from 1 to n − 1/);
  });
});

// ---------------------------------------------------------------------------------------------
// Ethereum keystores
// ---------------------------------------------------------------------------------------------

interface KeystoreVector {
  json: Record<string, unknown>;
  password: string;
  priv: string;
}
/** go-ethereum's copy of the Web3 Secret Storage Definition test vectors (see the README). */
const KEYSTORES = JSON.parse(
  readFileSync(new URL('../../vectors/keystore/v3_test_vector.json', import.meta.url), 'utf8'),
) as Record<string, KeystoreVector>;
const PBKDF2 = KEYSTORES['wikipage_test_vector_pbkdf2']!;
const SCRYPT = KEYSTORES['wikipage_test_vector_scrypt']!;
/** A deep copy of a vector's keystore, changed by `edit`. */
function edited(v: KeystoreVector, edit: (ks: any) => void): string {
  const ks = structuredClone(v.json) as any;
  edit(ks);
  return JSON.stringify(ks);
}

describe('importKeystore (Web3 Secret Storage Definition v3)', () => {
  it('opens the published PBKDF2 vector', () => {
    expect(bytesToHex(importKeystore(JSON.stringify(PBKDF2.json), PBKDF2.password))).toBe(PBKDF2.priv);
  });
  it('opens the published scrypt vector (n = 2^18, r = 1, p = 8)', () => {
    expect(SCRYPT.priv).toBe('7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
    expect(bytesToHex(importKeystore(JSON.stringify(SCRYPT.json), SCRYPT.password))).toBe(SCRYPT.priv);
    // ethers' own scrypt (bundled @noble/hashes 1.3, which refuses N ≥ 2^(16·r)) is back in place after.
    expect(() => scryptSync(new Uint8Array(1), new Uint8Array(1), 2 ** 16, 1, 1, 32)).toThrow(/N must be/);
  });
  it('refuses a wrong password with WRONG_PASSPHRASE (PBKDF2 and scrypt)', () => {
    for (const password of ['testpasswore', 'Testpassword', ''])
      expect(refused(() => importKeystore(JSON.stringify(PBKDF2.json), password), 'WRONG_PASSPHRASE')).toMatch(
        /password does not open/,
      );
    const light = lightKeystore('correct horse');
    refused(() => importKeystore(light.json, 'wrong horse'), 'WRONG_PASSPHRASE');
    expect(bytesToHex(importKeystore(light.json, 'correct horse'))).toBe(light.priv);
  });
  it('opens keystores ethers writes (scrypt, with address, "Crypto" capitalized as geth writes it)', () => {
    const { json, priv } = lightKeystore('pw');
    const ks = JSON.parse(json);
    expect(ks.address).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(ks)).toContain('Crypto');
    expect(bytesToHex(importKeystore(json, 'pw'))).toBe(priv);
    const capitalized = edited(PBKDF2, (k) => {
      k.Crypto = k.crypto;
      delete k.crypto;
    });
    expect(bytesToHex(importKeystore(capitalized, PBKDF2.password))).toBe(PBKDF2.priv);
  });
  it('refuses a file whose address does not match its key, as altered', () => {
    const { json } = lightKeystore('pw');
    const ks = JSON.parse(json);
    ks.address = '7e5f4552091a69125d5dfcb7b8c2659029395bdf';
    expect(refused(() => importKeystore(JSON.stringify(ks), 'pw'), 'INVALID_KEY')).toMatch(/altered or damaged/);
  });
  it("refuses old geth's 31- and 30-byte keys with a message", () => {
    for (const name of ['31_byte_key', '30_byte_key']) {
      const v = KEYSTORES[name]!;
      expect(refused(() => importKeystore(JSON.stringify(v.json), v.password), 'INVALID_KEY', [v.priv])).toMatch(
        /byte key.*leading zero/,
      );
    }
  });
  it('refuses malformed and unsupported files, naming what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      ['[]', /version/],
      [edited(PBKDF2, (k) => (k.version = 2)), /version/],
      [edited(PBKDF2, (k) => delete k.crypto), /no "crypto"/],
      [edited(PBKDF2, (k) => (k.crypto.cipher = 'aes-128-cbc')), /aes-128-ctr/],
      [edited(PBKDF2, (k) => (k.crypto.cipherparams.iv = '00')), /iv/],
      [edited(PBKDF2, (k) => (k.crypto.ciphertext = 'zz')), /ciphertext/],
      [edited(PBKDF2, (k) => (k.crypto.mac = '')), /mac/],
      [edited(PBKDF2, (k) => (k.crypto.kdf = 'argon2id')), /neither scrypt nor pbkdf2/],
      [edited(PBKDF2, (k) => (k.crypto.kdfparams.prf = 'hmac-md5')), /prf/],
      [edited(PBKDF2, (k) => (k.crypto.kdfparams.dklen = 16)), /dklen/],
      [edited(PBKDF2, (k) => (k.crypto.kdfparams.c = -1)), /iteration count/],
      [edited(PBKDF2, (k) => delete k.crypto.kdfparams.salt), /salt/],
      [edited(SCRYPT, (k) => (k.crypto.kdfparams.n = 3)), /power of 2/],
      [edited(SCRYPT, (k) => (k.crypto.kdfparams.p = 0)), /n, r, p/],
      ['x'.repeat(KEYSTORE_LIMITS.maxJsonChars + 1), /characters long/],
    ];
    for (const [json, pattern] of cases)
      expect(refused(() => importKeystore(json, 'testpassword'), 'INVALID_KEY')).toMatch(pattern);
  });
  it('refuses a KDF cost beyond the bounds quickly, before any work', () => {
    const costly = [
      edited(SCRYPT, (k) => Object.assign(k.crypto.kdfparams, { n: 2 ** 20, r: 8, p: 1 })), // 1 GiB
      edited(SCRYPT, (k) => Object.assign(k.crypto.kdfparams, { n: 2 ** 18, r: 8, p: 4 })), // work 2^23
      edited(SCRYPT, (k) => Object.assign(k.crypto.kdfparams, { n: 2, r: 1, p: 2 ** 20 })), // 128 MiB of blocks
      edited(SCRYPT, (k) => Object.assign(k.crypto.kdfparams, { n: 2 ** 40, r: 1, p: 1 })),
      edited(PBKDF2, (k) => (k.crypto.kdfparams.c = 2 ** 22 + 1)),
      edited(PBKDF2, (k) => (k.crypto.kdfparams.c = '1000000000')),
    ];
    for (const json of costly) {
      const start = performance.now();
      expect(refused(() => importKeystore(json, 'testpassword'), 'INVALID_KEY')).toMatch(
        /beyond what JointKey accepts/,
      );
      expect(performance.now() - start).toBeLessThan(50);
    }
  });
  it('throws TypeError for non-string arguments', () => {
    expect(() => importKeystore(PBKDF2.json as never, 'x')).toThrow(TypeError);
    expect(() => importKeystore(JSON.stringify(PBKDF2.json), undefined as never)).toThrow(TypeError);
  });
});

/** A keystore ethers writes with cheap scrypt (n = 2^10), for a known key. */
function lightKeystore(password: string): { json: string; priv: string } {
  const priv = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
  const address = new Wallet(`0x${priv}`).address;
  const json = encryptKeystoreJsonSync({ address, privateKey: `0x${priv}` }, password, { scrypt: { N: 1024 } });
  return { json, priv };
}

// ---------------------------------------------------------------------------------------------
// BIP-39 / BIP-32
// ---------------------------------------------------------------------------------------------

const HARDHAT = 'test test test test test test test test test test test junk';
const ABANDON = `${'abandon '.repeat(11)}about`;

describe('importMnemonic (BIP-39 English + BIP-32)', () => {
  it("Hardhat/Foundry default account 0: m/44'/60'/0'/0/0 → 0xf39F…2266", () => {
    const key = importMnemonic(HARDHAT, "m/44'/60'/0'/0/0");
    expect(bytesToHex(key)).toBe('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    expect(ethereumAddress(publicKeyOf(secp, key))).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    // Account 1 of the same phrase is Hardhat's second default account.
    expect(ethereumAddress(publicKeyOf(secp, importMnemonic(HARDHAT, "m/44'/60'/0'/0/1")))).toBe(
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    );
  });
  it('accepts h/H for hardened steps, and ignores case and extra whitespace in the phrase', () => {
    const want = importMnemonic(HARDHAT, "m/44'/60'/0'/0/0");
    expect(importMnemonic(HARDHAT, 'm/44h/60H/0h/0/0')).toEqual(want);
    expect(importMnemonic(`  ${HARDHAT.toUpperCase().replace(/ /g, ' \t\n ')}  `, "m/44'/60'/0'/0/0")).toEqual(want);
  });
  it('trezor vector: "abandon … about" with passphrase TREZOR gives its master key (path m)', () => {
    const xprv =
      'xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF';
    const master = HDKey.fromExtendedKey(xprv).privateKey!;
    expect(importMnemonic(ABANDON, 'm', 'TREZOR')).toEqual(master);
    expect(importMnemonic(ABANDON, 'm')).not.toEqual(master); // the passphrase matters
  });
  it('refuses a wrong checksum word with what to check, never echoing the words', () => {
    const bad = `${'abandon '.repeat(11)}abandon`;
    const message = refused(() => importMnemonic(bad, "m/44'/60'/0'/0/0"), 'INVALID_MNEMONIC', ['abandon abandon']);
    expect(message).toMatch(/checksum does not match.*one is wrong or two are swapped/);
    refused(() => importMnemonic(HARDHAT.replace(/junk$/, 'test'), "m/44'/60'/0'/0/0"), 'INVALID_MNEMONIC');
  });
  it('refuses an unknown word by position, and a wrong word count', () => {
    const typo = `${'abandon '.repeat(4)}abandn ${'abandon '.repeat(6)}about`;
    const message = refused(() => importMnemonic(typo, 'm'), 'INVALID_MNEMONIC', ['abandn']);
    expect(message).toMatch(/Word 5 is not on the BIP-39 English word list/);
    expect(refused(() => importMnemonic(HARDHAT.replace(/ junk$/, ''), 'm'), 'INVALID_MNEMONIC')).toMatch(/has 11/);
    expect(refused(() => importMnemonic('', 'm'), 'INVALID_MNEMONIC')).toMatch(/has 0/);
    refused(() => importMnemonic(`${HARDHAT} test`, 'm'), 'INVALID_MNEMONIC');
  });
  it('refuses malformed paths with INVALID_ARGUMENT and an example', () => {
    const bad = [
      "44'/60'/0'/0/0",
      'm/',
      'm//0',
      'm/0/',
      'm/-1',
      'm/2147483648',
      "m/2147483648'",
      "m/0''",
      'm/0x10',
      'm/1.5',
      'n/0',
      '',
      `m${'/0'.repeat(256)}`,
    ];
    for (const path of bad)
      expect(refused(() => importMnemonic(HARDHAT, path), 'INVALID_ARGUMENT')).toMatch(/m\/44'\/60'\/0'\/0\/0/);
    expect(importMnemonic(HARDHAT, "m/2147483647'/2147483647")).toHaveLength(32);
    expect(importMnemonic(HARDHAT, `m${'/0'.repeat(255)}`)).toHaveLength(32);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad inputs
// ---------------------------------------------------------------------------------------------

describe('bad inputs', () => {
  const nonStrings = BAD_VALUES.filter(([, v]) => typeof v !== 'string');
  it('every import throws TypeError for a non-string in any text position', () => {
    const calls: ((v: unknown) => unknown)[] = [
      (v) => importHexKey('secp256k1', v as string),
      (v) => importWif(v as string),
      (v) => importKeystore(v as string, 'x'),
      (v) => importKeystore('{}', v as string),
      (v) => importMnemonic(v as string, 'm'),
      (v) => importMnemonic(HARDHAT, v as string),
    ];
    for (const call of calls)
      for (const [label, value] of nonStrings) expect(() => call(value), label).toThrow(TypeError);
    for (const [label, value] of nonStrings.filter(([l]) => l !== 'undefined'))
      expect(() => importMnemonic(HARDHAT, 'm', value as string), label).toThrow(TypeError);
  });
  it('importHexKey refuses an unknown curve with TypeError/RangeError', () => {
    expect(() => importHexKey('p256' as never, '11'.repeat(32))).toThrow(RangeError);
    expect(() => importHexKey(undefined as never, '11'.repeat(32))).toThrow(TypeError);
  });
  it("the empty and one-letter strings are a person's mistake: JointKeyError", () => {
    for (const s of ['', 'x']) {
      refused(() => importHexKey('ed25519', s), 'INVALID_KEY');
      refused(() => importWif(s), 'INVALID_KEY');
      refused(() => importKeystore(s, 'pw'), 'INVALID_KEY');
      refused(() => importMnemonic(s, 'm'), 'INVALID_MNEMONIC');
      refused(() => importMnemonic(HARDHAT, s), 'INVALID_ARGUMENT');
    }
  });
});
