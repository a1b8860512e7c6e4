/**
 * The wallet kinds' registry (main/core/wallet/kinds/index.ts): which kind splits a scheme, which kind
 * reads a child key's text, a wallet of one kind refusing another kind's child key by name, and
 * records of every kind loaded through one function.
 */
import { describe, expect, it } from 'vitest';
import { childKeyToFile } from '../../../../main/core/formats/file-form.js';
import { childKeyToText } from '../../../../main/core/formats/text-form.js';
import { KINDS, kindOfScheme, readChildKey, walletFromJson } from '../../../../main/core/wallet/kinds/index.js';
import { JOINTKEY_KIND, walletRecordOf } from '../../../../main/core/wallet/kinds/jointkey.js';
import { SLIP39_BIP32_KIND } from '../../../../main/core/wallet/kinds/slip39-bip32.js';
import { SLIP39_KIND, slip39SplitKey, slip39WalletRecordOf } from '../../../../main/core/wallet/kinds/slip39.js';
import { refusal } from '../../../support/refusal.js';
import { keySet, seededRng } from '../../../support/sets.js';

const s = keySet('shamir', 'kinds');
const words = slip39SplitKey('secp256k1', s.key, {
  labels: ['Alice', 'Bob', 'Carol'],
  threshold: 2,
  rng: seededRng('kinds/w'),
});
const receipts = (labels: string[]) =>
  labels.map((holder, i) => ({
    index: i + 1,
    holder,
    method: 'file' as const,
    confirmedAt: '2026-12-01T00:00:00.000Z',
  }));

describe('the kinds registry', () => {
  it('every scheme has one kind, and an unknown scheme is refused naming the schemes', () => {
    expect(kindOfScheme('shamir')).toBe(JOINTKEY_KIND);
    expect(kindOfScheme('xor')).toBe(JOINTKEY_KIND);
    expect(kindOfScheme('slip39-raw')).toBe(SLIP39_KIND);
    expect(kindOfScheme('slip39')).toBe(SLIP39_BIP32_KIND);
    const e = refusal(() => kindOfScheme('bip39'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('xor, additive, shamir, gf256, slip39-raw, slip39');
    const owned = KINDS.flatMap((k) => k.schemes);
    expect(new Set(owned).size).toBe(owned.length);
  });

  it('reads each kind’s forms as that kind', () => {
    const file = readChildKey(childKeyToFile({ ...s.childKeys[0]!, share: s.childKeys[0]!.share.slice() }, s.set), {
      from: 'typed',
    });
    expect(file.kind).toBe(JOINTKEY_KIND);
    expect(file.holder).toEqual({ index: 1, label: 'Alice' });
    const text = readChildKey(childKeyToText(s.childKeys[1]!), { from: 'typed' });
    expect(text.kind).toBe(JOINTKEY_KIND);
    const mnemonic = readChildKey(words.mnemonics[2]!, { from: 'typed' });
    expect(mnemonic.kind).toBe(SLIP39_KIND);
    expect(mnemonic.holder.index).toBe(3);
    [file, text, mnemonic].forEach((r) => r.wipe());
  });

  it('a wallet of one kind refuses another kind’s child key, naming both and where it came from', () => {
    const jk = walletFromJson(
      JSON.parse(JSON.stringify(walletRecordOf(s.set, '2026-12-01T00:00:00.000Z', receipts(s.set.labels)))),
    );
    const sl = walletFromJson(
      JSON.parse(
        JSON.stringify(slip39WalletRecordOf(words.wallet, '2026-12-01T00:00:00.000Z', receipts(words.wallet.labels))),
      ),
    );
    expect(jk.kind).toBe(JOINTKEY_KIND);
    expect(sl.kind).toBe(SLIP39_KIND);
    const foreignWords = readChildKey(
      words.mnemonics[0]!,
      { from: 'file', path: '/media/usb/alice.txt' },
      JOINTKEY_KIND,
    );
    const e = refusal(() => jk.openSession().enter(foreignWords));
    expect(e.code).toBe('DIFFERENT_SCHEME');
    expect(e.message).toBe(
      '/media/usb/alice.txt holds SLIP-39 words, and this wallet was split as JointKey child keys. Enter this holder’s JointKey child key (its file, or the words starting with jk1-).',
    );
    const foreignKey = readChildKey(
      childKeyToText(s.childKeys[0]!),
      { from: 'keychain', id: `${'ab'.repeat(16)}/1` },
      SLIP39_KIND,
    );
    expect(refusal(() => sl.openSession().enter(foreignKey)).message).toMatch(
      /^Keychain entry .* holds a JointKey child key, and this wallet was split as SLIP-39 words of JointKey’s raw-key form\./,
    );
    expect(jk.holderOf(foreignKey)).toEqual({ index: 1, label: 'Alice' });
    expect(sl.holderOf(foreignKey)).toBeUndefined();
  });

  it('typed text is read by the wallet’s own kind first: SLIP-39 typos are named by word', () => {
    const typo = words.mnemonics[1]!.split(' ');
    typo[9] = typo[9] === 'academic' ? 'acid' : 'academic';
    const e = refusal(() => readChildKey(typo.join(' '), { from: 'typed' }, SLIP39_KIND));
    expect(e.code).toBe('MNEMONIC_CHECKSUM');
    expect(e.message).toContain('word 10 looks wrong');
  });

  it('a record of no known kind is refused as edited', () => {
    const record = JSON.parse(
      JSON.stringify(walletRecordOf(s.set, '2026-12-01T00:00:00.000Z', receipts(s.set.labels))),
    );
    delete record.set;
    expect(refusal(() => walletFromJson(record)).code).toBe('TAMPERED_FILE');
    expect(refusal(() => walletFromJson({ format: 'jointkey-wallet', version: 2 })).code).toBe('UNSUPPORTED_VERSION');
  });
});
