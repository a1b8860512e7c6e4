/**
 * PSBTs built by bitcoinjs-lib, described and signed by JointKey, and checked by bitcoinjs-lib
 * (signatures validated with libsecp256k1, inputs finalized, the transaction extracted); and every
 * refusal, before any key is used.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64, hex } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { Transaction } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import {
  MAX_PSBT_INPUTS,
  describePsbt,
  formatBtc,
  psbtBytes,
  signPsbt,
  taprootSighashes,
  addTaprootSignatures,
} from '../../../../main/core/chains/bitcoin/psbt.js';
import { taprootTweakPrivKey } from '@scure/btc-signer/utils.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bitcoin, buildPsbt, foreignSigner, psbtWithInputs, testKey, validator } from '../../../support/psbt.js';

const KEY = testKey('wallet');
const PUB = secp256k1.getPublicKey(KEY, true);
const bytes = (p: bitcoin.Psbt) => p.toBuffer();

const N_HALF = secp256k1.Point.CURVE().n / 2n;
/** The s of a DER signature (with its sighash byte). */
function derS(sig: Uint8Array): bigint {
  const rLen = sig[3]!;
  const sLen = sig[5 + rLen]!;
  return BigInt(`0x${hex.encode(sig.subarray(6 + rLen, 6 + rLen + sLen))}`);
}

