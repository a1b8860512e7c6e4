/**
 * The split ceremony: each holder's receipt is checked against the child key they were given; the
 * original key is wiped only after every receipt; a generated wallet's addresses wait for them; a
 * wallet record carries one receipt per holder. And the passphrase rule for encrypted files.
 */
import { describe, expect, it } from 'vitest';
import { SplitCeremony } from '../../../main/core/wallet/kinds/jointkey.js';
import {
  MIN_GUESSES_LOG10,
  assertStrongPassphrase,
  holderPassphraseVerdict,
  passphraseStrength,
} from '../../../main/core/wallet/passphrase-strength.js';
import { walletRecordFromJson, walletRecordOf } from '../../../main/core/wallet/kinds/jointkey.js';
import { refusal } from '../../support/refusal.js';
import { altered, keySet } from '../../support/sets.js';

const AT = '2026-11-24T10:00:00.000Z';

function ceremony(origin: 'generated' | 'imported' = 'generated', seed = 'ceremony') {
  const set = keySet('shamir', seed, 2);
  const key = set.key.slice();
  // The test keeps copies of what each holder was handed (their files), as holders would.
  const handed = set.childKeys.map((ck) => ({ ...ck, share: ck.share.slice() }));
  return { c: new SplitCeremony(set, key, origin), handed, set };
}

