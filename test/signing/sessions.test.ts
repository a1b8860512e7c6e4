/**
 * The signing-session registry (main/signing/sessions.ts): sessions by id, at most `max`, closed —
 * their child keys wiped — by a real timer when left idle (not only at the next call), and on quit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { childKeyToFile } from '../../main/core/formats/file-form.js';
import { readChildKey } from '../../main/core/wallet/kinds/index.js';
import { walletRecordOf } from '../../main/core/wallet/kinds/jointkey.js';
import { walletFromJson } from '../../main/core/wallet/kinds/index.js';
import { SESSION_OVER, SigningSessions } from '../../main/signing/sessions.js';
import { refusal } from '../support/refusal.js';
import { keySet } from '../support/sets.js';

const s = keySet('shamir', 'sessions');
const receipts = s.set.labels.map((holder, i) => ({
  index: i + 1,
  holder,
  method: 'file' as const,
  confirmedAt: '2026-12-01T00:00:00.000Z',
}));
const wallet = () =>
  walletFromJson(JSON.parse(JSON.stringify(walletRecordOf(s.set, '2026-12-01T00:00:00.000Z', receipts))));
const entered = (i: number) =>
  readChildKey(childKeyToFile({ ...s.childKeys[i]!, share: s.childKeys[i]!.share.slice() }, s.set), { from: 'typed' });

describe('signing sessions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('an idle session is wiped by its timer, without any further call', () => {
    const sessions = new SigningSessions({ idleMs: 60_000 });
    const { id, entry } = sessions.open(wallet());
    entry.session.enter(entered(0));
    const held = [...entry.session.secretBuffers()];
    expect(held.some((b) => b.some((x) => x !== 0))).toBe(true);
    vi.advanceTimersByTime(59_000);
    expect(sessions.has(id)).toBe(true);
    vi.advanceTimersByTime(2_000);
    expect(sessions.has(id)).toBe(false);
    expect(entry.session.closed).toBe(true);
    expect(held.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(refusal(() => sessions.use(id)).message).toBe(SESSION_OVER);
  });

  it('each use restarts the idle clock', () => {
    const sessions = new SigningSessions({ idleMs: 60_000 });
    const { id } = sessions.open(wallet());
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(50_000);
      sessions.use(id);
    }
    expect(sessions.has(id)).toBe(true);
    vi.advanceTimersByTime(61_000);
    expect(sessions.has(id)).toBe(false);
  });

  it('at most max sessions; closeAll wipes every one', () => {
    const sessions = new SigningSessions({ max: 2 });
    const a = sessions.open(wallet());
    sessions.open(wallet());
    expect(refusal(() => sessions.open(wallet())).code).toBe('INVALID_ARGUMENT');
    a.entry.session.enter(entered(1));
    const held = [...a.entry.session.secretBuffers()];
    sessions.closeAll();
    expect(sessions.size).toBe(0);
    expect(held.every((b) => b.every((x) => x === 0))).toBe(true);
  });
});
