import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LOG_GENESIS,
  type LogEntry,
  brokenLogError,
  lastCheckedByHolder,
  nextLogEntry,
  verifyLog,
} from '../../../main/core/wallet/log.js';

const W = 'ab'.repeat(16);
const created = {
  label: 'Family',
  scheme: 'shamir',
  parties: 3,
  threshold: 2,
  holders: ['Alice', 'Bob', 'Carol'],
  publicKey: '02'.padEnd(66, '1'),
  previousSetId: null,
};

function chain(): LogEntry[] {
  const a = nextLogEntry(undefined, W, 'created', created, '2027-05-03T10:00:00.000Z');
  const b = nextLogEntry(
    a,
    W,
    'receipt',
    {
      index: 1,
      holder: 'Alice',
      method: 'file',
      confirmedAt: '2027-05-03T10:00:00.000Z',
    },
    '2027-05-03T10:00:01.000Z',
  );
  const c = nextLogEntry(
    b,
    W,
    'checked',
    { how: 'alone', holders: [{ index: 2, label: 'Bob', from: 'file' }] },
    '2027-06-01T00:00:00.000Z',
  );
  const d = nextLogEntry(
    c,
    W,
    'signed',
    {
      holders: [
        { index: 1, label: 'Alice', from: 'keychain' },
        { index: 3, label: 'Carol', from: 'typed' },
      ],
      description: ['Sign a message of 2 bytes with bip340'],
      signature: 'ff'.repeat(64),
      txHash: null,
    },
    '2027-07-01T00:00:00.000Z',
  );
  return [a, b, c, d];
}

const files = (entries: readonly LogEntry[]): Map<number, string> =>
  new Map(entries.map((e, i) => [i + 1, `${JSON.stringify(e, null, 2)}\n`]));

describe('the record of use (core)', () => {
  it('chains each entry to the hash of the one before, and the hash is SHA-256 over a tag and the canonical JSON', () => {
    const [a, b] = chain();
    expect(a!.seq).toBe(1);
    expect(a!.prev).toBe(LOG_GENESIS);
    expect(b!.prev).toBe(a!.hash);
    // Recomputed independently with node:crypto: tag, then keys sorted at every level, no spaces.
    const sorted = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sorted)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
            )
          : v;
    const { hash, ...body } = b!;
    const expected = createHash('sha256')
      .update(`jointkey/log-entry/v1\u0000${JSON.stringify(sorted(body))}`)
      .digest('hex');
    expect(hash).toBe(expected);
  });

  it('verifies a whole chain, and the last check of each holder comes from receipts, checks and signatures', () => {
    const r = verifyLog(W, files(chain()));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entries).toHaveLength(4);
    expect(Object.fromEntries(lastCheckedByHolder(r))).toEqual({
      1: '2027-07-01T00:00:00.000Z',
      2: '2027-06-01T00:00:00.000Z',
      3: '2027-07-01T00:00:00.000Z',
    });
    expect(verifyLog(W, new Map()).ok).toBe(true);
  });

  it('names an edited entry (content changed, hash kept) and an entry rewritten with a new hash (link broken)', () => {
    const entries = chain();
    const f = files(entries);
    f.set(2, f.get(2)!.replace('"Alice"', '"Mallory"'));
    const r = verifyLog(W, f);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 2, problem: 'edited' })]);
    expect(r.problems[0]!.message).toMatch(/Entry 2 was edited/);

    // The forger recomputes entry 2's hash: entry 3 no longer follows it.
    const forged = nextLogEntry(
      entries[0],
      W,
      'receipt',
      {
        index: 1,
        holder: 'Mallory',
        method: 'file',
        confirmedAt: '2027-05-03T10:00:00.000Z',
      },
      '2027-05-03T10:00:01.000Z',
    );
    const g = files(entries);
    g.set(2, JSON.stringify(forged));
    const s = verifyLog(W, g);
    expect(s.problems).toEqual([expect.objectContaining({ seq: 3, problem: 'broken-link' })]);
    expect(s.problems[0]!.message).toBe('Entry 3 does not follow entry 2: one of them was edited, replaced or moved.');
  });

  it('names a removed entry, a removed first entry, reordered entries, a cut-off entry and an entry of another wallet', () => {
    const entries = chain();
    const removed = files(entries);
    removed.delete(3);
    expect(verifyLog(W, removed).problems.map((p) => [p.seq, p.problem])).toEqual([[3, 'missing']]);

    // Entries renumbered to hide a removal: entry 2 removed, 3 and 4 moved down.
    const renumbered = new Map([
      [1, JSON.stringify(entries[0])],
      [2, JSON.stringify(entries[2])],
      [3, JSON.stringify(entries[3])],
    ]);
    expect(verifyLog(W, renumbered).problems.map((p) => [p.seq, p.problem])).toEqual([
      [2, 'moved'],
      [3, 'moved'],
    ]);

    // Two files swapped.
    const swapped = files(entries);
    const two = swapped.get(2)!;
    swapped.set(2, swapped.get(3)!);
    swapped.set(3, two);
    const sw = verifyLog(W, swapped);
    expect(sw.ok).toBe(false);
    expect(sw.problems.map((p) => p.problem)).toContain('moved');

    const cut = files(entries);
    cut.set(4, cut.get(4)!.slice(0, 40));
    expect(verifyLog(W, cut).problems).toEqual([expect.objectContaining({ seq: 4, problem: 'unreadable' })]);

    const firstGone = files(entries);
    firstGone.delete(1);
    expect(verifyLog(W, firstGone).problems.map((p) => p.problem)).toEqual(['missing']);

    const other = files(entries);
    other.set(2, JSON.stringify({ ...entries[1], walletId: 'cd'.repeat(16) }));
    expect(verifyLog(W, other).problems[0]).toEqual(expect.objectContaining({ seq: 2, problem: 'other-wallet' }));

    const e = brokenLogError(verifyLog(W, removed), '/data/log/x');
    expect(e.code).toBe('TAMPERED_FILE');
    expect(e.message).toMatch(/Entry 3 is missing.*Restore the folder from a backup/);
  });

  it('refuses an entry with a field its event does not hold, so no secret can be slipped in', () => {
    expect(() =>
      nextLogEntry(undefined, W, 'created', { ...created, mnemonic: 'academic acid' } as never, '2027-01-01T00:00:00Z'),
    ).toThrow(/unknown field "mnemonic"/);
    expect(() =>
      nextLogEntry(
        undefined,
        W,
        'checked',
        { how: 'alone', holders: [{ index: 1, label: 'A', from: 'file', share: 'x' }] } as never,
        '2027-01-01T00:00:00Z',
      ),
    ).toThrow(TypeError);
    // And an entry with such a field on disk is named as edited.
    const [a] = chain();
    const f = new Map([[1, JSON.stringify({ ...a, data: { ...a!.data, secretHex: 'aa' } })]]);
    expect(verifyLog(W, f).problems[0]!.message).toMatch(/unknown field "secretHex"/);
  });
});
