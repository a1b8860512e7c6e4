/**
 * One holder checks their own child key alone against the wallet's record (Wallet.checkAlone), for
 * each kind: their own passes and says whose it is; a changed share, another wallet's, another
 * kind's, a file edited to name another holder are refused, named.
 */
import { describe, expect, it } from 'vitest';
import { childKeyToFile } from '../../../../main/core/formats/file-form.js';
import { childKeyToText } from '../../../../main/core/formats/text-form.js';
import { slip39ChildKeyToFile } from '../../../../main/core/formats/slip39-file.js';
import { readChildKey, walletFromJson } from '../../../../main/core/wallet/kinds/index.js';
import { walletRecordOf } from '../../../../main/core/wallet/kinds/jointkey.js';
import { slip39SplitKey, slip39WalletRecordOf } from '../../../../main/core/wallet/kinds/slip39.js';
import { refusal } from '../../../support/refusal.js';
import { ALL_SCHEMES, keySet, seededRng } from '../../../support/sets.js';

const receipts = (labels: readonly string[]) =>
  labels.map((holder, i) => ({ index: i + 1, holder, method: 'file' as const, confirmedAt: '2027-05-03T00:00:00Z' }));
const recorded = (r: object) => walletFromJson(JSON.parse(JSON.stringify(r)));

describe('checking one child key alone', () => {
  it.each(ALL_SCHEMES)(
    '%s: each holder’s own child key is intact; a changed share, another wallet’s are refused',
    (scheme) => {
      const s = keySet(scheme, 'alone');
      const wallet = recorded(walletRecordOf(s.set, '2027-05-03T00:00:00Z', receipts(s.set.labels)));
      for (const ck of s.childKeys) {
        const read = readChildKey(childKeyToFile({ ...ck, share: ck.share.slice() }, s.set), { from: 'typed' });
        const c = wallet.checkAlone(read);
        expect(c.holder).toEqual({ index: ck.index, label: ck.label });
        expect(c.summary).toBe(`Your child key for Family is intact (holder ${ck.index} of 3, ${ck.label}).`);
        expect(c.checked).toEqual(['checksum', 'wallet', 'share']);
        read.wipe();
        // The text form, which carries no set, is checked against the record's.
        const text = readChildKey(childKeyToText(ck), { from: 'typed' });
        expect(wallet.checkAlone(text).holder.index).toBe(ck.index);
      }
      // A share changed by one bit, its checksum recomputed (forged, or damaged and re-typed): its
      // text form reads, and the record's public data refuses it.
      const bob = s.childKeys[1]!;
      const changed = bob.share.slice();
      changed[changed.length - 1]! ^= 1;
      const forged = readChildKey(childKeyToText({ ...bob, share: changed }), { from: 'typed' });
      const e = refusal(() => wallet.checkAlone(forged));
      expect(e.code).toBe('CHILD_KEY_MISMATCH');
      expect(e.message).toMatch(/Child key 2 \(Bob\) does not match/);

      // Another wallet's child key.
      const other = keySet(scheme, 'alone-other');
      const foreign = readChildKey(childKeyToFile(other.childKeys[0]!, other.set), { from: 'typed' });
      expect(['DIFFERENT_WALLET', 'DIFFERENT_SET']).toContain(refusal(() => wallet.checkAlone(foreign)).code);
    },
  );

  it('SLIP-39: the words are intact, with what cannot be checked alone said; another wallet’s, an edited file, another kind’s refused', () => {
    const s = keySet('shamir', 'alone-slip');
    const made = slip39SplitKey('secp256k1', s.key, {
      labels: ['Alice', 'Bob', 'Carol'],
      threshold: 2,
      walletLabel: 'Family savings',
      rng: seededRng('alone/w'),
    });
    const wallet = recorded(slip39WalletRecordOf(made.wallet, '2027-05-03T00:00:00Z', receipts(made.wallet.labels)));
    const bob = readChildKey(made.mnemonics[1]!, { from: 'typed' });
    const c = wallet.checkAlone(bob);
    expect(c.summary).toBe('Your child key for Family savings is intact (holder 2 of 3, Bob).');
    expect(c.checked).toEqual(['checksum', 'identifier', 'parameters']);
    expect(c.note).toMatch(/Health check/);

    const other = slip39SplitKey('secp256k1', keySet('shamir', 'alone-slip-2').key, {
      labels: ['Alice', 'Bob', 'Carol'],
      threshold: 2,
      rng: seededRng('alone/w2'),
    });
    expect(refusal(() => wallet.checkAlone(readChildKey(other.mnemonics[0]!, { from: 'typed' }))).code).toBe(
      'DIFFERENT_WALLET',
    );
    // A file edited to say it is Carol's, with Bob's words.
    const edited = slip39ChildKeyToFile({
      mnemonic: made.mnemonics[1]!,
      label: 'Carol',
      walletLabel: 'Family savings',
      parties: 3,
      curve: 'secp256k1',
      walletId: made.wallet.publicKey,
    });
    const e = refusal(() => wallet.checkAlone(readChildKey(edited, { from: 'file', path: 'carol.json' })));
    expect(e.code).toBe('INCONSISTENT_CHILD_KEY');
    // A JointKey child key given to a SLIP-39 wallet.
    const jk = readChildKey(childKeyToText(s.childKeys[0]!), { from: 'typed' });
    expect(refusal(() => wallet.checkAlone(jk)).code).toBe('DIFFERENT_SCHEME');
  });
});