describe('SplitCeremony', () => {
  it('records each holder’s receipt, reports who is missing, and wipes everything only after the last', () => {
    const { c, handed } = ceremony();
    expect(c.progress().summary).toBe('0 of 3 holders have confirmed — waiting for Alice, Bob, Carol');
    expect(c.depositsAllowed).toBe(false);
    c.confirm(1, handed[0]!, 'file', AT);
    c.confirm(3, handed[2]!, 'words', AT);
    expect(c.progress()).toMatchObject({ confirmed: 2, complete: false, waiting: [{ index: 2, label: 'Bob' }] });
    expect(c.progress().summary).toBe('2 of 3 holders have confirmed — waiting for Bob');
    expect(refusal(() => c.finish())).toEqual({
      code: 'RECEIPT_MISSING',
      message:
        'Deleting the original key waits until every holder has confirmed their child key: 2 of 3 holders have confirmed — waiting for Bob.',
    });
    expect(refusal(() => c.requireComplete('showing the deposit address')).code).toBe('RECEIPT_MISSING');
    expect(c.secretBuffers().every((b) => b.some((x) => x !== 0))).toBe(true);
    c.confirm(2, handed[1]!, 'file', AT);
    expect(c.depositsAllowed).toBe(true);
    const receipts = c.finish();
    expect(receipts).toEqual([
      { index: 1, holder: 'Alice', method: 'file', confirmedAt: AT },
      { index: 2, holder: 'Bob', method: 'file', confirmedAt: AT },
      { index: 3, holder: 'Carol', method: 'words', confirmedAt: AT },
    ]);
    expect(c.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
    expect(c.finished).toBe(true);
    expect(refusal(() => c.childKey(1)).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses a receipt that is not exactly the holder’s own child key, naming the holder', () => {
    const { c, handed } = ceremony();
    const other = keySet('shamir', 'another split', 2).childKeys[1]!;
    const cases = [
      { presented: handed[0]!, why: 'Bob presented child key 1 (Alice), not their own (child key 2).' },
      { presented: altered(handed[1]!, { share: handed[0]!.share }), why: 'What Bob presented is not the child key' },
      { presented: other, why: 'What Bob presented is not the child key they were given' },
    ];
    for (const { presented, why } of cases) {
      const r = refusal(() => c.confirm(2, presented, 'file', AT));
      expect(r.code).toBe('RECEIPT_MISMATCH');
      expect(r.message).toContain(why);
      expect(r.message).toMatch(/Hand Bob their child key again|Each holder confirms/);
    }
    expect(c.progress().confirmed).toBe(0);
  });

  it('an imported key’s addresses may be shown at once; abandoning wipes without receipts', () => {
    const { c } = ceremony('imported');
    expect(c.depositsAllowed).toBe(true);
    c.abandon();
    expect(c.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
    expect(refusal(() => c.finish()).code).toBe('INVALID_ARGUMENT');
  });

  it('a second confirmation keeps the first receipt', () => {
    const { c, handed } = ceremony();
    const first = c.confirm(1, handed[0]!, 'words', AT);
    expect(c.confirm(1, handed[0]!, 'file', '2026-12-01T00:00:00.000Z')).toEqual(first);
  });
});

describe('wallet records carry one receipt per holder', () => {
  const { set } = keySet('shamir', 'record', 2);
  const receipts = set.labels.map((holder, i) => ({ index: i + 1, holder, method: 'file' as const, confirmedAt: AT }));

  it('round-trips, and is refused without a receipt per holder', () => {
    const json = JSON.parse(JSON.stringify(walletRecordOf(set, AT, receipts)));
    expect(walletRecordFromJson(json).record.receipts).toEqual(receipts);
    expect(refusal(() => walletRecordOf(set, AT, receipts.slice(0, 2)))).toMatchObject({
      code: 'RECEIPT_MISSING',
      message: expect.stringContaining('2 of 3 receipts'),
    });
    expect(refusal(() => walletRecordOf(set, AT, [receipts[1]!, receipts[0]!, receipts[2]!])).code).toBe(
      'RECEIPT_MISSING',
    );
  });

  it('a record whose receipts were edited by hand is refused', () => {
    for (const edit of [
      (j: any) => j.receipts.pop(),
      (j: any) => (j.receipts[1].holder = 'Mallory'),
      (j: any) => (j.receipts[0].method = 'trust me'),
      (j: any) => (j.receipts[2].confirmedAt = 'yesterday'),
      (j: any) => delete j.receipts,
    ]) {
      const json = JSON.parse(JSON.stringify(walletRecordOf(set, AT, receipts)));
      edit(json);
      expect(refusal(() => walletRecordFromJson(json)).code).toBe('TAMPERED_FILE');
    }
  });
});

describe('passphrase strength (zxcvbn-ts): at least 10^10 guesses', () => {
  it.each([
    ['', 'empty'],
    ['password123', 'common'],
    ['qwertyuiop123', 'a keyboard row'],
    ['P@ssw0rd2024!', 'a word with substitutions and a year'],
    ['Family savings 2026!', 'the wallet label'],
    ['Bob Bob Bob Bob', 'the holder label repeated'],
    ['kX9#mP2vQ', 'short random'],
  ])('refuses %j (%s) with a reason and what to do', (p) => {
    const s = passphraseStrength(p, ['Family savings', 'Bob']);
    expect(s.ok).toBe(false);
    expect(s.guessesLog10).toBeLessThan(MIN_GUESSES_LOG10);
    expect(s.reason).toMatch(/Choose four or more random words/);
    const r = refusal(() => assertStrongPassphrase(p, 'Bob', ['Family savings', 'Bob']));
    expect(r.code).toBe('WEAK_PASSPHRASE');
    expect(r.message).toMatch(/^The passphrase for Bob is too weak\./);
  });

  it.each(['correct horse battery staple', 'lantern orbit mossy tulip', 'river-lamp-Oak-7-Sunday'])(
    'accepts %j',
    (p) => {
      expect(passphraseStrength(p, ['Family savings', 'Bob'])).toMatchObject({ ok: true, reason: '' });
      expect(() => assertStrongPassphrase(p, 'Bob')).not.toThrow();
    },
  );

  it('counts the labels as known words', () => {
    const p = 'Greenfield Partners Anna-Lena';
    expect(passphraseStrength(p).guessesLog10).toBeGreaterThan(
      passphraseStrength(p, ['Greenfield Partners', 'Anna-Lena']).guessesLog10,
    );
  });

  it("a holder's verdict is the strength, and refuses a passphrase another holder has, however strong", () => {
    const known = ['Family savings', 'Alice', 'Bob'];
    for (const p of ['correct horse battery staple', 'password123'])
      expect(holderPassphraseVerdict(p, 'Bob', known)).toEqual(passphraseStrength(p, known));
    const strong = 'correct horse battery staple';
    expect(holderPassphraseVerdict(strong, 'Bob', known, 'Alice')).toEqual({
      ...passphraseStrength(strong, known),
      ok: false,
      reason:
        'Alice already chose this passphrase. Each holder chooses their own, so no one can open another’s file: Bob, choose a different one.',
    });
  });
});
