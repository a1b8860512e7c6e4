/**
 * Standard SLIP-39 wallets: the master secret is a BIP-32 seed and the keys are on the standard
 * paths. Checked against independent parts: SLIP-39's own vectors (their BIP-32 master key, `xprv`),
 * the npm `slip39` package (another SLIP-39 implementation) combining JointKey's words, @scure/bip32
 * and viem deriving the addresses from what it combined, and BIP-86's vector for the Taproot path.
 */
import { readFileSync } from 'node:fs';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { NETWORK, p2tr, p2wpkh } from '@scure/btc-signer';
import slip39 from 'slip39';
import { privateKeyToAddress } from 'viem/accounts';
import { getAddress, verifyMessage } from 'viem';
import { parseTypedData } from '../../../../main/core/chains/eth-messages.js';
import { erc20CallData } from '../../../../main/core/chains/eth-calls.js';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '@noble/hashes/utils.js';
import { bytesToHex } from '../../../../main/core/bytes.js';
import { bitcoinP2trAddress } from '../../../../main/core/chains/addresses.js';
import { generatePrivateKey } from '../../../../main/core/chains/key-sources.js';
import { slip39Combine } from '../../../../main/core/sharing/slip39/index.js';
import type { Receipt } from '../../../../main/core/wallet/ceremony.js';
import type { Wallet, WalletCeremony } from '../../../../main/core/wallet/kind.js';
import { kindOfScheme, readChildKey, walletFromJson } from '../../../../main/core/wallet/kinds/index.js';
import {
  SLIP39_BIP32_KIND,
  SLIP39_BIP32_PATHS,
  type Slip39Bip32Wallet,
  bip32PublicKeys,
  slip39Bip32WalletRecordFromJson,
  slip39Bip32WalletRecordOf,
} from '../../../../main/core/wallet/kinds/slip39-bip32.js';
import { SLIP39_KIND } from '../../../../main/core/wallet/kinds/slip39.js';
import { refusal } from '../../../support/refusal.js';
import { seededRng } from '../../../support/sets.js';
import vectors from '../../../vectors/slip39/vectors.json' with { type: 'json' };

const AT = '2026-11-24T10:00:00.000Z';
const LABELS = ['Alice', 'Bob', 'Carol'];
const TYPED = { from: 'typed' } as const;

/** A standard wallet split 2 of 3 from a seeded seed, every receipt taken from its holders' files: the ceremony (not finished) and its record. */
function made(seed = 'slip39-bip32') {
  const key = generatePrivateKey('secp256k1', seededRng(seed));
  const copy = key.slice();
  const c: WalletCeremony = kindOfScheme('slip39').split(
    'secp256k1',
    key,
    { scheme: 'slip39', labels: LABELS, walletLabel: 'Family', threshold: 2 },
    'generated',
  );
  const words = LABELS.map((_, i) => c.textForm(i + 1));
  const files = LABELS.map((_, i) => c.fileForm(i + 1));
  LABELS.forEach((_, i) => {
    const read = readChildKey(files[i] as string, { from: 'file', path: `${i + 1}.slip39.json` }, c.kind);
    c.confirmRead(i + 1, read, 'file', AT);
    read.wipe();
  });
  const record = JSON.parse(JSON.stringify(c.recordJson(AT))) as Record<string, unknown>;
  return { ceremony: c, seed: copy, words, files, record, wallet: walletFromJson(record) };
}

describe('the SLIP-39 vectors: their master secret as a BIP-32 seed gives their xprv', () => {
  const valid = (vectors as [string, string[], string, string][]).filter(([, , secret]) => secret !== '');
  it.each(valid.map((v) => [v[0], v] as const))('%s', (_, [, mnemonics, secretHex, xprv]) => {
    const secret = slip39Combine(mnemonics, { passphrase: 'TREZOR' });
    expect(bytesToHex(secret)).toBe(secretHex);
    expect(HDKey.fromMasterSeed(secret).privateExtendedKey).toBe(xprv);
    // The wallet's master public key (its record's publicKey) is that xprv's.
    expect(bytesToHex(bip32PublicKeys(secret).master)).toBe(bytesToHex(HDKey.fromExtendedKey(xprv).publicKey!));
  });
  it('covers both secret lengths', () => {
    expect(new Set(valid.map(([, , s]) => s.length))).toEqual(new Set([32, 64]));
  });
});

