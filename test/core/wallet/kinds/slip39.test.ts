/**
 * SLIP-39 wallets in the app's core: the split (standard mnemonics — the npm `slip39` package
 * combines them to the same key), the ceremony's receipts and wipe, the entry checks (typo located
 * by word, another wallet, a member it does not have, a duplicate) and the signing session.
 */
import slip39 from 'slip39';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../main/core/bytes.js';
import { curveById, publicKeyOf } from '../../../../main/core/math/curves.js';
import { generatePrivateKey } from '../../../../main/core/chains/key-sources.js';
import { verifyMessage } from '../../../../main/core/chains/signing.js';
import {
  Slip39Ceremony,
  Slip39SigningSession,
  slip39CheckEntry,
  slip39SplitKey,
  slip39WalletIdOf,
} from '../../../../main/core/wallet/kinds/slip39.js';
import { locateSlip39Typo } from '../../../../main/core/sharing/slip39/typo.js';
import { WORDLIST, slip39Split } from '../../../../main/core/sharing/slip39/index.js';
import { rs1024VerifyChecksum } from '../../../../main/core/sharing/slip39/rs1024.js';
import { mnemonicToIndices } from '../../../../main/core/sharing/slip39/share.js';
import { walletRecordOf } from '../../../../main/core/wallet/kinds/jointkey.js';
import { slip39WalletRecordOf } from '../../../../main/core/wallet/kinds/slip39.js';
import { anyWalletRecordFromJson } from '../../../support/records.js';
import { keySet } from '../../../support/sets.js';
import { ethAddressOf } from '../../../../main/core/chains/eth-tx.js';
import { refusal } from '../../../support/refusal.js';
import { seededRng } from '../../../support/sets.js';

const AT = '2026-11-24T10:00:00.000Z';
const LABELS = ['Alice', 'Bob', 'Carol'];

function made(seed: string, threshold?: number, curve: 'secp256k1' | 'ed25519' = 'secp256k1') {
  const rng = seededRng(seed);
  const key = generatePrivateKey(curve, rng);
  const split = slip39SplitKey(curve, key, {
    labels: LABELS,
    walletLabel: 'Family',
    rng,
    ...(threshold ? { threshold } : {}),
  });
  return { key, ...split };
}

/** The mnemonic with word `n` (1-based) replaced by the next word on the list. */
function typo(mnemonic: string, n: number): string {
  const words = mnemonic.split(' ');
  const i = WORDLIST.indexOf(words[n - 1] as string);
  words[n - 1] = WORDLIST[(i + 1) % 1024] as string;
  return words.join(' ');
}

describe('slip39SplitKey', () => {
  it('makes standard SLIP-39 mnemonics that the npm slip39 package combines to the same key', () => {
    for (const [t, curve] of [
      [3, 'secp256k1'],
      [2, 'ed25519'],
    ] as const) {
      const { key, mnemonics, wallet } = made(`interop/${t}`, t, curve);
      expect(mnemonics).toHaveLength(3);
      expect(mnemonics.every((m) => m.split(' ').length === 33)).toBe(true);
      expect(wallet).toMatchObject({ threshold: t, labels: LABELS, curve, extendable: true, iterationExponent: 1 });
      expect(bytesToHex(wallet.publicKey)).toBe(bytesToHex(publicKeyOf(curveById(curve), key)));
      for (const some of [mnemonics.slice(0, t), mnemonics.slice(3 - t)])
        expect(bytesToHex(Uint8Array.from(slip39.recoverSecret(some, '')))).toBe(bytesToHex(key));
    }
  });

  it('is N-of-N by default, refuses a rule SLIP-39 or JointKey does not allow, and names the wallet by its public data', () => {
    const { wallet, walletId } = made('default');
    expect(wallet.threshold).toBe(3);
    expect(bytesToHex(slip39WalletIdOf(wallet))).toBe(bytesToHex(walletId));
    expect(bytesToHex(slip39WalletIdOf({ ...wallet, labels: ['Alice', 'Bob', 'Dave'] }))).not.toBe(
      bytesToHex(walletId),
    );
    const key = generatePrivateKey('secp256k1', seededRng('k'));
    expect(() => slip39SplitKey('secp256k1', key, { labels: ['Alice'] })).toThrow(RangeError);
    expect(() => slip39SplitKey('secp256k1', key, { labels: LABELS, threshold: 1 })).toThrow(RangeError);
    expect(() => slip39SplitKey('secp256k1', key, { labels: LABELS, threshold: 4 })).toThrow(RangeError);
    const seventeen = Array.from({ length: 17 }, (_, i) => `H${i}`);
    expect(() => slip39SplitKey('secp256k1', key, { labels: seventeen })).toThrow(RangeError);
  });
});

