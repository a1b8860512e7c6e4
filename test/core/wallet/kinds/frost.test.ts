/**
 * FROST wallets (main/core/wallet/kinds/frost.ts): a key split once by a trusted dealer and then
 * signed share by share, never rebuilt. Checked against RFC 9591's vectors, against noble's BIP-340
 * verifier and OpenSSL's Ed25519 verifier (node:crypto), and against the ordinary wallet's Taproot
 * address for the same key.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberLE, hexToBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../main/core/bytes.js';
import { addressesOf } from '../../../../main/core/chains/addresses.js';
import { readChildKey, walletFromJson } from '../../../../main/core/wallet/kinds/index.js';
import {
  FROST_KIND,
  type FrostWallet,
  checkFrostWallet,
  frostChildKeyFromFile,
  frostChildKeyToFile,
  frostChildKeyToText,
  frostIdentifier,
  frostSignTogether,
  frostSplitKey,
  frostVerify,
} from '../../../../main/core/wallet/kinds/frost.js';
import { refusal } from '../../../support/refusal.js';
import { bitcoin, buildPsbt, foreignSigner, validator } from '../../../support/psbt.js';
import { seededRng } from '../../../support/sets.js';

const LABELS5 = ['Alice', 'Bob', 'Carol', 'Dan', 'Erin'];
const KEY = hexToBytes('0000000000000000000000000000000000000000000000000000000000000003');
const SEED = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'); // RFC 8032 §7.1 test 1

function shares(curve: 'secp256k1' | 'ed25519', key: Uint8Array, labels = LABELS5, threshold = 3) {
  const c = frostSplitKey(
    curve,
    key.slice(),
    { scheme: 'frost', labels, threshold, walletLabel: 'Treasury' },
    'imported',
    seededRng(`frost/${curve}`),
  );
  const files = labels.map((_, i) => c.fileForm(i + 1));
  const wallet = frostChildKeyFromFile(JSON.parse(files[0]!)).wallet;
  return { c, files, wallet, childKeys: () => files.map((f) => frostChildKeyFromFile(JSON.parse(f))) };
}

/** Every subset of `k` of `items`. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

/** OpenSSL's Ed25519 verifier (node:crypto), independent of noble. */
function opensslEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return nodeVerify(null, message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

describe('FROST wallets', () => {
  it('bip340: the group key is the Taproot output key of the key, so the address is the ordinary wallet’s', () => {
    const { wallet, c } = shares('secp256k1', KEY);
    expect(wallet.internalKey).toBe(bytesToHex(schnorr.getPublicKey(KEY)));
    expect(c.curve).toBe('secp256k1');
    const ordinary = addressesOf('secp256k1', hexToBytes(`02${wallet.internalKey}`));
    const mine = walletFromJson(JSON.parse(JSON.stringify(recordOf(c)))).record.addresses;
    expect(mine).toEqual({ bitcoinP2tr: ordinary.bitcoinP2tr });
  });

  it('ed25519: splits the scalar of a seed; the group key is the seed’s public key (RFC 8032)', () => {
    const { wallet } = shares('ed25519', SEED);
    expect(wallet.commitments[0]).toBe(bytesToHex(ed25519.getPublicKey(SEED)));
    expect(bytesToHex(ed25519.getPublicKey(SEED))).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
  });

  it.each(['secp256k1', 'ed25519'] as const)(
    '%s: every 3 of a 3-of-5 sign, verified by an independent verifier; 2 cannot',
    (curve) => {
      const { wallet, childKeys } = shares(curve, curve === 'ed25519' ? SEED : KEY);
      const message = new TextEncoder().encode('pay 1 BTC to the roof fund');
      const all = childKeys();
      const key = hexToBytes(wallet.commitments[0]!);
      for (const set of subsets([0, 1, 2, 3, 4], 3)) {
        const sig = frostSignTogether(
          wallet,
          set.map((i) => ({ ...all[i]!, signingShare: all[i]!.signingShare.slice() })),
          message,
        );
        if (curve === 'ed25519') expect(opensslEd25519(key, message, sig)).toBe(true);
        else expect(schnorr.verify(sig, message, key.subarray(1))).toBe(true);
      }
      const two = walletFromJson(
        JSON.parse(JSON.stringify(recordOf(shares(curve, curve === 'ed25519' ? SEED : KEY).c))),
      ).openSession();
      two.enter(readChildKey(frostChildKeyToFile(all[0]!), { from: 'typed' }));
      two.enter(readChildKey(frostChildKeyToFile(all[1]!), { from: 'typed' }));
      expect(refusal(() => two.sign({ kind: 'health-check' })).code).toBe('TOO_FEW_CHILD_KEYS');
    },
  );

  it('a session at one computer signs share by share and checks health; the key is never rebuilt', () => {
    const { c, files } = shares('secp256k1', KEY);
    const w = walletFromJson(JSON.parse(JSON.stringify(recordOf(c))));
    const s = w.openSession();
    s.enter(readChildKey(files[4]!, { from: 'typed' }));
    expect(refusal(() => s.enter(readChildKey(files[4]!, { from: 'typed' }))).code).toBe('DUPLICATE_CHILD_KEY');
    s.enter(readChildKey(files[0]!, { from: 'typed' }));
    const text = frostChildKeyToText(frostChildKeyFromFile(JSON.parse(files[2]!)));
    expect(text.startsWith('jkf1')).toBe(true);
    s.enter(readChildKey(text, { from: 'typed' }));
    const message = new Uint8Array(32).fill(9);
    const r = s.sign({ kind: 'message', algo: 'bip340', message });
    expect(r.kind).toBe('message');
    if (r.kind !== 'message') return;
    expect(schnorr.verify(hexToBytes(r.signatureHex), message, hexToBytes(r.publicKeyHex))).toBe(true);
    expect(s.closed).toBe(true);
    expect(s.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
  });

  it('refuses Ethereum by name, before any child key is entered: transactions and messages alike', () => {
    const { c } = shares('secp256k1', KEY);
    const s = walletFromJson(JSON.parse(JSON.stringify(recordOf(c)))).openSession();
    const tx = {
      chainId: 1,
      nonce: 0,
      to: `0x${'11'.repeat(20)}`,
      valueWei: 1n,
      gas: 21000n,
      maxFeePerGasWei: 2n,
      maxPriorityFeePerGasWei: 1n,
      data: '0x',
    };
    for (const request of [
      { kind: 'eth-transfer', tx },
      { kind: 'eth-call', tx: { ...tx, data: '0x12345678' }, call: { acceptBlind: true } },
      { kind: 'eth-personal', message: Uint8Array.of(104, 105) },
    ] as const)
      expect(refusal(() => s.describe(request)).message).toMatch(
        /^A FROST wallet cannot sign for Ethereum: .*Use a JointKey or SLIP-39 wallet for Ethereum\.$/,
      );
  });

  it('a child key changed by one character, or of another wallet, is refused by name', () => {
    const { files, c } = shares('ed25519', SEED);
    const edited = JSON.parse(files[1]!);
    edited.signingShare = edited.signingShare.replace(/^./, (ch: string) => (ch === '0' ? '1' : '0'));
    expect(refusal(() => frostChildKeyFromFile(edited)).code).toBe('CHILD_KEY_MISMATCH');
    const other = shares('ed25519', ed25519.utils.randomSecretKey());
    const s = walletFromJson(JSON.parse(JSON.stringify(recordOf(c)))).openSession();
    const e = refusal(() => s.enter(readChildKey(other.files[0]!, { from: 'file', path: '/x/alice.frost.json' })));
    expect(e.code).toBe('DIFFERENT_WALLET');
    expect(e.message).toContain('/x/alice.frost.json');
    const typo = frostChildKeyToText(frostChildKeyFromFile(JSON.parse(files[0]!))).replace(/.$/, (ch) =>
      ch === 'q' ? 'p' : 'q',
    );
    expect(refusal(() => readChildKey(typo, { from: 'typed' })).code).toBe('CHECKSUM_MISMATCH');
  });

  it('the kind is registered: its files are read as FROST child keys, and a JointKey session refuses them by name', () => {
    const { files } = shares('secp256k1', KEY);
    const r = readChildKey(files[0]!, { from: 'file', path: 'alice.frost.json' });
    expect(r.kind).toBe(FROST_KIND);
    r.wipe();
  });
});

describe('RFC 9591 vectors through the project’s code', () => {
  const vectors = (name: string) =>
    JSON.parse(readFileSync(new URL(`../../../vectors/frost/${name}`, import.meta.url), 'utf8')) as {
      inputs: {
        group_secret_key: string;
        group_public_key: string;
        message: string;
        share_polynomial_coefficients: string[];
        participant_shares: { identifier: number; participant_share: string }[];
        participant_list: number[];
      };
      round_one_outputs: {
        outputs: { identifier: number; hiding_nonce_randomness: string; binding_nonce_randomness: string }[];
      };
      final_output: { sig: string };
    };

  it('Ed25519: the dealer’s shares check against their commitments, and signing with the vector’s nonce randomness gives the vector’s signature', () => {
    const v = vectors('frost-ed25519-sha512.json');
    const P = ed25519.Point;
    const scalar = (hex: string) => bytesToNumberLE(hexToBytes(hex));
    const labels = ['P1', 'P2', 'P3'];
    const wallet: FrostWallet = {
      walletLabel: 'RFC 9591',
      labels,
      algo: 'ed25519',
      threshold: 2,
      internalKey: null,
      commitments: [v.inputs.group_secret_key, ...v.inputs.share_polynomial_coefficients].map((h) =>
        bytesToHex(P.BASE.multiply(scalar(h)).toBytes()),
      ),
      verifyingShares: Object.fromEntries(
        v.inputs.participant_shares.map((s) => [
          frostIdentifier('ed25519', s.identifier),
          bytesToHex(P.BASE.multiply(scalar(s.participant_share)).toBytes()),
        ]),
      ),
    };
    checkFrostWallet(wallet);
    expect(wallet.commitments[0]).toBe(v.inputs.group_public_key);
    const cks = v.inputs.participant_shares.map((s) =>
      frostChildKeyFromFile(
        JSON.parse(
          frostChildKeyToFile({
            index: s.identifier,
            label: labels[s.identifier - 1]!,
            signingShare: hexToBytes(s.participant_share),
            wallet,
          }),
        ),
      ),
    );
    const randomness = v.round_one_outputs.outputs.flatMap((o) => [
      hexToBytes(o.hiding_nonce_randomness),
      hexToBytes(o.binding_nonce_randomness),
    ]);
    const rng = (n: number) => {
      const next = randomness.shift();
      if (!next || next.length !== n) throw new Error(`the vector gives no ${n}-byte randomness here`);
      return next;
    };
    const signers = cks.filter((ck) => v.inputs.participant_list.includes(ck.index));
    const sig = frostSignTogether(wallet, signers, hexToBytes(v.inputs.message), rng);
    expect(bytesToHex(sig)).toBe(v.final_output.sig);
    expect(frostVerify(wallet, sig, hexToBytes(v.inputs.message))).toBe(true);
  });

  it('secp256k1: the dealer’s shares (x = 1..n over the group order) check against their commitments', () => {
    const v = vectors('frost-secp256k1-sha256.json');
    const P = secp256k1.Point;
    const scalar = (hex: string) => BigInt(`0x${hex}`);
    const commitments = [v.inputs.group_secret_key, ...v.inputs.share_polynomial_coefficients].map((h) =>
      P.BASE.multiply(scalar(h)).toBytes(true),
    );
    expect(bytesToHex(commitments[0]!)).toBe(v.inputs.group_public_key);
    for (const s of v.inputs.participant_shares) {
      const x = BigInt(s.identifier);
      const expected = P.fromBytes(commitments[0]!).add(P.fromBytes(commitments[1]!).multiply(x));
      expect(P.BASE.multiply(scalar(s.participant_share)).equals(expected)).toBe(true);
    }
  });
});

describe('a FROST Taproot wallet signs a PSBT at one computer: one FROST signature per input, never the key', () => {
  it('its Taproot inputs are signed by 3 of 5 holders’ shares; the foreign input is left; bitcoinjs-lib validates and finalizes', () => {
    const { c, files } = shares('secp256k1', KEY);
    const w = walletFromJson(JSON.parse(JSON.stringify(recordOf(c))));
    // The wallet's Taproot address is the BIP-86 output of the key: build a PSBT spending two of its
    // coins (and a foreign one), as a watch-only wallet would, with bitcoinjs-lib.
    const internal = secp256k1.getPublicKey(KEY, true);
    const psbt = buildPsbt(internal, { mine: ['tr', 'tr'], foreign: true });
    const request = { kind: 'bitcoin-psbt' as const, psbt: psbt.toBuffer(), options: {} };
    const s = w.openSession();
    const text = s.describe(request).join('\n');
    expect(text).toMatch(/Input 0: .* this wallet’s Taproot address, signed now/);
    expect(text).toMatch(/Input 1: .* this wallet’s Taproot address, signed now/);
    expect(text).toMatch(/Input 2: .* someone else’s, not signed by this wallet/);
    for (const i of [0, 2, 4]) s.enter(readChildKey(files[i]!, { from: 'typed' }));
    const r = s.sign(request);
    if (r.kind !== 'bitcoin-psbt') throw new Error(r.kind);
    expect(r.signedInputs).toEqual([0, 1]);
    expect(r.complete).toBe(false);
    const back = bitcoin.Psbt.fromBase64(r.psbtBase64);
    back.signInput(2, foreignSigner);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().ins).toHaveLength(3);
  });

  it('refuses a SegWit input of the key (a FROST wallet has no SegWit address: someone else’s) and an Ed25519 wallet', () => {
    const { c } = shares('secp256k1', KEY);
    const w = walletFromJson(JSON.parse(JSON.stringify(recordOf(c))));
    const internal = secp256k1.getPublicKey(KEY, true);
    const segwitOnly = buildPsbt(internal, { mine: ['wpkh'], change: false });
    expect(
      refusal(() => w.openSession().describe({ kind: 'bitcoin-psbt', psbt: segwitOnly.toBuffer(), options: {} })).code,
    ).toBe('NOTHING_TO_SIGN');
    const ed = walletFromJson(JSON.parse(JSON.stringify(recordOf(shares('ed25519', SEED).c))));
    const any = buildPsbt(internal, { mine: ['tr'] });
    expect(
      refusal(() => ed.openSession().describe({ kind: 'bitcoin-psbt', psbt: any.toBuffer(), options: {} })).code,
    ).toBe('INVALID_ARGUMENT');
  });
});

/** The wallet record a finished FROST ceremony writes (every receipt taken from its own files). */
function recordOf(c: ReturnType<typeof frostSplitKey>) {
  c.labels.forEach((_, i) =>
    c.confirmRead(i + 1, readChildKey(c.fileForm(i + 1), { from: 'typed' }), 'file', '2026-12-04T00:00:00.000Z'),
  );
  return c.recordJson('2026-12-04T00:00:00.000Z');
}