describe('BIP-86: the Taproot path of a known seed gives its address', () => {
  const text = readFileSync(new URL('../../../vectors/bip86/bip-0086-test-vectors.txt', import.meta.url), 'utf8');
  const field = (name: string) => (text.match(new RegExp(`^${name}\\s*=\\s*(\\S+)`, 'm')) as RegExpMatchArray)[1]!;
  it("m/86'/0'/0'/0/0 of the vector's mnemonic: its internal key and its address", () => {
    const seed = mnemonicToSeedSync(text.match(/^mnemonic = (.+)$/m)![1]!);
    expect(HDKey.fromMasterSeed(seed).privateExtendedKey).toBe(field('rootpriv'));
    const key = bip32PublicKeys(seed).paths[SLIP39_BIP32_PATHS.bitcoinP2tr]!;
    expect(bytesToHex(key.subarray(1))).toBe(field('internal_key'));
    expect(bitcoinP2trAddress(key)).toBe(field('address'));
    expect(field('address')).toBe('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr');
  });
});

describe('a standard SLIP-39 wallet: the words, combined elsewhere, give the addresses on its record', () => {
  const m = made();

  it('the npm slip39 package combines any 2 of the words to the seed; @scure/bip32 and viem give the same addresses', () => {
    for (const pick of [
      [0, 1],
      [1, 2],
      [2, 0],
    ]) {
      const secret = Uint8Array.from(
        slip39.recoverSecret(
          pick.map((i) => m.words[i]!),
          '',
        ),
      );
      expect(bytesToHex(secret)).toBe(bytesToHex(m.seed));
      const root = HDKey.fromMasterSeed(secret);
      const eth = root.derive("m/44'/60'/0'/0/0");
      const segwit = root.derive("m/84'/0'/0'/0/0");
      const taproot = root.derive("m/86'/0'/0'/0/0");
      expect(m.record['addresses']).toEqual({
        ethereum: privateKeyToAddress(`0x${bytesToHex(eth.privateKey!)}`),
        bitcoinP2wpkh: p2wpkh(secp256k1.getPublicKey(segwit.privateKey!, true), NETWORK).address,
        bitcoinP2tr: p2tr(schnorr.getPublicKey(taproot.privateKey!), undefined, NETWORK).address,
      });
      expect(m.record['publicKey']).toBe(bytesToHex(root.publicKey!));
      expect((m.record['bip32'] as { paths: Record<string, string> }).paths).toEqual({
        "m/44'/60'/0'/0/0": bytesToHex(eth.publicKey!),
        "m/84'/0'/0'/0/0": bytesToHex(segwit.publicKey!),
        "m/86'/0'/0'/0/0": bytesToHex(taproot.publicKey!),
        "m/84'/1'/0'/0/0": bytesToHex(root.derive("m/84'/1'/0'/0/0").publicKey!),
        "m/86'/1'/0'/0/0": bytesToHex(root.derive("m/86'/1'/0'/0/0").publicKey!),
      });
    }
  });

  it('the record is public data only, says scheme slip39, and loads as a standard wallet', () => {
    const text = JSON.stringify(m.record);
    expect(text).not.toContain(bytesToHex(m.seed));
    for (const w of m.words) expect(text).not.toContain(w.split(' ').slice(0, 4).join(' '));
    expect(text).not.toMatch(/xprv|xpub/);
    expect(m.record['scheme']).toBe('slip39');
    expect(m.wallet.kind).toBe(SLIP39_BIP32_KIND);
    expect(m.wallet.kindLabel).toContain('Recoverable in any SLIP-39 wallet (Trezor, Keystone…)');
  });

  it('each holder file names the derivation and the master public key; restore gives the seed back', () => {
    const file = JSON.parse(m.files[0]!) as Record<string, unknown>;
    expect(file).toMatchObject({ scheme: 'slip39', curve: 'secp256k1', derivation: 'bip32' });
    expect(file['walletId']).toBe(m.record['publicKey']);
    const reads = [0, 2].map((i) => readChildKey(m.files[i]!, { from: 'file', path: `${i}` }));
    expect(reads.map((r) => r.kind)).toEqual([SLIP39_BIP32_KIND, SLIP39_BIP32_KIND]);
    const r = reads[0]!.kind.restore(reads, {});
    expect(bytesToHex(r.secret)).toBe(bytesToHex(m.seed));
    expect(r.curve).toBeNull();
    expect(m.wallet.holderOf(reads[1]!)).toEqual({ index: 3, label: 'Carol' });
  });

  it('a holder checks their words alone against the record; another wallet’s words are named', () => {
    const c = m.wallet.checkAlone(readChildKey(m.words[1]!, TYPED));
    expect(c.summary).toBe('Your child key for Family is intact (holder 2 of 3, Bob).');
    expect(c.checked).toEqual(['checksum', 'identifier', 'parameters']);
    const other = made('slip39-bip32/other');
    expect(
      refusal(() => m.wallet.checkAlone(readChildKey(other.files[0]!, { from: 'file', path: 'a.json' }))).code,
    ).toBe('DIFFERENT_WALLET');
  });

  it('an edited record is refused, naming what changed', () => {
    const paths = (m.record['bip32'] as { paths: Record<string, string> }).paths;
    const other = bip32PublicKeys(new Uint8Array(32).fill(7)).paths["m/44'/60'/0'/0/0"]!;
    for (const edit of [
      { ...m.record, bip32: { paths: { ...paths, "m/44'/60'/0'/0/0": bytesToHex(other) } } },
      { ...m.record, publicKey: bytesToHex(other) },
      { ...m.record, bip32: { paths: { ...paths, "m/44'/60'/0'/0/1": paths["m/44'/60'/0'/0/0"] } } },
      { ...m.record, bip32: {} },
    ])
      expect(refusal(() => slip39Bip32WalletRecordFromJson(edit)).code).toBe('TAMPERED_FILE');
  });
});

