import { createPublicKey, verify as osslVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { encryptKeystoreJsonSync } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jointkey } from '../../support/cli.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `w${n++}`);

// Public test keys: Hardhat's first development account and the Bitcoin wiki's WIF example.
const HARDHAT_KEY = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const HARDHAT_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const WIF = '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ';
const WIF_KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const split = ['--scheme', 'shamir', '--parties', '3', '--threshold', '2', '--plaintext'];

describe('importing an existing key, then splitting it', () => {
  it('imports hex, WIF, an Ethereum keystore and a BIP-39 phrase, and leaves each source untouched', () => {
    const keystore = join(dir, 'keystore.json');
    const json = encryptKeystoreJsonSync(
      { address: HARDHAT_ADDRESS, privateKey: `0x${HARDHAT_KEY}` },
      'keystore password',
      { scrypt: { N: 1024 } },
    );
    writeFileSync(keystore, json);
    const password = join(dir, 'password.txt');
    writeFileSync(password, 'keystore password\n');
    const phrase = join(dir, 'phrase.txt');
    writeFileSync(phrase, 'test test test test test test test test test test test junk\n');
    const sources: [string[], string][] = [
      [['--hex', `0x${HARDHAT_KEY}`], HARDHAT_KEY],
      [['--wif', WIF], WIF_KEY],
      [['--keystore', keystore, '--keystore-password-file', password], HARDHAT_KEY],
      [['--mnemonic-file', phrase, '--path', "m/44'/60'/0'/0/0"], HARDHAT_KEY],
    ];
    for (const [source, key] of sources) {
      const out = fresh();
      const r = jointkey(['wallet', 'import-key', ...source, ...split, '--out', out, '--data-dir', join(dir, 'data')]);
      expect(r.error, source[0]).toBeUndefined();
      expect(r.json.publicKey).toBe(Buffer.from(secp256k1.getPublicKey(Buffer.from(key, 'hex'), true)).toString('hex'));
      expect(r.stdout).not.toContain(key);
      expect(jointkey(['restore', r.json.files[0], r.json.files[2]]).json).toEqual({ secretHex: key });
      if (key === HARDHAT_KEY) expect(r.json.addresses.ethereum).toBe(HARDHAT_ADDRESS);
      expect(r.json.addresses).toHaveProperty('bitcoinP2wpkh');
      expect(r.json.addresses).toHaveProperty('bitcoinP2tr');
    }
    expect(readFileSync(keystore, 'utf8')).toBe(json);
    expect(readFileSync(phrase, 'utf8')).toBe('test test test test test test test test test test test junk\n');
    // The same options work on split.
    const r = jointkey(['split', '--wif', WIF, ...split, '--out', fresh()]);
    expect(r.error).toBeUndefined();
  });

  it('refuses a wrong keystore password, a mistyped WIF and a bad phrase, naming what to do', () => {
    const keystore = join(dir, 'ks2.json');
    writeFileSync(
      keystore,
      encryptKeystoreJsonSync({ address: HARDHAT_ADDRESS, privateKey: `0x${HARDHAT_KEY}` }, 'right', {
        scrypt: { N: 1024 },
      }),
    );
    const wrong = join(dir, 'wrong.txt');
    writeFileSync(wrong, 'wrong\n');
    expect(
      jointkey([
        'wallet',
        'import-key',
        '--keystore',
        keystore,
        '--keystore-password-file',
        wrong,
        ...split,
        '--out',
        fresh(),
      ]).error?.code,
    ).toBe('WRONG_PASSPHRASE');
    const typo = `${WIF.slice(0, 10)}${WIF[10] === 'a' ? 'b' : 'a'}${WIF.slice(11)}`;
    expect(jointkey(['wallet', 'import-key', '--wif', typo, ...split, '--out', fresh()]).error?.code).toBe(
      'INVALID_KEY',
    );
    const phrase = join(dir, 'bad-phrase.txt');
    writeFileSync(phrase, 'test test test test test test test test test test test test\n');
    expect(
      jointkey([
        'wallet',
        'import-key',
        '--mnemonic-file',
        phrase,
        '--path',
        "m/44'/60'/0'/0/0",
        ...split,
        '--out',
        fresh(),
      ]).error?.code,
    ).toBe('INVALID_MNEMONIC');
    expect(jointkey(['wallet', 'import-key', '--hex', '00'.repeat(32), ...split, '--out', fresh()]).error?.code).toBe(
      'INVALID_KEY',
    );
    expect(jointkey(['wallet', 'import-key', ...split, '--out', fresh()]).error?.code).toBe('USAGE');
  });
});

describe('jointkey sign and wallet list', () => {
  it('signs a message jointly with each algorithm; OpenSSL verifies ECDSA and Ed25519', () => {
    const message = Buffer.from('pay the roofer', 'utf8');
    for (const [curve, algo] of [
      ['secp256k1', 'ecdsa-sha256'],
      ['secp256k1', 'bip340'],
      ['ed25519', 'ed25519'],
    ] as const) {
      const s = jointkey([
        'split',
        '--scheme',
        'additive',
        '--parties',
        '3',
        '--generate',
        curve,
        '--out',
        fresh(),
        '--plaintext',
      ]);
      const r = jointkey(['sign', '--message-hex', message.toString('hex'), '--algo', algo, ...s.json.files]);
      expect(r.error, algo).toBeUndefined();
      expect(r.json.publicKeyHex).toBe(s.json.publicKey);
      const sig = Buffer.from(r.json.signatureHex, 'hex');
      expect(sig.length).toBe(64);
      const pub = Buffer.from(r.json.publicKeyHex, 'hex');
      if (algo === 'ecdsa-sha256') {
        const p = secp256k1.Point.fromBytes(pub).toBytes(false);
        const key = createPublicKey({
          key: {
            kty: 'EC',
            crv: 'secp256k1',
            x: Buffer.from(p.subarray(1, 33)).toString('base64url'),
            y: Buffer.from(p.subarray(33)).toString('base64url'),
          },
          format: 'jwk',
        });
        expect(osslVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      }
      if (algo === 'ed25519') {
        const key = createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: pub.toString('base64url') },
          format: 'jwk',
        });
        expect(osslVerify(null, message, key, sig)).toBe(true);
      }
      expect(
        jointkey(['sign', '--message-hex', 'ab', '--algo', algo, s.json.files[0], s.json.files[1]]).error?.code,
      ).toBe('TOO_FEW_CHILD_KEYS');
    }
  });

  it('lists wallet records (public data only) and names a record edited by hand', () => {
    const data = join(dir, 'list-data');
    const r = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--generate',
      'ed25519',
      '--wallet-label',
      'Trip fund',
      '--labels',
      'Ann,Bo',
      '--out',
      fresh(),
      '--data-dir',
      data,
      '--plaintext',
    ]);
    const list = jointkey(['wallet', 'list', '--data-dir', data]).json;
    expect(list.wallets).toHaveLength(1);
    expect(list.wallets[0]).toMatchObject({
      label: 'Trip fund',
      curve: 'ed25519',
      publicKey: r.json.publicKey,
      scheme: 'xor',
      holders: ['Ann', 'Bo'],
    });
    expect(list.wallets[0].addresses.base58).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    const record = JSON.parse(readFileSync(r.json.walletRecord, 'utf8'));
    record.threshold = 1;
    writeFileSync(r.json.walletRecord, JSON.stringify(record));
    const again = jointkey(['wallet', 'list', '--data-dir', data]).json;
    expect(again.wallets[0].error.code).toBe('TAMPERED_FILE');
    expect(again.wallets[0].error.message).toMatch(/"threshold"/);
  });
});
