/** BIP-380's checksum examples, and the wallet descriptors checked against their BIP-380 checksum and addresses. */
import { hex } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import {
  descriptorChecksum,
  descriptorChecksumValid,
  walletDescriptors,
} from '../../../../main/core/chains/bitcoin/descriptors.js';
import { bitcoinP2trAddress, bitcoinP2wpkhAddress } from '../../../../main/core/chains/addresses.js';
import { bitcoin } from '../../../support/psbt.js';

describe('BIP-380 descriptor checksum: the BIP’s test vectors', () => {
  it('valid checksum: raw(deadbeef)#89f8spxm', () => {
    expect(descriptorChecksum('raw(deadbeef)')).toBe('89f8spxm');
    expect(descriptorChecksumValid('raw(deadbeef)#89f8spxm')).toBe(true);
  });
  it.each([
    ['no checksum', 'raw(deadbeef)'],
    ['missing checksum', 'raw(deadbeef)#'],
    ['too long checksum (9 chars)', 'raw(deadbeef)#89f8spxmx'],
    ['too short checksum (7 chars)', 'raw(deadbeef)#89f8spx'],
    ['error in payload', 'raw(deedbeef)#89f8spxm'],
    ['error in checksum', 'raw(deedbeef)##9f8spxm'],
    ['invalid characters in payload', 'raw(Ü)#00000000'],
  ])('%s: %s is not a valid checksummed descriptor', (_, s) => {
    expect(descriptorChecksumValid(s)).toBe(false);
  });
  it('a character outside the set has no checksum', () => {
    expect(() => descriptorChecksum('raw(Ü)')).toThrow(RangeError);
  });
});

describe('wallet descriptors', () => {
  const key = hex.decode('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
  const d = walletDescriptors(key);
  it('wpkh(compressed key) and tr(x-only key), each with a checksum that verifies', () => {
    expect(d.wpkh).toMatch(/^wpkh\(0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\)#[a-z0-9]{8}$/);
    expect(d.tr).toMatch(/^tr\(79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\)#[a-z0-9]{8}$/);
    expect(descriptorChecksumValid(d.wpkh!)).toBe(true);
    expect(descriptorChecksumValid(d.tr)).toBe(true);
    // One character changed is caught.
    expect(descriptorChecksumValid(d.wpkh!.replace('0279', '0379'))).toBe(false);
  });
  it('the addresses on each network, as bitcoinjs-lib writes them, and JointKey shows them', () => {
    const nets = {
      mainnet: bitcoin.networks.bitcoin,
      testnet: bitcoin.networks.testnet,
      signet: bitcoin.networks.testnet,
      regtest: bitcoin.networks.regtest,
    };
    expect(d.networks.map((n) => n.network)).toEqual(['mainnet', 'testnet', 'signet', 'regtest']);
    for (const n of d.networks) {
      const network = nets[n.network];
      expect(n.p2wpkh).toBe(bitcoin.payments.p2wpkh({ pubkey: key, network }).address);
      expect(n.p2tr).toBe(bitcoin.payments.p2tr({ internalPubkey: key.subarray(1), network }).address);
    }
    expect(d.networks[0]!.p2wpkh).toBe(bitcoinP2wpkhAddress(key));
    expect(d.networks[1]!.p2tr).toBe(bitcoinP2trAddress(key, 'testnet'));
    expect(d.networks.map((n) => n.prefixes)).toEqual(['bc1q / bc1p', 'tb1q / tb1p', 'tb1q / tb1p', 'bcrt1q / bcrt1p']);
  });
  it('refuses a key that is not a point', () => {
    const bad = new Uint8Array(33).fill(0xff);
    bad[0] = 2;
    expect(() => walletDescriptors(bad)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }));
  });
});

describe('a BIP-32 wallet’s descriptors (standard SLIP-39): each key with its origin, mainnet’s and the test networks’', () => {
  const root = HDKey.fromMasterSeed(hex.decode('000102030405060708090a0b0c0d0e0f'));
  const key = (path: string) => root.derive(path).publicKey as Uint8Array;
  const keys = {
    masterPublicKey: root.publicKey as Uint8Array,
    mainnet: { segwit: key("m/84'/0'/0'/0/0"), taproot: key("m/86'/0'/0'/0/0") },
    test: { segwit: key("m/84'/1'/0'/0/0"), taproot: key("m/86'/1'/0'/0/0") },
  };
  it('names the master fingerprint and path of each key (BIP-380 key origin), with valid checksums', () => {
    const d = walletDescriptors(keys);
    // BIP-32 test vector 1's master fingerprint is 3442193e.
    const fp = root.fingerprint.toString(16).padStart(8, '0');
    expect(fp).toBe('3442193e');
    expect(d.wpkh).toBe(`wpkh([${fp}/84h/0h/0h/0/0]${hex.encode(keys.mainnet.segwit)})#${d.wpkh!.split('#')[1]}`);
    expect(d.tr).toBe(`tr([${fp}/86h/0h/0h/0/0]${hex.encode(keys.mainnet.taproot.subarray(1))})#${d.tr.split('#')[1]}`);
    expect(d.test?.wpkh).toContain(`[${fp}/84h/1h/0h/0/0]${hex.encode(keys.test.segwit)}`);
    expect(d.test?.tr).toContain(`[${fp}/86h/1h/0h/0/0]${hex.encode(keys.test.taproot.subarray(1))}`);
    for (const x of [d.wpkh, d.tr, d.test?.wpkh, d.test?.tr]) expect(descriptorChecksumValid(x as string)).toBe(true);
    const main = d.networks.find((n) => n.network === 'mainnet')!;
    const regtest = d.networks.find((n) => n.network === 'regtest')!;
    expect(main.p2wpkh).toBe(bitcoin.payments.p2wpkh({ pubkey: keys.mainnet.segwit }).address);
    expect(regtest.p2wpkh).toBe(
      bitcoin.payments.p2wpkh({ pubkey: keys.test.segwit, network: bitcoin.networks.regtest }).address,
    );
    expect(regtest.p2tr).toBe(
      bitcoin.payments.p2tr({ internalPubkey: keys.test.taproot.subarray(1), network: bitcoin.networks.regtest })
        .address,
    );
  });
});

describe('a Taproot-only wallet’s descriptor (FROST): tr(internal key) alone, its address the BIP-86 output', () => {
  it('gives no wpkh, and the Taproot address on each network', () => {
    const internal = hex.decode('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    const d = walletDescriptors({ taproot: internal });
    expect(d.wpkh).toBeUndefined();
    expect(d.tr).toMatch(/^tr\(79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\)#[a-z0-9]{8}$/);
    expect(descriptorChecksumValid(d.tr)).toBe(true);
    const main = d.networks.find((n) => n.network === 'mainnet')!;
    expect(main.p2wpkh).toBeUndefined();
    expect(main.p2tr).toBe(bitcoin.payments.p2tr({ internalPubkey: internal.subarray(1) }).address);
  });
});