describe('a PSBT with the wallet’s SegWit and Taproot inputs and a foreign one', () => {
  const psbt = buildPsbt(PUB, { foreign: true });
  it('is described in plain words: each input whose, each output, change, fee and rate, network', () => {
    const d = describePsbt(bytes(psbt), PUB);
    expect(d.version).toBe(0);
    expect(d.network).toBe('mainnet');
    expect(d.networkFrom).toBe('assumed');
    expect(d.inputs.map((i) => i.owner)).toEqual(['segwit', 'taproot', 'other']);
    expect(d.inputs.every((i) => i.amountSat === 100_000n)).toBe(true);
    expect(d.outputs.map((o) => o.owner)).toEqual(['other', 'segwit']);
    expect(d.feeSat).toBe(2_000n);
    expect(d.toSign).toEqual([0, 1]);
    expect(d.vsize).toBeGreaterThan(200);
    expect(d.feeRate).toBeCloseTo(2_000 / d.vsize, 1);
    const text = d.lines.join('\n');
    expect(text).toMatch(/Input 0: 0\.00100000 BTC from bc1q.* — this wallet’s SegWit address, signed now/);
    expect(text).toMatch(/Input 1: 0\.00100000 BTC from bc1p.* — this wallet’s Taproot address, signed now/);
    expect(text).toMatch(/Input 2: .* — someone else’s, not signed by this wallet/);
    expect(text).toMatch(/Output 1: 0\.00248000 BTC to bc1q.* — change back to this wallet’s SegWit address/);
    expect(text).toMatch(/Fee: 0\.00002000 BTC — about [\d.]+ sat\/vB/);
    expect(text).toMatch(/mainnet \(the PSBT does not say/);
  });

  it('is signed (low-s ECDSA, BIP-340 key path), the foreign input untouched; bitcoinjs-lib validates, finalizes, extracts', () => {
    const asBase64 = new TextEncoder().encode(`${psbt.toBase64()}\n`);
    const signed = signPsbt(asBase64, KEY, PUB);
    expect(signed.signedInputs).toEqual([0, 1]);
    expect(signed.complete).toBe(false);
    expect(signed.txHex).toBeUndefined();
    const back = bitcoin.Psbt.fromBuffer(signed.psbt);
    expect(back.validateSignaturesOfInput(0, validator)).toBe(true);
    expect(back.validateSignaturesOfInput(1, validator)).toBe(true);
    const ecdsa = back.data.inputs[0]!.partialSig!;
    expect(ecdsa).toHaveLength(1);
    expect(hex.encode(ecdsa[0]!.pubkey)).toBe(hex.encode(PUB));
    expect(ecdsa[0]!.signature.at(-1)).toBe(1); // SIGHASH_ALL
    expect(derS(ecdsa[0]!.signature) <= N_HALF).toBe(true); // low s
    expect(back.data.inputs[1]!.tapKeySig).toHaveLength(64); // SIGHASH_DEFAULT
    expect(back.data.inputs[2]!.partialSig).toBeUndefined(); // the foreign input untouched
    expect(back.data.inputs[2]!.tapKeySig).toBeUndefined();
    // The foreign input's owner signs it, and the coordinator finalizes and extracts.
    back.signInput(2, foreignSigner);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    const tx = back.extractTransaction();
    expect(tx.ins).toHaveLength(3);
    expect(tx.virtualSize()).toBeLessThanOrEqual(describePsbt(bytes(psbt), PUB).vsize);
    expect(tx.virtualSize()).toBeGreaterThanOrEqual(describePsbt(bytes(psbt), PUB).vsize - 2);
  });

  it('signing only this wallet’s inputs completes a PSBT that has no others: the raw transaction is bitcoinjs-lib’s', () => {
    const own = buildPsbt(PUB);
    const signed = signPsbt(bytes(own), KEY, PUB);
    expect(signed.complete).toBe(true);
    const back = bitcoin.Psbt.fromBuffer(signed.psbt);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    const tx = back.extractTransaction();
    expect(signed.txHex).toBe(tx.toHex());
    expect(tx.virtualSize()).toBe(describePsbt(bytes(own), PUB).vsize);
  });

  it('a PSBT v2 (BIP-370) is described and signed alike, and stays v2', () => {
    const v2 = Transaction.fromPSBT(bytes(buildPsbt(PUB))).toPSBT(2);
    const d = describePsbt(v2, PUB);
    expect(d.version).toBe(2);
    expect(d.toSign).toEqual([0, 1]);
    const signed = signPsbt(v2, KEY, PUB);
    expect(signed.complete).toBe(true);
    const asV0 = Transaction.fromPSBT(signed.psbt).toPSBT(0);
    const back = bitcoin.Psbt.fromBuffer(asV0);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().toHex()).toBe(signed.txHex);
  });

  it('a Taproot input without PSBT_IN_TAP_INTERNAL_KEY is recognised by its BIP-86 output and signed', () => {
    const p = buildPsbt(PUB, { mine: ['tr'] });
    delete p.data.inputs[0]!.tapInternalKey;
    const signed = signPsbt(bytes(p), KEY, PUB);
    const back = bitcoin.Psbt.fromBuffer(signed.psbt);
    expect(back.validateSignaturesOfInput(0, validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().toHex()).toBe(signed.txHex);
  });

  it('the network: stated, or read from BIP-84 derivation paths; addresses written for it', () => {
    const test = buildPsbt(PUB, { network: 'testnet', coinType: 1 });
    const d = describePsbt(bytes(test), PUB);
    expect(d).toMatchObject({ network: 'testnet', networkFrom: 'psbt' });
    expect(d.inputs[0]!.address).toMatch(/^tb1q/);
    const r = describePsbt(bytes(buildPsbt(PUB, { network: 'regtest' })), PUB, { network: 'regtest' });
    expect(r).toMatchObject({ network: 'regtest', networkFrom: 'stated' });
    expect(r.inputs[1]!.address).toMatch(/^bcrt1p/);
    expect(describePsbt(bytes(buildPsbt(PUB, { coinType: 0 })), PUB).networkFrom).toBe('psbt');
  });
});

describe('refused before any key is used, with a code and what to do', () => {
  const code = (f: () => unknown, c: string, m?: RegExp) =>
    expect(f).toThrow(expect.objectContaining({ code: c, ...(m ? { message: expect.stringMatching(m) } : {}) }));
  const good = bytes(buildPsbt(PUB, { foreign: true }));

  it('an input without its previous output: the fee cannot be shown', () => {
    code(
      () => describePsbt(bytes(buildPsbt(PUB, { foreign: true, dropUtxo: 2 })), PUB),
      'MISSING_PREVIOUS_OUTPUT',
      /Input 2/,
    );
    code(() => signPsbt(bytes(buildPsbt(PUB, { dropUtxo: 0 })), KEY, PUB), 'MISSING_PREVIOUS_OUTPUT');
  });
  it('a fee above the bound unless accepted', () => {
    // A missing change output: 0.2 BTC spent, 0.0005 paid, the rest would go to the miners.
    const high = bytes(buildPsbt(PUB, { amount: 20_000_000n, change: false }));
    code(() => describePsbt(high, PUB), 'FEE_TOO_HIGH', /0\.39950000 BTC.*accept the high fee/);
    expect(describePsbt(high, PUB, { acceptHighFee: true }).feeSat).toBe(39_950_000n);
    code(() => describePsbt(good, PUB, { maxFeeSat: 1_000n }), 'FEE_TOO_HIGH');
    code(() => describePsbt(good, PUB, { maxFeeRate: 1 }), 'FEE_TOO_HIGH');
  });
  it('a network mismatch', () => {
    code(
      () => describePsbt(bytes(buildPsbt(PUB, { coinType: 0 })), PUB, { network: 'testnet' }),
      'NETWORK_MISMATCH',
      /mainnet.*testnet/,
    );
    code(() => describePsbt(bytes(buildPsbt(PUB, { coinType: 1 })), PUB, { network: 'mainnet' }), 'NETWORK_MISMATCH');
  });
  it('nothing of this wallet’s to sign', () => {
    const other = secp256k1.getPublicKey(testKey('another wallet'), true);
    code(() => describePsbt(good, other), 'NOTHING_TO_SIGN', /descriptors/);
  });
  it('malformed, truncated, garbage base64, not a PSBT, empty', () => {
    code(() => describePsbt(good.subarray(0, good.length - 10), PUB), 'INVALID_PSBT', /cut short|damaged/);
    code(() => describePsbt(good.subarray(0, 40), PUB), 'INVALID_PSBT');
    const b64 = base64.encode(good);
    code(() => describePsbt(new TextEncoder().encode(`${b64.slice(0, 40)}!!${b64.slice(42)}`), PUB), 'INVALID_PSBT');
    code(() => describePsbt(new TextEncoder().encode(b64.slice(0, -3)), PUB), 'INVALID_PSBT');
    code(
      () => describePsbt(new TextEncoder().encode(base64.encode(new Uint8Array(60).fill(7))), PUB),
      'INVALID_PSBT',
      /cHNidP8/,
    );
    code(() => describePsbt(new Uint8Array(0), PUB), 'INVALID_PSBT');
    code(() => describePsbt(crypto.getRandomValues(new Uint8Array(500)), PUB), 'INVALID_PSBT');
    const flipped = good.slice();
    flipped[7] = flipped[7]! ^ 0x40;
    code(() => describePsbt(flipped, PUB), 'INVALID_PSBT');
  });
  it(`10,000 inputs: refused at once, from the declared count (over ${MAX_PSBT_INPUTS})`, () => {
    const t0 = performance.now();
    code(() => describePsbt(psbtWithInputs(10_000), PUB), 'INVALID_PSBT', /10000 inputs/);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
  it('refusals leave nothing signed: signPsbt throws the same before using the key', () => {
    code(() => signPsbt(bytes(buildPsbt(PUB, { amount: 20_000_000n, change: false })), KEY, PUB), 'FEE_TOO_HIGH');
    code(() => signPsbt(good, testKey('another wallet'), PUB), 'WRONG_RESULT');
  });
  it('formats amounts in BTC with 8 decimals', () => {
    expect(formatBtc(123_456_789n)).toBe('1.23456789 BTC');
    expect(formatBtc(5n)).toBe('0.00000005 BTC');
    expect(psbtBytes(good)).toBe(good);
  });
});

describe('a BIP-32 wallet (standard SLIP-39): SegWit and Taproot keys on their paths, by network', () => {
  const root = HDKey.fromMasterSeed(testKey('bip32 seed'));
  const at = (path: string) => root.derive(path);
  const node = {
    segwit: at("m/84'/0'/0'/0/0"),
    taproot: at("m/86'/0'/0'/0/0"),
    segwitTest: at("m/84'/1'/0'/0/0"),
    taprootTest: at("m/86'/1'/0'/0/0"),
  };
  const pub = (n: HDKey) => n.publicKey as Uint8Array;
  const priv = (n: HDKey) => n.privateKey as Uint8Array;
  const wallet = {
    masterPublicKey: pub(root),
    mainnet: { segwit: pub(node.segwit), taproot: pub(node.taproot) },
    test: { segwit: pub(node.segwitTest), taproot: pub(node.taprootTest) },
  };

  it('mainnet: the m/84′ input and the m/86′ input are this wallet’s, signed each with its key; bitcoinjs-lib finalizes', () => {
    const psbt = buildPsbt(pub(node.segwit), { trPub: pub(node.taproot) });
    const d = describePsbt(bytes(psbt), wallet);
    expect(d.inputs.map((i) => i.owner)).toEqual(['segwit', 'taproot']);
    expect(d.outputs.map((o) => o.owner)).toEqual(['other', 'segwit']);
    // One key for both (as a JointKey wallet) sees only the input of its own address.
    expect(describePsbt(bytes(psbt), pub(node.segwit)).toSign).toEqual([0]);
    const signed = signPsbt(bytes(psbt), { segwit: priv(node.segwit), taproot: priv(node.taproot) }, wallet);
    expect(signed.signedInputs).toEqual([0, 1]);
    expect(signed.complete).toBe(true);
    const back = bitcoin.Psbt.fromBuffer(signed.psbt);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().toHex()).toBe(signed.txHex);
  });

  it('a test network: the coin-type-1 keys sign; the mainnet keys’ addresses are not this wallet’s there', () => {
    const psbt = buildPsbt(pub(node.segwitTest), { trPub: pub(node.taprootTest), network: 'testnet', coinType: 1 });
    const d = describePsbt(bytes(psbt), wallet);
    expect(d.network).toBe('testnet');
    expect(d.toSign).toEqual([0, 1]);
    const signed = signPsbt(bytes(psbt), { segwit: priv(node.segwitTest), taproot: priv(node.taprootTest) }, wallet);
    const back = bitcoin.Psbt.fromBuffer(signed.psbt, { network: bitcoin.networks.testnet });
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    const onMainKeys = buildPsbt(pub(node.segwit), { trPub: pub(node.taproot), network: 'testnet' });
    expect(() => describePsbt(bytes(onMainKeys), wallet, { network: 'testnet' })).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_SIGN' }),
    );
  });

  it('refuses private keys that are not the wallet’s keys of that network: nothing signed', () => {
    const psbt = buildPsbt(pub(node.segwit), { trPub: pub(node.taproot) });
    expect(() => signPsbt(bytes(psbt), { segwit: priv(node.segwitTest), taproot: priv(node.taproot) }, wallet)).toThrow(
      expect.objectContaining({ code: 'WRONG_RESULT' }),
    );
    expect(() => signPsbt(bytes(psbt), { segwit: priv(node.segwit), taproot: priv(node.segwit) }, wallet)).toThrow(
      expect.objectContaining({ code: 'WRONG_RESULT' }),
    );
  });
});

describe('Taproot inputs signed by their sighash elsewhere (a FROST wallet’s holders)', () => {
  const tweaked = taprootTweakPrivKey(KEY);
  it('gives each Taproot input’s BIP-341 sighash; signatures over them are added, verified, and bitcoinjs-lib finalizes', () => {
    const psbt = bytes(buildPsbt(PUB, { mine: ['tr', 'tr'] }));
    const t = taprootSighashes(psbt, PUB);
    expect(t.inputs).toEqual([0, 1]);
    const sigs = t.sighashes.map((h) => schnorr.sign(h, tweaked));
    const signed = addTaprootSignatures(psbt, PUB, {}, sigs);
    expect(signed.complete).toBe(true);
    const back = bitcoin.Psbt.fromBuffer(signed.psbt);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().toHex()).toBe(signed.txHex);
  });
  it('refuses a signature that does not verify (a wrong key, or another input’s), and a SegWit input to sign', () => {
    const psbt = bytes(buildPsbt(PUB, { mine: ['tr', 'tr'] }));
    const t = taprootSighashes(psbt, PUB);
    const wrongKey = t.sighashes.map((h) => schnorr.sign(h, KEY));
    expect(() => addTaprootSignatures(psbt, PUB, {}, wrongKey)).toThrow(
      expect.objectContaining({ code: 'WRONG_RESULT' }),
    );
    const good = t.sighashes.map((h) => schnorr.sign(h, tweaked));
    expect(() => addTaprootSignatures(psbt, PUB, {}, [good[1]!, good[0]!])).toThrow(
      expect.objectContaining({ code: 'WRONG_RESULT' }),
    );
    expect(() => addTaprootSignatures(psbt, PUB, {}, [good[0]!])).toThrow(RangeError);
    expect(() => taprootSighashes(bytes(buildPsbt(PUB)), PUB)).toThrow(
      expect.objectContaining({ code: 'INVALID_PSBT' }),
    );
  });
});