describe('locateSlip39Typo', () => {
  /** The reference: try every other word at every position, checking the whole checksum each time. */
  function bruteForce(indices: number[]): number | undefined {
    let found: number | undefined;
    for (let i = 0; i < indices.length; i++)
      for (let w = 0; w < 1024; w++) {
        if (w === indices[i]) continue;
        const c = [...indices];
        c[i] = w;
        if (!rs1024VerifyChecksum(c, ((c[0]! * 1024 + c[1]!) >>> 4) % 2 === 1)) continue;
        if (found !== undefined && found !== i + 1) return undefined;
        found = i + 1;
        break;
      }
    return found;
  }

  it('finds the word a single typo is in, at every position (the extendable flag too), as trying every word does', () => {
    const rng = seededRng('typo-positions');
    const { mnemonics } = made('typo', 2);
    for (const m of [
      mnemonics[0]!,
      ...slip39Split({
        masterSecret: rng(16),
        groupThreshold: 1,
        groups: [{ threshold: 2, count: 3 }],
        extendable: false,
        iterationExponent: 0,
        rng,
      })[0]!,
    ]) {
      const good = mnemonicToIndices(m);
      expect(locateSlip39Typo(good)).toBeUndefined();
      for (let i = 0; i < good.length; i++) {
        const bad = [...good];
        bad[i] = (good[i]! ^ (i === 1 ? 16 : 1 + (rng(1)[0]! % 1023))) & 1023;
        if (bad[i] === good[i]) bad[i] = good[i]! ^ 1;
        const fast = locateSlip39Typo(bad);
        expect(fast, `word ${i + 1}`).toBe(i + 1);
        // The reference is slow (a checksum per candidate): a few positions, word 2 (the flag) among them.
        if ([0, 1, 2, 16, good.length - 1].includes(i)) expect(fast, `word ${i + 1}`).toBe(bruteForce(bad));
      }
    }
  });
});

describe('slip39CheckEntry', () => {
  const { mnemonics, wallet } = made('entry', 2);
  const other = made('other wallet', 2);

  it('names the holder of good words', () => {
    const e = slip39CheckEntry(wallet, `  ${mnemonics[1]!.toUpperCase()} `);
    expect(e.holder).toEqual({ index: 2, label: 'Bob' });
    expect(e.share.value.length).toBe(32);
  });

  it('locates a single typo by word, and says when it cannot', () => {
    for (const n of [1, 7, 33])
      expect(refusal(() => slip39CheckEntry(wallet, typo(mnemonics[0]!, n)))).toEqual({
        code: 'MNEMONIC_CHECKSUM',
        message: `These words have a typo: word ${n} looks wrong. Compare it with the holder’s copy and correct it.`,
      });
    expect(refusal(() => slip39CheckEntry(wallet, typo(typo(mnemonics[0]!, 5), 9))).message).toBe(
      'These words do not check out: a word is mistyped, missing or out of order. Compare each word with the holder’s copy.',
    );
    expect(refusal(() => slip39CheckEntry(wallet, mnemonics[0]!.replace(/^\w+/, 'zzzz'))).code).toBe('UNKNOWN_WORD');
  });

  it('refuses another wallet’s words, and a member this wallet does not have', () => {
    expect(refusal(() => slip39CheckEntry(wallet, other.mnemonics[0]!))).toEqual({
      code: 'DIFFERENT_WALLET',
      message:
        'These words belong to another wallet (or another split of this key), not to “Family”. Enter the words of one of “Family”’s holders.',
    });
    const two = { ...wallet, labels: ['Alice', 'Bob'] };
    expect(refusal(() => slip39CheckEntry(two, mnemonics[2]!)).code).toBe('DIFFERENT_WALLET');
  });
});

