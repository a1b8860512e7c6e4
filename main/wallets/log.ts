/**
 * A wallet's record of use on disk (main/core/wallet/log.ts): `<data dir>/log/<wallet id>/<seq>.json`,
 * one file per entry, `000001.json`, `000002.json`…, each written atomically and never replaced
 * (main/files/atomic.ts). Two writers racing for the same number cannot both win: the second finds
 * the file there, reads the log again and takes the next number. A crash leaves the entries written
 * so far, a valid chain, and at most a hidden temporary file, which readers ignore.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JointKeyError, isJointKeyError } from '../core/errors.js';
import {
  type LogEntry,
  type LogEvent,
  type LogEvents,
  type LogReport,
  brokenLogError,
  nextLogEntry,
  verifyLog,
} from '../core/wallet/log.js';
import type { WalletRecordJson } from '../core/wallet/record.js';
import { ensureDir, readLimited, writeNewFile } from '../files/atomic.js';

const MAX_ENTRY_BYTES = 256 * 1024;
const ENTRY_NAME = /^(\d{6})\.json$/;

function checkWalletId(walletId: string): string {
  if (typeof walletId !== 'string' || !/^[0-9a-f]{8,128}$/.test(walletId))
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `"${String(walletId).slice(0, 80)}" is not a wallet id. Give the set id jointkey wallet list shows (hex).`,
    );
  return walletId;
}

/** The folder of a wallet's log. */
export function logDir(dataDir: string, walletId: string): string {
  return join(dataDir, 'log', checkWalletId(walletId));
}

/** Reads and verifies a wallet's log; an empty report when it has none yet. */
export function readLog(dataDir: string, walletId: string): LogReport {
  const dir = logDir(dataDir, walletId);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return verifyLog(walletId, new Map());
    throw new JointKeyError('FILE_UNREADABLE', `Could not read the folder ${dir}. Check you may read it.`);
  }
  const files = new Map<number, string>();
  for (const name of names) {
    const m = ENTRY_NAME.exec(name);
    if (!m) continue; // a hidden temporary file of an unfinished write, or something not ours
    const seq = Number(m[1]);
    if (seq < 1) continue;
    let text: string;
    try {
      text = readLimited(join(dir, name), MAX_ENTRY_BYTES).toString('utf8');
    } catch (e) {
      if (!isJointKeyError(e)) throw e;
      text = ''; // named as unreadable by the check
    }
    files.set(seq, text);
  }
  return verifyLog(walletId, files);
}

/**
 * Appends one entry to a wallet's log and returns it. Refuses (TAMPERED_FILE, naming the first
 * fault) to add to a broken log; FILE_UNREADABLE when the folder cannot be written.
 */
export function appendLog<E extends LogEvent>(
  dataDir: string,
  walletId: string,
  event: E,
  data: LogEvents[E],
  at: Date = new Date(),
): LogEntry<E> {
  const dir = logDir(dataDir, walletId);
  for (let attempt = 0; ; attempt++) {
    const report = readLog(dataDir, walletId);
    if (!report.ok) throw brokenLogError(report, dir);
    const entry = nextLogEntry(report.entries.at(-1), walletId, event, data, at.toISOString());
    ensureDir(dir);
    try {
      writeNewFile(join(dir, `${String(entry.seq).padStart(6, '0')}.json`), `${JSON.stringify(entry, null, 2)}\n`);
      return entry;
    } catch (e) {
      // Another writer took this number first: read again and take the next one.
      if (isJointKeyError(e) && e.code === 'FILE_EXISTS' && attempt < 8) continue;
      throw e;
    }
  }
}

/**
 * {@link appendLog} for a step that has already happened (a signature made, a record written): a
 * log that cannot be written must not undo it, so its error is returned, not thrown.
 */
export function recordUse<E extends LogEvent>(
  dataDir: string,
  walletId: string,
  event: E,
  data: LogEvents[E],
  at?: Date,
): { logged: true; seq: number } | { logged: false; error: { code: string; message: string } } {
  try {
    return { logged: true, seq: appendLog(dataDir, walletId, event, data, at).seq };
  } catch (e) {
    if (isJointKeyError(e)) return { logged: false, error: { code: e.code, message: e.message } };
    if (e instanceof TypeError || e instanceof RangeError)
      return { logged: false, error: { code: 'INVALID_ARGUMENT', message: e.message } };
    throw e;
  }
}

/** Lines of a plain-words description, each cut to what a log entry holds. */
export function describedForLog(lines: readonly string[]): string[] {
  return lines.slice(0, 64).map((l) => (l.length > 1000 ? `${l.slice(0, 999)}…` : l));
}

/**
 * Logs a new wallet: its "created" entry, then each holder's receipt, from its record (public data
 * only). `previousSetId`: the set it replaced (a rekey or refresh). Never throws: see {@link recordUse}.
 */
export function logCreated(
  dataDir: string,
  record: WalletRecordJson,
  previousSetId: string | null = null,
): { logged: boolean; error?: { code: string; message: string } } {
  const first = recordUse(dataDir, record.id, 'created', {
    label: record.label,
    scheme: record.scheme,
    parties: record.parties,
    threshold: record.threshold,
    holders: [...record.holders],
    publicKey: record.publicKey,
    previousSetId,
  });
  if (!first.logged) return first;
  for (const r of record.receipts) {
    const e = recordUse(dataDir, record.id, 'receipt', {
      index: r.index,
      holder: r.holder,
      method: r.method,
      confirmedAt: r.confirmedAt,
    });
    if (!e.logged) return e;
  }
  return { logged: true };
}
