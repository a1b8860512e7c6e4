/**
 * BIP-341's wallet test vectors through JointKey's PSBT code path: the key tweak of key-only
 * outputs, and key-path signatures of whole transactions (with the script tree the PSBT names).
 */
import { readFileSync } from 'node:fs';
import { hex } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Transaction } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { describePsbt, signPsbt } from '../../../../main/core/chains/bitcoin/psbt.js';
import { p2trScript } from '../../../../main/core/chains/bitcoin/network.js';
import { walletDescriptors } from '../../../../main/core/chains/bitcoin/descriptors.js';
import { bitcoinP2trAddress } from '../../../../main/core/chains/addresses.js';
import { bitcoin, ecc, validator } from '../../../support/psbt.js';

interface Vectors {
  scriptPubKey: {
    given: { internalPubkey: string; scriptTree: unknown };
    intermediary: { tweakedPubkey: string };
    expected: { scriptPubKey: string; bip350Address: string };
  }[];
  keyPathSpending: {
    given: { rawUnsignedTx: string; utxosSpent: { scriptPubKey: string; amountSats: number }[] };
    inputSpending: {
      given: { txinIndex: number; internalPrivkey: string; merkleRoot: string | null; hashType: number };
      intermediary: { internalPubkey: string };
      expected: { witness: string[] };
    }[];
  }[];
}

const V = JSON.parse(
  readFileSync(new URL('../../../vectors/bitcoin/bip-0341-wallet-test-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

/** A compressed key with the vector's x-only key (either parity gives the same x-only key). */
const compressed = (xonly: string) => hex.decode(`02${xonly}`);

describe('BIP-341 wallet vectors', () => {
  const keyOnly = V.scriptPubKey.filter((v) => v.given.scriptTree === null);
  it(`key-only outputs (${keyOnly.length}): the wallet's Taproot script, address and descriptor`, () => {
    expect(keyOnly.length).toBeGreaterThan(0);
    for (const v of keyOnly) {
      const key = compressed(v.given.internalPubkey);
      expect(hex.encode(p2trScript(key))).toBe(v.expected.scriptPubKey);
      expect(bitcoinP2trAddress(key)).toBe(v.expected.bip350Address);
      expect(walletDescriptors(key).networks[0]?.p2tr).toBe(v.expected.bip350Address);
    }
  });

  const withTree = V.scriptPubKey.filter((v) => v.given.scriptTree !== null);
  it(`outputs with a script tree (${withTree.length}): an input spending one is the wallet's when the PSBT names its merkle root`, () => {
    for (const v of withTree) {
      const key = compressed(v.given.internalPubkey);
      const merkleRoot = hex.decode((v as unknown as { intermediary: { merkleRoot: string } }).intermediary.merkleRoot);
      const p = (named: boolean) => {
        const tx = new Transaction({ allowUnknownOutputs: true });
        tx.addInput({
          txid: new Uint8Array(32).fill(1),
          index: 0,
          witnessUtxo: { script: hex.decode(v.expected.scriptPubKey), amount: 10_000n },
          ...(named ? { tapInternalKey: key.subarray(1), tapMerkleRoot: merkleRoot } : {}),
        });
        tx.addOutput({ script: hex.decode(v.expected.scriptPubKey), amount: 9_000n });
        return tx.toPSBT();
      };
      const d = describePsbt(p(true), key);
      expect(d.inputs[0]!.owner).toBe('taproot');
      expect(d.inputs[0]!.address).toBe(v.expected.bip350Address);
      // Without the PSBT naming the tree, the output is not the wallet's key-path-only one: nothing to sign.
      expect(() => describePsbt(p(false), key)).toThrow(expect.objectContaining({ code: 'NOTHING_TO_SIGN' }));
    }
  });

  const spend = V.keyPathSpending[0]!;
  /**
   * The vector's transaction as a PSBT: every output spent given, and input `i` named as the
   * wallet's (internal key, merkle root, sighash type). Its second output's script holds an
   * undefined opcode (0xf5), which @scure/btc-signer cannot parse: it is replaced by a P2WSH of the
   * same 32 bytes, so the sighashes differ from the vector's and the signatures are checked by
   * bitcoinjs-lib against the vector's output keys instead.
   */
  function psbtFor(i: number): Uint8Array {
    const raw = spend.given.rawUnsignedTx.replace(
      '20ac9a87f5594be208f8532db38cff670c450ed2fea8fcdefcc9a663f78bab962b',
      '220020ac9a87f5594be208f8532db38cff670c450ed2fea8fcdefcc9a663f78bab962b',
    );
    const tx = Transaction.fromRaw(hex.decode(raw), { allowUnknownOutputs: true, allowUnknownInputs: true });
    spend.given.utxosSpent.forEach((u, n) =>
      tx.updateInput(n, { witnessUtxo: { script: hex.decode(u.scriptPubKey), amount: BigInt(u.amountSats) } }, true),
    );
    const s = spend.inputSpending.find((x) => x.given.txinIndex === i)!;
    tx.updateInput(
      i,
      {
        tapInternalKey: hex.decode(s.intermediary.internalPubkey),
        ...(s.given.merkleRoot ? { tapMerkleRoot: hex.decode(s.given.merkleRoot) } : {}),
        ...(s.given.hashType !== 0 ? { sighashType: s.given.hashType } : {}),
      },
      true,
    );
    return tx.toPSBT();
  }

  for (const s of spend.inputSpending) {
    const { txinIndex: i, hashType, internalPrivkey } = s.given;
    const priv = hex.decode(internalPrivkey);
    const pub = secp256k1.getPublicKey(priv, true);
    if (hashType === 0 || hashType === 1)
      it(`input ${i} (sighash ${hashType}, ${s.given.merkleRoot ? 'script tree named' : 'no script tree'}): signed, and bitcoinjs-lib verifies it under the vector's output key`, () => {
        const p = psbtFor(i);
        const d = describePsbt(p, pub, { acceptHighFee: true });
        expect(d.toSign).toEqual([i]);
        expect(d.inputs[i]!.owner).toBe('taproot');
        const signed = signPsbt(p, priv, pub, { acceptHighFee: true });
        expect(signed.signedInputs).toEqual([i]);
        expect(signed.complete).toBe(false);
        const checked = bitcoin.Psbt.fromBuffer(signed.psbt);
        const sig = checked.data.inputs[i]!.tapKeySig!;
        expect(sig.length).toBe(hashType === 0 ? 64 : 65);
        // bitcoinjs-lib's own BIP-341 sighash, verified by libsecp256k1 under the vector's output key.
        const scripts = spend.given.utxosSpent.map((u) => hex.decode(u.scriptPubKey));
        const values = spend.given.utxosSpent.map((u) => BigInt(u.amountSats));
        const unsigned = bitcoin.Transaction.fromHex(hex.encode(checked.data.globalMap.unsignedTx.toBuffer()));
        const hash = unsigned.hashForWitnessV1(i, scripts, values, hashType);
        const outputKey = scripts[i]!.subarray(2);
        expect(ecc.verifySchnorr(hash, outputKey, sig.subarray(0, 64))).toBe(true);
        expect(checked.validateSignaturesOfInput(i, validator)).toBe(true);
      });
    else
      it(`input ${i} (sighash ${hashType}): refused before any key, as JointKey signs only SIGHASH_ALL`, () => {
        expect(() => describePsbt(psbtFor(i), pub, { acceptHighFee: true })).toThrow(
          expect.objectContaining({ code: 'INVALID_PSBT', message: expect.stringMatching(/SIGHASH_ALL/) }),
        );
      });
  }
});
