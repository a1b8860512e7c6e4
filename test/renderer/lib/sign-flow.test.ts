/**
 * The renderer's flow rules for the Joint signing, Health check and Import screens
 * (renderer/src/lib/sign-flow.ts), without a DOM: amounts to wei, the compose form's checks (each
 * saying what to enter), which keychain entries a holder can still use, and the verdict line.
 */
import { describe, expect, it } from 'vitest';
import {
  algosFor,
  callRequest,
  checkTone,
  emptyCall,
  emptyToken,
  emptySol,
  emptyTransfer,
  kindsFor,
  personalRequest,
  solRequest,
  tokenRequest,
  typedDataRequest,
  fileName,
  messageRequest,
  toBaseUnits,
  transferRequest,
  usableEntries,
  verdictLine,
} from '../../../renderer/src/lib/sign-flow.js';

const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('sign-flow', () => {
  it('toBaseUnits: decimal ETH and gwei to whole wei, refusing what is not a plain amount', () => {
    expect(toBaseUnits('1', 18)).toBe('1000000000000000000');
    expect(toBaseUnits('0.5', 18)).toBe('500000000000000000');
    expect(toBaseUnits('.25', 18)).toBe('250000000000000000');
    expect(toBaseUnits('1.5', 9)).toBe('1500000000');
    expect(toBaseUnits('0', 18)).toBe('0');
    expect(toBaseUnits(' 2. ', 9)).toBe('2000000000');
    expect(toBaseUnits('0.0000000000000000001', 18)).toBeUndefined(); // 19 decimals
    for (const bad of ['', '-1', '1e18', '0x10', '1,5', 'one', '1.2.3', '.'])
      expect(toBaseUnits(bad, 18)).toBeUndefined();
  });

  it('transferRequest: a valid form becomes the contract’s request; each wrong field says what to enter', () => {
    const r = transferRequest({ ...emptyTransfer(), to: TO, amountEth: '0.5', chainId: '31337' });
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'eth-transfer',
        tx: {
          chainId: 31337,
          nonce: 0,
          to: TO,
          valueWei: '500000000000000000',
          gas: '21000',
          maxFeePerGasWei: '30000000000',
          maxPriorityFeePerGasWei: '1500000000',
          data: '0x',
        },
      },
    });
    const bad = transferRequest({
      to: '0x1234',
      amountEth: 'lots',
      chainId: '0',
      nonce: '-1',
      gas: '100',
      maxFeeGwei: '2',
      tipGwei: '3',
    });
    if (bad.ok) throw new Error('expected errors');
    expect(Object.keys(bad.errors).sort()).toEqual(['amountEth', 'chainId', 'gas', 'nonce', 'tipGwei', 'to']);
    expect(bad.errors['to']).toMatch(/^Enter the recipient’s Ethereum address/);
    expect(bad.errors['tipGwei']).toMatch(/cannot be more than the fee cap/);
  });

  it('messageRequest: text as it is, hex checked; an empty message says what to write', () => {
    expect(messageRequest({ message: 'We agree.', algo: 'bip340', encoding: 'utf8' })).toEqual({
      ok: true,
      value: { kind: 'message', algo: 'bip340', encoding: 'utf8', message: 'We agree.' },
    });
    expect(messageRequest({ message: '0xc0ffee', algo: 'ed25519', encoding: 'hex' }).ok).toBe(true);
    expect(messageRequest({ message: 'c0ffe', algo: 'ed25519', encoding: 'hex' })).toMatchObject({
      ok: false,
      errors: { message: expect.stringMatching(/not hex/) },
    });
    expect(messageRequest({ message: '', algo: 'bip340', encoding: 'utf8' }).ok).toBe(false);
    expect(algosFor('ed25519').map((a) => a.id)).toEqual(['ed25519']);
    expect(algosFor('secp256k1').map((a) => a.id)).toEqual(['ecdsa-sha256', 'bip340']);
    expect(algosFor(null)).toEqual([]);
    expect(algosFor('secp256k1', 'frost').map((a) => a.id)).toEqual(['bip340']);
  });

  it('kindsFor: only what main signs for the wallet — Solana for Ed25519, Ethereum and Bitcoin for secp256k1, no Ethereum for FROST', () => {
    const ids = (curve: 'secp256k1' | 'ed25519' | null, scheme: string) => kindsFor({ curve, scheme }).map((k) => k.id);
    expect(ids('ed25519', 'shamir')).toEqual(['sol-transfer', 'message']);
    expect(ids('ed25519', 'frost')).toEqual(['sol-transfer', 'message']);
    expect(ids('ed25519', 'slip39')).toEqual(['sol-transfer', 'message']);
    expect(ids('secp256k1', 'shamir')).toEqual([
      'eth-transfer',
      'eth-erc20',
      'eth-call',
      'eth-personal',
      'eth-typed-data',
      'bitcoin-psbt',
      'message',
    ]);
    expect(ids('secp256k1', 'frost')).toEqual(['bitcoin-psbt', 'message']);
    expect(ids(null, 'shamir')).toEqual([]);
    expect(kindsFor({ curve: 'ed25519', scheme: 'shamir' })[0]?.label).toBe('A Solana transfer (SOL)');
  });

  it('solRequest: recipient and blockhash in base58, an amount given; the amount goes to main as typed', () => {
    const SOL_TO = 'FDwkzWGxx6LfCfzcmVVLEk3QUMxNhuFuKEMRwzR4Dtys';
    const HASH = 'J2BjKU6L83eehHVgoze6uTXGCBu6nbxsqEro9QvWpU52';
    expect(solRequest({ to: ` ${SOL_TO} `, amountSol: '1.5 ', recentBlockhash: HASH })).toEqual({
      ok: true,
      value: { kind: 'sol-transfer', to: SOL_TO, amount: '1.5', recentBlockhash: HASH },
    });
    // Main says what is wrong with an amount (0, a sign, 10 decimals): the form passes it on.
    expect(solRequest({ to: SOL_TO, amountSol: '-1', recentBlockhash: HASH }).ok).toBe(true);
    expect(solRequest(emptySol())).toEqual({
      ok: false,
      errors: {
        solTo: expect.stringMatching(/recipient’s Solana address/),
        solAmount: expect.stringMatching(/amount of SOL/),
        solBlockhash: expect.stringMatching(/recent blockhash/),
      },
    });
    expect(solRequest({ to: TO, amountSol: '1', recentBlockhash: `${HASH.slice(0, -1)}0` })).toMatchObject({
      ok: false,
      errors: { solTo: expect.stringMatching(/without 0, O, I and l/), solBlockhash: expect.any(String) },
    });
  });

  it('usableEntries: this wallet’s readable entries whose holder has not entered yet', () => {
    const wallet = 'a'.repeat(32);
    const entry = (setId: string, index: number, problem?: string) => ({
      id: `${setId}/${index}`,
      setId,
      index,
      wallet: 'W',
      holder: `H${index}`,
      ...(problem ? { problem } : {}),
    });
    const entries = [entry(wallet, 1), entry(wallet, 2), entry('b'.repeat(32), 3), entry(wallet, 3, 'TAMPERED_FILE')];
    const progress = {
      have: 1,
      need: 2,
      entered: [{ index: 1, label: 'H1' }],
      missing: [],
      ready: false,
      summary: '',
    };
    expect(usableEntries(entries, wallet, progress).map((e) => e.id)).toEqual([`${wallet}/2`]);
  });

  it('verdictLine, checkTone, fileName', () => {
    expect(verdictLine({ accepted: true, holder: { index: 2, label: 'Bob' } })).toEqual({
      tone: 'ok',
      text: 'Bob’s child key is in.',
    });
    expect(verdictLine({ accepted: false, code: 'DUPLICATE_CHILD_KEY', message: 'Again.' })).toEqual({
      tone: 'error',
      text: 'Again.',
    });
    expect(checkTone({ state: 'complete', message: '', typed: 1 })).toBe('ok');
    expect(checkTone({ state: 'incomplete', message: '', typed: 1 })).toBe('info');
    expect(checkTone({ state: 'typo', message: '', typed: 1 })).toBe('error');
    expect(fileName('/home/bob/keys/Family savings - 2 Bob.jointkey.age')).toBe('Family savings - 2 Bob.jointkey.age');
    expect(fileName('C:\\Users\\bob\\2 Bob.jointkey.age')).toBe('2 Bob.jointkey.age');
  });

  it('the token form: an amount in the token’s units, an unlimited approval, decimals and symbol both or neither', () => {
    const fees = emptyTransfer();
    fees.gas = '60000';
    const t = { ...emptyToken(), token: TO, to: TO, amount: '250.5', decimals: '6', symbol: 'USDC' };
    expect(tokenRequest(t, fees)).toEqual({
      ok: true,
      value: {
        kind: 'eth-erc20',
        tx: {
          chainId: 1,
          nonce: 0,
          gas: '60000',
          maxFeePerGasWei: '30000000000',
          maxPriorityFeePerGasWei: '1500000000',
        },
        token: TO,
        action: 'transfer',
        to: TO,
        amount: '250.5',
        decimals: 6,
        symbol: 'USDC',
      },
    });
    const unlimited = tokenRequest({ ...t, action: 'approve', unlimited: true, amount: '' }, fees);
    expect(unlimited.ok && unlimited.value).toMatchObject({ action: 'approve', amount: 'unlimited' });
    // Unlimited means nothing for a transfer: the amount is asked for.
    expect(tokenRequest({ ...t, unlimited: true, amount: '' }, fees)).toMatchObject({
      ok: false,
      errors: { tokenAmount: expect.any(String) },
    });
    const fromNode = tokenRequest({ ...t, decimals: '', symbol: '' }, fees);
    expect(fromNode.ok && 'decimals' in fromNode.value).toBe(false);
    expect(tokenRequest({ ...t, symbol: '' }, fees)).toMatchObject({
      ok: false,
      errors: { decimals: expect.stringMatching(/both/) },
    });
    expect(tokenRequest({ ...t, token: '0x12' }, fees)).toMatchObject({
      ok: false,
      errors: { token: expect.any(String) },
    });
  });

  it('the call form: with an ABI file; without one, blind only when as many holders as the rule needs ticked', () => {
    const fees = emptyTransfer();
    const c = { ...emptyCall(), to: TO, data: '0xa9059cbb00' };
    const withAbi = callRequest({ ...c, abiPath: '/x/abi.json' }, fees, 2);
    expect(withAbi.ok && withAbi.value).toMatchObject({ kind: 'eth-call', abiPath: '/x/abi.json' });
    const none = callRequest(c, fees, 2);
    expect(none.ok && 'acceptBlind' in none.value).toBe(false);
    expect(callRequest({ ...c, blind: { Alice: true } }, fees, 2)).toMatchObject({
      ok: false,
      errors: { blind: expect.stringMatching(/2 holders: 1 ticked/) },
    });
    const blind = callRequest({ ...c, blind: { Alice: true, Bob: true } }, fees, 2);
    expect(blind.ok && blind.value).toMatchObject({ acceptBlind: true });
    expect(callRequest({ ...c, data: '0x' }, fees, 2)).toMatchObject({
      ok: false,
      errors: { callData: expect.any(String) },
    });
  });

  it('an Ethereum message and typed data: text or hex; JSON checked here, its schema in main', () => {
    expect(personalRequest({ message: 'hi', encoding: 'utf8' })).toEqual({
      ok: true,
      value: { kind: 'eth-personal', encoding: 'utf8', message: 'hi' },
    });
    expect(personalRequest({ message: 'zz', encoding: 'hex' }).ok).toBe(false);
    expect(typedDataRequest(' {"a":1} ')).toEqual({ ok: true, value: { kind: 'eth-typed-data', json: '{"a":1}' } });
    expect(typedDataRequest('{domain')).toMatchObject({
      ok: false,
      errors: { typedData: expect.stringMatching(/not JSON/) },
    });
  });
});