describe('signing with a standard SLIP-39 wallet: the key of the request, derived', () => {
  const m = made('slip39-bip32/sign');
  const paths = (m.record['bip32'] as { paths: Record<string, string> }).paths;
  const session = (w: Wallet, holders = [0, 1]) => {
    const s = w.openSession();
    for (const i of holders) s.enter(readChildKey(m.words[i]!, TYPED, w.kind));
    return s;
  };
  const message = new TextEncoder().encode('JointKey standard SLIP-39');

  it("an Ethereum transfer is signed by m/44'/60'/0'/0/0: from is the record’s Ethereum address", () => {
    const tx = {
      chainId: 11155111,
      nonce: 0,
      to: `0x${'11'.repeat(20)}`,
      valueWei: 1n,
      gas: 21000n,
      maxFeePerGasWei: 2n,
      maxPriorityFeePerGasWei: 1n,
      data: '0x',
    };
    const r = session(m.wallet).sign({ kind: 'eth-transfer', tx });
    const ethereum = (m.record['addresses'] as Record<string, string>)['ethereum'] as string;
    expect(r).toMatchObject({ kind: 'eth-transfer' });
    if (r.kind !== 'eth-transfer') throw new Error('a transaction was expected');
    expect(r.from.toLowerCase()).toBe(ethereum.toLowerCase());
  });

  it("an Ethereum personal message, typed data and contract call are signed by m/44'/60'/0'/0/0 and recover to the record’s Ethereum address", async () => {
    const ethereum = (m.record['addresses'] as Record<string, string>)['ethereum'] as `0x${string}`;
    const text = new TextEncoder().encode('standard wallet, Ethereum key');
    const p = session(m.wallet).sign({ kind: 'eth-personal', message: text });
    if (p.kind !== 'eth-message') throw new Error('a message signature was expected');
    expect(p.address).toBe(getAddress(ethereum));
    expect(
      await verifyMessage({ address: ethereum, message: { raw: text }, signature: p.signature as `0x${string}` }),
    ).toBe(true);
    const typedData = parseTypedData({
      domain: { name: 'Family', chainId: 1 },
      types: { Note: [{ name: 'text', type: 'string' }] },
      primaryType: 'Note',
      message: { text: 'hello' },
    });
    const t = session(m.wallet, [2, 1]).sign({ kind: 'eth-typed-data', typedData });
    if (t.kind !== 'eth-message') throw new Error('a message signature was expected');
    expect(t.address).toBe(getAddress(ethereum));
    const call = {
      kind: 'eth-call',
      tx: {
        chainId: 1,
        nonce: 0,
        to: `0x${'22'.repeat(20)}`,
        valueWei: 0n,
        gas: 60000n,
        maxFeePerGasWei: 2n,
        maxPriorityFeePerGasWei: 1n,
        data: erc20CallData({ action: 'approve', to: `0x${'33'.repeat(20)}`, amount: 5n }),
      },
      call: { token: { decimals: 0, symbol: 'T', source: 'entered' } },
    } as const;
    const s = session(m.wallet);
    expect(s.describe(call)[0]).toBe(`Approve 0x${'33'.repeat(20)} to spend up to 5 T of this wallet's`);
    const c = s.sign(call);
    if (c.kind !== 'eth-transfer') throw new Error('a transaction was expected');
    expect(c.from).toBe(getAddress(ethereum));
  });

  it('a bip340 message is signed by the Taproot key (BIP-86 internal key), an ecdsa-sha256 one by the Ethereum key', () => {
    const b = session(m.wallet, [2, 0]).sign({ kind: 'message', algo: 'bip340', message });
    expect(b).toMatchObject({ kind: 'message', publicKeyHex: paths["m/86'/0'/0'/0/0"] });
    if (b.kind !== 'message') throw new Error('a message signature was expected');
    expect(schnorr.verify(hexToBytes(b.signatureHex), message, hexToBytes(paths["m/86'/0'/0'/0/0"]!).subarray(1))).toBe(
      true,
    );
    const e = session(m.wallet).sign({ kind: 'message', algo: 'ecdsa-sha256', message });
    if (e.kind !== 'message') throw new Error('a message signature was expected');
    expect(e.publicKeyHex).toBe(paths["m/44'/60'/0'/0/0"]);
    expect(
      secp256k1.verify(hexToBytes(e.signatureHex), sha256(message), hexToBytes(paths["m/44'/60'/0'/0/0"]!), {
        prehash: false,
      }),
    ).toBe(true);
  });

  it('the health check compares every path’s key; an ed25519 request is refused (INVALID_ARGUMENT)', () => {
    expect(session(m.wallet).sign({ kind: 'health-check' })).toEqual({
      kind: 'health-check',
      publicKeyHex: m.record['publicKey'],
      ok: true,
    });
    expect(refusal(() => session(m.wallet).sign({ kind: 'message', algo: 'ed25519', message })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('a record whose keys are not the seed’s (its id recomputed) signs nothing: WRONG_RESULT', () => {
    const own = (m.wallet as unknown as { wallet: Slip39Bip32Wallet }).wallet;
    const other = bip32PublicKeys(new Uint8Array(32).fill(9));
    const receipts = m.record['receipts'] as Receipt[];
    for (const [forgery, says] of [
      [{ ...own, paths: { ...own.paths, "m/86'/0'/0'/0/0": other.paths["m/86'/0'/0'/0/0"]! } }, "m/86'/0'/0'/0/0"],
      [{ ...own, publicKey: other.master }, 'not this wallet’s'],
    ] as const) {
      const forged = walletFromJson(JSON.parse(JSON.stringify(slip39Bip32WalletRecordOf(forgery, AT, receipts))));
      const s = forged.openSession();
      for (const i of [0, 1]) s.enter(readChildKey(m.words[i]!, TYPED, forged.kind));
      const e = refusal(() => s.sign({ kind: 'health-check' }));
      expect(e.code).toBe('WRONG_RESULT');
      expect(e.message).toContain(says);
      expect(s.closed).toBe(true);
    }
  });

  it('the session wipes every buffer it held', () => {
    const s = session(m.wallet);
    s.sign({ kind: 'message', algo: 'bip340', message });
    expect(s.closed).toBe(true);
    for (const b of s.secretBuffers()) expect(b.every((x) => x === 0)).toBe(true);
    expect(s.secretBuffers().length).toBeGreaterThanOrEqual(3);
  });

  it('a raw-key SLIP-39 holder’s file is refused by a standard wallet, named', () => {
    const rng = seededRng('raw');
    const raw = SLIP39_KIND.split(
      'secp256k1',
      generatePrivateKey('secp256k1', rng),
      { scheme: 'slip39-raw', labels: LABELS, threshold: 2 },
      'imported',
    );
    const read = readChildKey(raw.fileForm(1), { from: 'file', path: '/media/usb/raw.slip39.json' }, SLIP39_BIP32_KIND);
    expect(read.kind).toBe(SLIP39_KIND);
    const e = refusal(() => m.wallet.openSession().enter(read));
    expect(e.code).toBe('DIFFERENT_WALLET');
    expect(e.message).toBe(
      '/media/usb/raw.slip39.json holds the SLIP-39 words of a wallet in JointKey’s raw-key form, not of this standard SLIP-39 wallet. Enter this holder’s own words or file for this wallet.',
    );
  });
});

describe('what a standard SLIP-39 wallet is not made from', () => {
  const request = { scheme: 'slip39', labels: LABELS, threshold: 2 };
  it('an imported key (a Trezor would show other addresses), an Ed25519 key', () => {
    const key = generatePrivateKey('secp256k1', seededRng('imported'));
    const e = refusal(() => SLIP39_BIP32_KIND.split('secp256k1', key, request, 'imported'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('slip39-raw');
    const ed = generatePrivateKey('ed25519', seededRng('ed'));
    expect(refusal(() => SLIP39_BIP32_KIND.split('ed25519', ed, request, 'generated')).code).toBe('INVALID_ARGUMENT');
    expect(SLIP39_BIP32_KIND.unrecordable('ed25519', {})).toContain('Ed25519');
  });
  it('a secret, or a split with a SLIP-39 passphrase: plain SLIP-39 words of the bytes, as before', () => {
    const c = SLIP39_BIP32_KIND.split(null, new Uint8Array(16).fill(3), request, 'imported');
    expect(c.kind).toBe(SLIP39_KIND);
    expect(bytesToHex(Uint8Array.from(slip39.recoverSecret([c.textForm(1), c.textForm(3)], '')))).toBe('03'.repeat(16));
  });
  it('`--scheme slip39` is the standard kind, `--scheme slip39-raw` the raw-key one', () => {
    expect(kindOfScheme('slip39')).toBe(SLIP39_BIP32_KIND);
    expect(kindOfScheme('slip39-raw')).toBe(SLIP39_KIND);
  });
});
