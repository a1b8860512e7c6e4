import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLog, logDir, readLog, recordUse } from '../../main/wallets/log.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'jointkey-log-'));
  dirs.push(d);
  return d;
};
const W = '0123456789abcdef0123456789abcdef';
const check = (i: number) => ({
  how: 'alone' as const,
  holders: [{ index: i, label: `H${i}`, from: 'file' as const }],
});

describe('the record of use on disk', () => {
  it('writes one file per entry, 000001.json…, never replacing one, and reads back a whole chain', () => {
    const data = fresh();
    for (let i = 1; i <= 3; i++) appendLog(data, W, 'checked', check(i));
    expect(readdirSync(logDir(data, W))).toEqual(['000001.json', '000002.json', '000003.json']);
    const r = readLog(data, W);
    expect(r.ok).toBe(true);
    expect(r.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    // A hidden temporary file of an interrupted write is not an entry.
    writeFileSync(join(logDir(data, W), '.000004.json.abc.tmp'), '{"partial');
    expect(readLog(data, W).ok).toBe(true);
    expect(appendLog(data, W, 'checked', check(1)).seq).toBe(4);
  });

  it('names an edited, a removed and a renamed entry, and refuses to add to a broken log', () => {
    const data = fresh();
    for (let i = 1; i <= 4; i++) appendLog(data, W, 'checked', check(i));
    const dir = logDir(data, W);
    const p2 = join(dir, '000002.json');
    const original = readFileSync(p2, 'utf8');
    writeFileSync(p2, original.replace('"H2"', '"H9"'));
    expect(readLog(data, W).problems.map((p) => [p.seq, p.problem])).toEqual([[2, 'edited']]);
    const refused = recordUse(data, W, 'checked', check(1));
    expect(refused).toEqual({ logged: false, error: expect.objectContaining({ code: 'TAMPERED_FILE' }) });
    expect(() => appendLog(data, W, 'checked', check(1))).toThrow(/Entry 2 was edited/);
    writeFileSync(p2, original);
    expect(readLog(data, W).ok).toBe(true);

    unlinkSync(join(dir, '000003.json'));
    expect(readLog(data, W).problems.map((p) => [p.seq, p.problem])).toEqual([[3, 'missing']]);
    renameSync(join(dir, '000004.json'), join(dir, '000003.json'));
    expect(readLog(data, W).problems.map((p) => [p.seq, p.problem])).toEqual([[3, 'moved']]);
  });

  it('refuses a wallet id that is not hex (no path outside the log folder)', () => {
    expect(() => readLog(fresh(), '../../etc')).toThrow(/not a wallet id/);
  });
});
