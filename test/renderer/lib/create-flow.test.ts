/**
 * The Create screen's flow rules (renderer/src/lib/create-flow.ts), without a DOM: what each step
 * needs before the next, the rules offered, and the start request main receives.
 */
import { describe, expect, it } from 'vitest';
import {
  canRekey,
  emptyKeyDraft,
  hasTakenSomething,
  keyProblem,
  ownersProblem,
  passphraseProblem,
  rekeyRequest,
  ruleChoices,
  ruleOf,
  slip39ThresholdChoices,
  startRequest,
  thresholdChoices,
} from '../../../renderer/src/lib/create-flow.js';

describe('the Create flow rules', () => {
  it('owners: a name for the wallet, 2 to 16 named owners, no two alike (ignoring case), each refusal saying what to do', () => {
    expect(ownersProblem('Family savings', ['Alice', 'Bob'])).toBeUndefined();
    expect(ownersProblem('', ['Alice', 'Bob'])).toMatch(/Give the wallet a name/);
    expect(ownersProblem('F', ['Alice'])).toMatch(/at least two owners\. Add another owner\./);
    expect(ownersProblem('F', ['Alice', ' '])).toBe('Owner 2 has no name. Type their name, or remove that row.');
    expect(ownersProblem('F', ['Alice', 'Bob', 'alice '])).toBe(
      'Owners 1 and 3 have the same name. Give each owner a different name.',
    );
    expect(
      ownersProblem(
        'F',
        Array.from({ length: 17 }, (_, i) => `H${i}`),
      ),
    ).toMatch(/up to 16 owners/);
    expect(ownersProblem('F', ['Alice', 'é'.repeat(33)])).toMatch(/Owner 2’s name is too long/);
  });

  it('rules: all must sign by default; any T of N needs three owners; SLIP-39 is offered, explained as standard words', () => {
    const [all, any, slip] = ruleChoices(3, 2);
    expect(all).toMatchObject({ id: 'all', title: 'All 3 owners must sign', available: true });
    expect(any).toMatchObject({ id: 'any', title: 'Any 2 of 3 owners', available: true });
    expect(slip).toMatchObject({ id: 'slip39', title: 'SLIP-39 recovery words', available: true });
    expect(slip!.sentence).toMatch(/standard SLIP-39 words.*recoverable in any SLIP-39 wallet \(Trezor, Keystone…\)/);
    // A standard SLIP-39 wallet is a new secp256k1 seed: an imported key, or an Ed25519 one, is told why not.
    const generated = ruleChoices(3, 2, { kind: 'generate', curve: 'secp256k1' })[2]!;
    expect(generated).toEqual(slip);
    const imported = ruleChoices(3, 2, { kind: 'import', curve: 'secp256k1' })[2]!;
    expect(imported.available).toBe(false);
    expect(imported.sentence).toMatch(/^Only for a new key: .*show other addresses/);
    const ed = ruleChoices(3, 2, { kind: 'generate', curve: 'ed25519' })[2]!;
    expect(ed).toMatchObject({ available: false });
    for (const c of [imported, ed]) expect(c.sentence.split(/\. [A-Z]/)).toHaveLength(1);
    expect(slip39ThresholdChoices(4)).toEqual([
      { value: 4, title: 'All 4 of 4' },
      { value: 2, title: '2 of 4' },
      { value: 3, title: '3 of 4' },
    ]);
    expect(ruleChoices(2, 2)[1]!.available).toBe(false);
    for (const c of ruleChoices(4, 3)) expect(c.sentence.split(/\. [A-Z]/)).toHaveLength(1);
    expect(thresholdChoices(2)).toEqual([]);
    expect(thresholdChoices(5)).toEqual([2, 3, 4]);
  });

  it('the start request: generated or imported key, additive for all, shamir with T for any', () => {
    const key = emptyKeyDraft();
    expect(startRequest(key, ' Family ', [' Alice', 'Bob '], 'all', 2)).toEqual({
      source: { kind: 'generate', curve: 'secp256k1' },
      walletLabel: 'Family',
      holders: ['Alice', 'Bob'],
      scheme: 'additive',
    });
    const file = { ...key, kind: 'import' as const, importKind: 'key-file' as const, path: ' /keys/k.txt ' };
    expect(startRequest(file, 'F', ['A', 'B', 'C'], 'any', 2)).toMatchObject({
      source: { kind: 'key-file', path: '/keys/k.txt', curve: 'secp256k1' },
      scheme: 'shamir',
      threshold: 2,
    });
    expect(startRequest(key, 'F', ['A', 'B', 'C'], 'slip39', 2)).toMatchObject({ scheme: 'slip39', threshold: 3 });
    expect(startRequest(key, 'F', ['A', 'B', 'C'], 'slip39', 2, 2)).toMatchObject({ scheme: 'slip39', threshold: 2 });
    expect(startRequest(key, 'F', ['A', 'B', 'C'], 'slip39', 2, 9)).toMatchObject({ scheme: 'slip39', threshold: 3 });
    const phrase = { ...key, kind: 'import' as const, importKind: 'mnemonic' as const, phrase: 'abandon …' };
    expect(startRequest(phrase, 'F', ['A', 'B'], 'all', 2).source).toEqual({
      kind: 'mnemonic',
      phrase: 'abandon …',
      path: "m/44'/60'/0'/0/0",
    });
  });

  it('the key step says what is missing', () => {
    const key = emptyKeyDraft();
    expect(keyProblem(key)).toBeUndefined();
    expect(keyProblem({ ...key, kind: 'import' })).toMatch(/Paste the private key/);
    expect(keyProblem({ ...key, kind: 'import', importKind: 'keystore', path: '/k.json' })).toMatch(/password/);
    expect(
      keyProblem({ ...key, kind: 'import', importKind: 'keystore', path: '/k.json', password: 'p' }),
    ).toBeUndefined();
  });

  it('a passphrase is used only when main judged it strong and the repeat matches', () => {
    expect(passphraseProblem('', '', undefined)).toMatch(/Choose a passphrase/);
    expect(passphraseProblem('a b c d', 'a b c d', undefined)).toBe('Checking the passphrase…');
    expect(passphraseProblem('a b c d', 'a b c d', false)).toMatch(/too weak/);
    expect(passphraseProblem('a b c d', 'a b c d ', true)).toMatch(/not the same/);
    expect(passphraseProblem('a b c d', '', true)).toMatch(/again/);
    expect(passphraseProblem('a b c d', 'a b c d', true)).toBeUndefined();
    expect(hasTakenSomething(undefined)).toBe(false);
    expect(hasTakenSomething({})).toBe(false);
    expect(hasTakenSomething({ wordsShown: true })).toBe(true);
  });

  it('a rekey starts from the wallet’s own rule; unchanged, its request keeps the old scheme (a refresh)', () => {
    expect(ruleOf({ scheme: 'shamir', threshold: 2, parties: 3 })).toEqual({
      rule: 'any',
      threshold: 2,
      slip39Threshold: 0,
    });
    expect(ruleOf({ scheme: 'xor', threshold: 3, parties: 3 }).rule).toBe('all');
    expect(ruleOf({ scheme: 'slip39', threshold: 2, parties: 3 })).toMatchObject({
      rule: 'slip39',
      slip39Threshold: 2,
    });
    const holders = [' Alice', 'Bob ', 'Carol'];
    expect(rekeyRequest('s', { scheme: 'gf256' }, ' Family ', holders, 'any', 2)).toEqual({
      sessionId: 's',
      walletLabel: 'Family',
      holders: ['Alice', 'Bob', 'Carol'],
      scheme: 'gf256',
      threshold: 2,
    });
    expect(rekeyRequest('s', { scheme: 'xor' }, 'F', holders, 'all', 2)).toMatchObject({ scheme: 'xor' });
    expect(rekeyRequest('s', { scheme: 'xor' }, 'F', holders, 'all', 2)).not.toHaveProperty('threshold');
    // Another rule: the method's scheme for it.
    expect(rekeyRequest('s', { scheme: 'xor' }, 'F', holders, 'any', 2)).toMatchObject({ scheme: 'shamir' });
    expect(rekeyRequest('s', { scheme: 'shamir' }, 'F', holders, 'all', 2)).toMatchObject({ scheme: 'additive' });
    expect(rekeyRequest('s', { scheme: 'slip39' }, 'F', holders, 'slip39', 2, 9)).toMatchObject({
      scheme: 'slip39',
      threshold: 3,
    });
  });

  it('a rekey offers only rules that keep the key: SLIP-39 stays SLIP-39, a JointKey wallet never becomes one', () => {
    const jk = ruleChoices(4, 3, undefined, 'shamir');
    expect(jk.map((c) => [c.id, c.available])).toEqual([
      ['all', true],
      ['any', true],
      ['slip39', false],
    ]);
    expect(jk[2]!.sentence).toMatch(/^Not for a rekey: .*other addresses/);
    const s = ruleChoices(3, 2, undefined, 'slip39');
    expect(s.map((c) => [c.id, c.available])).toEqual([
      ['all', false],
      ['any', false],
      ['slip39', true],
    ]);
  });

  it('a wallet can be rekeyed unless FROST, a secret, or already replaced', () => {
    expect(canRekey({ scheme: 'shamir', curve: 'secp256k1', replaced: undefined })).toBe(true);
    expect(canRekey({ scheme: 'frost', curve: 'secp256k1', replaced: undefined })).toBe(false);
    expect(canRekey({ scheme: 'additive', curve: null, replaced: undefined })).toBe(false);
    expect(
      canRekey({
        scheme: 'shamir',
        curve: 'ed25519',
        replaced: { by: '0'.repeat(32), at: '2026-12-05T00:00:00.000Z', how: 'refreshed' },
      }),
    ).toBe(false);
  });
});
