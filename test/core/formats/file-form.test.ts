import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../main/core/bytes.js';
import { childKeyFromFile, childKeyToFile } from '../../../main/core/formats/file-form.js';
import { restore } from '../../../main/core/wallet/restore.js';
import { setPublicFromJson, setPublicToJson } from '../../../main/core/formats/set-public.js';
import { childKeyToText } from '../../../main/core/formats/text-form.js';
import { ALL_SCHEMES, keySet, secretSet } from '../../support/sets.js';
import { refusalCode as code } from '../../support/refusal.js';

describe('child key file form', () => {
  it.each(ALL_SCHEMES)('%s: round-trips, carries readable labels and the set, restores', (scheme) => {
    for (const s of [keySet(scheme), secretSet(scheme)]) {
      const files = s.childKeys.map((ck) => childKeyToFile(ck, s.set));
      const json = JSON.parse(files[1]!);
      expect(json).toMatchObject({
        format: 'jointkey-child-key',
        version: 2,
        wallet: s.set.walletLabel,
        holder: 'Bob',
        index: 2,
      });
      expect(json.setId).toBe(bytesToHex(s.setId));
      const back = files.map(childKeyFromFile);
      expect(back.map((b) => b.childKey)).toEqual(s.childKeys);
      expect(setPublicToJson(back[0]!.set)).toEqual(setPublicToJson(s.set));
      expect(
        restore(
          back.map((b) => b.childKey),
          { set: back[0]!.set },
        ).secret,
      ).toEqual('key' in s ? s.key : s.secret);
    }
  });

  it('refuses a file whose readable fields or set data were edited by hand', () => {
    const s = keySet('shamir');
    const json = () => JSON.parse(childKeyToFile(s.childKeys[0]!, s.set));
    const edits: [string, (j: Record<string, any>) => void, string][] = [
      ['holder label', (j) => (j.holder = 'Mallory'), 'TAMPERED_FILE'],
      ['index', (j) => (j.index = 2), 'TAMPERED_FILE'],
      ['wallet label', (j) => (j.wallet = 'Other'), 'TAMPERED_FILE'],
      ['set label', (j) => (j.set.labels[1] = 'Eve'), 'TAMPERED_FILE'],
      ['set threshold', (j) => (j.set.threshold = 3), 'TAMPERED_FILE'],
      ['a commitment', (j) => (j.set.verification.commitments[1] = j.set.verification.commitments[0]), 'TAMPERED_FILE'],
      ['an extra field', (j) => (j.note = 'hi'), 'TAMPERED_FILE'],
      ['a missing field', (j) => delete j.scheme, 'TAMPERED_FILE'],
      ['the set id', (j) => (j.setId = '00'.repeat(16)), 'TAMPERED_FILE'],
      ['uppercase hex', (j) => (j.set.walletId = j.set.walletId.toUpperCase()), 'TAMPERED_FILE'],
      ['the version', (j) => (j.version = 3), 'UNSUPPORTED_VERSION'],
      ['the version, to 1', (j) => (j.version = 1), 'TAMPERED_FILE'],
      ['the set version, to 1', (j) => (j.set.version = 1), 'TAMPERED_FILE'],
      ['the format', (j) => (j.format = 'other'), 'MALFORMED_CHILD_KEY'],
      [
        'the child key text',
        (j) => (j.childKey = j.childKey.slice(0, -1) + (j.childKey.endsWith('q') ? 'p' : 'q')),
        'CHECKSUM_MISMATCH',
      ],
      ['another holder’s child key', (j) => (j.childKey = childKeyToText(s.childKeys[1]!)), 'TAMPERED_FILE'],
    ];
    for (const [what, edit, expected] of edits) {
      const j = json();
      edit(j);
      expect(
        code(() => childKeyFromFile(JSON.stringify(j))),
        what,
      ).toBe(expected);
    }
  });

  it('refuses a forged child key: well formed, right header, wrong share', () => {
    for (const scheme of ALL_SCHEMES) {
      const s = keySet(scheme);
      const forged = { ...s.childKeys[0]!, share: s.childKeys[0]!.share.slice() };
      forged.share[5]! ^= 0x10;
      const j = JSON.parse(childKeyToFile(s.childKeys[0]!, s.set));
      j.childKey = childKeyToText(forged);
      expect(
        code(() => childKeyFromFile(JSON.stringify(j))),
        scheme,
      ).toBe('CHILD_KEY_MISMATCH');
    }
    // Another wallet's child key swapped into this file: its set id no longer matches.
    const s = keySet('additive');
    const other = keySet('additive', 'other');
    const j = JSON.parse(childKeyToFile(s.childKeys[0]!, s.set));
    j.childKey = childKeyToText(other.childKeys[0]!);
    j.setId = bytesToHex(other.setId);
    expect(code(() => childKeyFromFile(JSON.stringify(j)))).toBe('TAMPERED_FILE');
  });

  it('refuses what is not a child-key file', () => {
    for (const bad of ['', 'null', '[]', '{', '{"format":"jointkey-child-key"}', '"jk1"', '{"format":1}'])
      expect(['MALFORMED_CHILD_KEY', 'UNSUPPORTED_VERSION']).toContain(code(() => childKeyFromFile(bad)));
  });

  it('parses set data strictly', () => {
    const s = secretSet('gf256');
    const good = setPublicToJson(s.set);
    expect(setPublicFromJson(JSON.parse(JSON.stringify(good)))).toEqual(s.set);
    const bad = (f: (j: any) => void) => {
      const j = JSON.parse(JSON.stringify(good));
      f(j);
      return code(() => setPublicFromJson(j));
    };
    expect(bad((j) => (j.parties = 256))).toBe('TAMPERED_FILE');
    expect(bad((j) => (j.threshold = 1))).toBe('TAMPERED_FILE');
    expect(bad((j) => (j.verification.kind = 'feldman'))).toBe('TAMPERED_FILE');
    expect(bad((j) => (j.verification.hashes = j.verification.hashes.slice(1)))).toBe('TAMPERED_FILE');
    expect(bad((j) => (j.labels = ['a', 'a', 'b']))).toBe('TAMPERED_FILE');
    expect(bad((j) => (j.field = 'm521'))).toBe('TAMPERED_FILE');
    expect(bad((j) => (j.secretLength = 0))).toBe('TAMPERED_FILE');
    expect(code(() => setPublicFromJson(null))).toBe('TAMPERED_FILE');
  });
});
