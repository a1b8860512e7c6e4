/** A PSBT exported by Electrum (a watch-only wallet, offline), described and signed by JointKey, checked by bitcoinjs-lib. */
import { readFileSync } from 'node:fs';
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { describePsbt, signPsbt } from '../../../../main/core/chains/bitcoin/psbt.js';
import { bitcoin, validator } from '../../../support/psbt.js';

const dir = new URL('../../../vectors/bitcoin/', import.meta.url);
const PSBT = readFileSync(new URL('electrum-4.3.4-watch-only.psbt', dir));
const W = JSON.parse(readFileSync(new URL('electrum-4.3.4-watch-only.json', dir), 'utf8')) as {
  privateKeyHex: string;
  publicKeyHex: string;
  address: string;
  paidTo: string;
  paidSat: number;
  feeSat: number;
};

describe('Electrum 4.3.4’s PSBT', () => {
  const pub = hex.decode(W.publicKeyHex);
  it('is described: the wallet’s SegWit input, the payment, the change back, the fee', () => {
    const d = describePsbt(PSBT, pub, { network: 'testnet' });
    expect(d.inputs).toHaveLength(1);
    expect(d.inputs[0]).toMatchObject({ owner: 'segwit', address: W.address, amountSat: 150_000n });
    const pay = d.outputs.find((o) => o.address === W.paidTo);
    expect(pay?.amountSat).toBe(BigInt(W.paidSat));
    expect(d.outputs.find((o) => o.owner === 'segwit')?.address).toBe(W.address);
    expect(d.feeSat).toBe(BigInt(W.feeSat));
    expect(d.lines.join('\n')).toMatch(/change back to this wallet’s SegWit address/);
  });
  it('is signed; bitcoinjs-lib validates the signature, finalizes and extracts the same transaction', () => {
    const s = signPsbt(PSBT, hex.decode(W.privateKeyHex), pub, { network: 'testnet' });
    expect(s).toMatchObject({ signedInputs: [0], complete: true });
    const back = bitcoin.Psbt.fromBuffer(s.psbt);
    expect(back.validateSignaturesOfAllInputs(validator)).toBe(true);
    back.finalizeAllInputs();
    expect(back.extractTransaction().toHex()).toBe(s.txHex);
  });
});
