/**
 * `jointkey sign-psbt` and `jointkey descriptors`, run as a person runs them: PSBTs built by
 * bitcoinjs-lib, signed by the built command line from child-key files, then validated, finalized
 * and extracted by bitcoinjs-lib.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hex } from '@scure/base';
import { HDKey } from '@scure/bip32';
import slip39 from 'slip39';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descriptorChecksumValid } from '../../../main/core/chains/bitcoin/descriptors.js';
import { assertBuilt, jointkey } from '../../support/cli.js';
import { bitcoin, buildPsbt, foreignSigner, validator } from '../../support/psbt.js';

const KEY = '0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d';
const PUB = secp256k1.getPublicKey(hex.decode(KEY), true);
let dir: string;
let data: string;
let files: string[];
let setId: string;
let n = 0;
const file = (content: string | Uint8Array) => {
  const p = join(dir, `in-${n++}.psbt`);
  writeFileSync(p, content);
  return p;
};
const out = () => join(dir, `out-${n++}.psbt`);

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'jointkey-psbt-'));
  data = join(dir, 'data');
  const r = jointkey([
    'split',
    '--scheme',
    'shamir',
    '--threshold',
    '2',
    '--parties',
    '3',
    '--labels',
    'Alice,Bob,Carol',
    '--secret-hex',
    KEY,
    '--curve',
    'secp256k1',
    '--plaintext',
    '--data-dir',
    data,
    '--out',
    join(dir, 'keys'),
  ]);
  expect(r.status, r.stderr).toBe(0);
  files = r.json.files;
  setId = r.json.setId;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jointkey sign-psbt', () => {
  it('signs the wallet’s SegWit and Taproot inputs, leaves the foreign one; bitcoinjs-lib validates and finalizes', () => {
    const psbt = buildPsbt(PUB, { foreign: true });
    const o = out();
    const r = jointkey(['sign-psbt', '--psbt', file(psbt.toBase64()), '--out', o, files[0]!, files[2]!]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.signedInputs).toEqual([0, 1]);
    expect(r.json.complete).toBe(false);
    expect(r.json.txHex).toBeUndefined();
    expect(r.json.description.join('\n')).toMatch(/Input 2: .* someone else’s/);
    const back = bitcoin.Psbt.fromBuffer(readFileSync(o));
    expect(back.validateSignaturesOfInput(0, validator)).toBe(true);
    expect(back.validateSignaturesOfInput(1, validator)).toBe(true);
    expect(back.data.inputs[2]!.partialSig).toBeUndefined();
    back.signInput(2, foreignSigner);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().ins).toHaveLength(3);
  });

  it('a PSBT of only the wallet’s inputs, on testnet: complete, and txHex is bitcoinjs-lib’s extraction', () => {
    const psbt = buildPsbt(PUB, { network: 'testnet', coinType: 1 });
    const o = out();
    const r = jointkey([
      'sign-psbt',
      '--psbt',
      file(psbt.toBuffer()),
      '--out',
      o,
      '--network',
      'testnet',
      files[1]!,
      files[2]!,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.complete).toBe(true);
    expect(r.json.description[0]).toMatch(/testnet \(as you stated\)/);
    const back = bitcoin.Psbt.fromBuffer(readFileSync(o));
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(r.json.txHex).toBe(back.extractTransaction().toHex());
  });

  it('refuses a bad PSBT before reading any child key (a missing child-key file is never reached), writing nothing', () => {
    const missing = join(dir, 'no-such-child-key.json');
    const o = out();
    const r = jointkey(['sign-psbt', '--psbt', file('cHNidP8BAHECAAAAAf//'), '--out', o, missing]);
    expect(r.error?.code).toBe('INVALID_PSBT');
    expect(existsSync(o)).toBe(false);
    const fee = jointkey([
      'sign-psbt',
      '--psbt',
      file(buildPsbt(PUB, { amount: 20_000_000n, change: false }).toBuffer()),
      '--out',
      o,
      missing,
    ]);
    expect(fee.error?.code).toBe('FEE_TOO_HIGH');
    expect(fee.error?.message).toContain('--accept-high-fee');
    const accepted = jointkey([
      'sign-psbt',
      '--psbt',
      file(buildPsbt(PUB, { amount: 20_000_000n, change: false }).toBuffer()),
      '--out',
      o,
      '--accept-high-fee',
      files[0]!,
      files[1]!,
    ]);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.json.complete).toBe(true);
  });

  it('refuses a PSBT with nothing of this wallet’s, naming the file, before the child keys are entered', () => {
    const other = secp256k1.getPublicKey(new Uint8Array(32).fill(5), true);
    const p = file(buildPsbt(other).toBuffer());
    const r = jointkey(['sign-psbt', '--psbt', p, '--out', out(), files[0]!, files[1]!]);
    expect(r.error?.code).toBe('NOTHING_TO_SIGN');
    expect(r.error?.message).toContain(p);
  });

  it('never replaces the output file', () => {
    const o = file('already here');
    const r = jointkey(['sign-psbt', '--psbt', file(buildPsbt(PUB).toBuffer()), '--out', o, files[0]!, files[1]!]);
    expect(r.error?.code).toBe('FILE_EXISTS');
    expect(readFileSync(o, 'utf8')).toBe('already here');
  });
});

describe('a standard SLIP-39 wallet (BIP-32 seed): its keys on the BIP-84/86 paths, as a Trezor derives them', () => {
  it('descriptors name each key’s origin; a PSBT of its m/84′ and m/86′ inputs is signed, and bitcoinjs-lib finalizes it', () => {
    const std = jointkey([
      'split',
      '--scheme',
      'slip39',
      '--parties',
      '2',
      '--threshold',
      '2',
      '--generate',
      'secp256k1',
      '--plaintext',
      '--data-dir',
      data,
      '--out',
      join(dir, 'standard'),
    ]);
    expect(std.status, std.stderr).toBe(0);
    const stdFiles = std.json.files as string[];
    // The keys, independently: the words combined by the npm slip39 package, derived by @scure/bip32.
    const words = stdFiles.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { mnemonic: string }).mnemonic);
    const root = HDKey.fromMasterSeed(Uint8Array.from(slip39.recoverSecret(words, '')));
    const key = (path: string) => root.derive(path).publicKey as Uint8Array;
    const segwit = key("m/84'/0'/0'/0/0");
    const taproot = key("m/86'/0'/0'/0/0");
    const fp = root.fingerprint.toString(16).padStart(8, '0');

    const d = jointkey(['descriptors', std.json.walletId, '--data-dir', data]);
    expect(d.status, d.stderr).toBe(0);
    expect(d.json.descriptors.wpkh).toMatch(new RegExp(`^wpkh\\(\\[${fp}/84h/0h/0h/0/0\\]${hex.encode(segwit)}\\)#`));
    expect(d.json.descriptors.tr).toMatch(
      new RegExp(`^tr\\(\\[${fp}/86h/0h/0h/0/0\\]${hex.encode(taproot.subarray(1))}\\)#`),
    );
    expect(d.json.testDescriptors.wpkh).toContain(`[${fp}/84h/1h/0h/0/0]${hex.encode(key("m/84'/1'/0'/0/0"))}`);
    expect(d.json.networks[0].p2wpkh).toBe(std.json.addresses.bitcoinP2wpkh);
    expect(d.json.networks[0].p2tr).toBe(std.json.addresses.bitcoinP2tr);
    // Its words alone do not carry the keys: the record is asked for.
    expect(jointkey(['descriptors', stdFiles[0]!]).error?.message).toMatch(/Give the wallet record/);

    const o = out();
    const s = jointkey([
      'sign-psbt',
      '--psbt',
      file(buildPsbt(segwit, { trPub: taproot, foreign: true }).toBuffer()),
      '--out',
      o,
      '--data-dir',
      data,
      ...stdFiles,
    ]);
    expect(s.status, s.stderr).toBe(0);
    expect(s.json.signedInputs).toEqual([0, 1]);
    expect(s.json.description.join('\n')).toMatch(/Input 1: .* this wallet’s Taproot address, signed now/);
    const back = bitcoin.Psbt.fromBuffer(readFileSync(o));
    back.signInput(2, foreignSigner);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().ins).toHaveLength(3);
  });
});

describe('jointkey descriptors', () => {
  it('from a child-key file, a set id, or the record: wpkh and tr with valid checksums, the addresses per network', () => {
    const a = jointkey(['descriptors', files[0]!]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.json.descriptors.wpkh).toMatch(new RegExp(`^wpkh\\(${hex.encode(PUB)}\\)#`));
    expect(a.json.descriptors.tr).toMatch(new RegExp(`^tr\\(${hex.encode(PUB.subarray(1))}\\)#`));
    expect(descriptorChecksumValid(a.json.descriptors.wpkh)).toBe(true);
    expect(descriptorChecksumValid(a.json.descriptors.tr)).toBe(true);
    expect(a.json.networks.map((x: { network: string }) => x.network)).toEqual([
      'mainnet',
      'testnet',
      'signet',
      'regtest',
    ]);
    expect(a.json.networks[0].p2wpkh).toBe(bitcoin.payments.p2wpkh({ pubkey: PUB }).address);
    const b = jointkey(['descriptors', setId, '--data-dir', data]);
    expect(b.json.descriptors).toEqual(a.json.descriptors);
    const c = jointkey(['descriptors', join(data, 'wallets', `${setId}.wallet.json`)]);
    expect(c.json.descriptors).toEqual(a.json.descriptors);
  });
  it('refuses an Ed25519 wallet and an unknown set id', () => {
    const ed = jointkey([
      'split',
      '--scheme',
      'xor',
      '--parties',
      '2',
      '--labels',
      'A,B',
      '--generate',
      'ed25519',
      '--plaintext',
      '--out',
      join(dir, 'ed'),
    ]);
    expect(ed.status, ed.stderr).toBe(0);
    expect(jointkey(['descriptors', ed.json.files[0]]).error?.message).toMatch(/only a secp256k1 wallet/);
    expect(jointkey(['descriptors', '0'.repeat(32), '--data-dir', data]).error?.code).toBe('FILE_NOT_FOUND');
  });
});