describe('Slip39Ceremony', () => {
  it('takes each holder’s receipt only for their own words, and wipes the key only after the last', () => {
    const { key, mnemonics, wallet, walletId } = made('ceremony');
    const c = new Slip39Ceremony({ wallet, walletId, mnemonics }, key, 'generated');
    expect(c.mnemonic(2)).toBe(mnemonics[1]);
    expect(c.depositsAllowed).toBe(false);
    expect(refusal(() => c.confirm(1, mnemonics[1]!, 'words', AT))).toEqual({
      code: 'RECEIPT_MISMATCH',
      message: 'Alice presented Bob’s words, not their own. Each holder confirms with the words they were given.',
    });
    expect(refusal(() => c.confirm(1, typo(mnemonics[0]!, 4), 'words', AT)).message).toBe(
      'What Alice presented is not the words they were given: These words have a typo: word 4 looks wrong. Compare it with the holder’s copy and correct it. If it still fails, hand Alice their words again.',
    );
    expect(refusal(() => c.confirm(1, made('elsewhere').mnemonics[0]!, 'file', AT)).code).toBe('RECEIPT_MISMATCH');
    c.confirm(1, mnemonics[0]!, 'file', AT);
    c.confirm(3, mnemonics[2]!, 'words', AT);
    expect(c.progress().summary).toBe('2 of 3 holders have confirmed — waiting for Bob');
    expect(refusal(() => c.finish()).code).toBe('RECEIPT_MISSING');
    expect(key.some((b) => b !== 0)).toBe(true);
    c.confirm(2, mnemonics[1]!, 'file', AT);
    expect(c.depositsAllowed).toBe(true);
    expect(c.finish().map((r) => [r.holder, r.method])).toEqual([
      ['Alice', 'file'],
      ['Bob', 'file'],
      ['Carol', 'words'],
    ]);
    expect(c.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
    expect(refusal(() => c.mnemonic(1)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('Slip39SigningSession', () => {
  const { mnemonics, wallet } = made('session', 2);
  const message = new TextEncoder().encode('hello');

  it('reports progress by holder, refuses a typo, another wallet and a duplicate, then signs and wipes', () => {
    const s = new Slip39SigningSession(wallet);
    expect(s.progress().summary).toBe('0 of 2 — 2 more from any of: Alice, Bob, Carol');
    expect(refusal(() => s.add(made('another', 2).mnemonics[0]!)).code).toBe('DIFFERENT_WALLET');
    expect(refusal(() => s.add(typo(mnemonics[2]!, 12))).message).toContain('word 12 looks wrong');
    expect(s.add(mnemonics[2]!).summary).toBe('1 of 2 — 1 more from any of: Alice, Bob');
    expect(refusal(() => s.add(mnemonics[2]!))).toEqual({
      code: 'DUPLICATE_CHILD_KEY',
      message:
        'Carol’s words were already entered. Each holder’s words count once: Alice, Bob still have to enter theirs.',
    });
    expect(refusal(() => s.sign({ kind: 'message', algo: 'bip340', message })).code).toBe('TOO_FEW_CHILD_KEYS');
    expect(s.add(mnemonics[0]!).ready).toBe(true);
    const r = s.sign({ kind: 'message', algo: 'bip340', message });
    if (r.kind !== 'message') throw new Error('expected a message signature');
    expect(r.publicKeyHex).toBe(bytesToHex(wallet.publicKey));
    expect(
      verifyMessage('bip340', wallet.publicKey, message, Uint8Array.from(Buffer.from(r.signatureHex, 'hex'))),
    ).toBe(true);
    expect(s.closed).toBe(true);
    expect(s.secretBuffers().length).toBe(3);
    expect(s.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
    expect(refusal(() => s.add(mnemonics[1]!)).code).toBe('INVALID_ARGUMENT');
  });

  it('signs an Ethereum personal message with the key the words combine to: it recovers to the wallet’s address', () => {
    const s = new Slip39SigningSession(wallet);
    const request = { kind: 'eth-personal', message } as const;
    expect(s.describe(request)).toEqual([
      'Sign this message (EIP-191 personal message, 5 bytes of text, 1 line):',
      '  | hello',
    ]);
    s.add(mnemonics[0]!);
    s.add(mnemonics[1]!);
    const r = s.sign(request);
    if (r.kind !== 'eth-message') throw new Error('expected an Ethereum message signature');
    expect(r.address).toBe(ethAddressOf(wallet.publicKey));
    expect(s.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
  });

  it('health-checks, and refuses words that combine to another key (WRONG_RESULT)', () => {
    const ok = new Slip39SigningSession(wallet);
    ok.add(mnemonics[0]!);
    ok.add(mnemonics[1]!);
    expect(ok.sign({ kind: 'health-check' })).toEqual({
      kind: 'health-check',
      publicKeyHex: bytesToHex(wallet.publicKey),
      ok: true,
    });
    // A record whose public key is not the one the words make (as if the key were another).
    const other = made('session-other', 2).wallet;
    const wrong = new Slip39SigningSession({ ...wallet, publicKey: other.publicKey });
    wrong.add(mnemonics[0]!);
    wrong.add(mnemonics[1]!);
    expect(refusal(() => wrong.sign({ kind: 'health-check' })).code).toBe('WRONG_RESULT');
    expect(wrong.secretBuffers().every((b) => b.every((x) => x === 0))).toBe(true);
  });
});

describe('the SLIP-39 wallet record', () => {
  const { wallet } = made('record', 2);
  const receipts = LABELS.map((holder, i) => ({ index: i + 1, holder, method: 'words' as const, confirmedAt: AT }));
  const json = () => JSON.parse(JSON.stringify(slip39WalletRecordOf(wallet, AT, receipts)));

  it('holds public data only and parses back to the same wallet; a JointKey record parses as before', () => {
    const r = json();
    expect(r.slip39).toEqual({
      identifier: wallet.identifier,
      extendable: true,
      iterationExponent: 1,
      groupThreshold: 1,
      groupCount: 1,
      memberThreshold: 2,
    });
    expect(JSON.stringify(r)).not.toMatch(/mnemonic/);
    const back = anyWalletRecordFromJson(r);
    expect(back.slip39).toEqual(wallet);
    expect(back.record).toEqual(r);
    const set = keySet('shamir', 'record').set;
    const jk = JSON.parse(JSON.stringify(walletRecordOf(set, AT, receipts)));
    expect(anyWalletRecordFromJson(jk).set).toEqual(set);
  });

  it('refuses a record edited by hand, naming the field', () => {
    const edits: [string, (r: Record<string, any>) => void][] = [
      ['holders', (r) => (r.holders[1] = 'Dave')],
      ['threshold', (r) => (r.threshold = 3)],
      ['identifier', (r) => (r.slip39.identifier ^= 1)],
      ['groupCount', (r) => (r.slip39.groupCount = 2)],
      ['publicKey', (r) => (r.publicKey = bytesToHex(made('other', 2).wallet.publicKey))],
      ['addresses', (r) => (r.addresses.ethereum = '0x' + '1'.repeat(40))],
      ['id', (r) => (r.id = '0'.repeat(32))],
      ['receipts', (r) => r.receipts.pop()],
      ['mnemonic', (r) => (r.mnemonic = 'words')],
    ];
    for (const [what, edit] of edits) {
      const r = json();
      edit(r);
      expect(refusal(() => anyWalletRecordFromJson(r)).code, what).toBe('TAMPERED_FILE');
    }
  });
});
