/**
 * A wallet's record of use: one entry per event — created, a holder's receipt, rekeyed, refreshed,
 * checked (one child key alone, or a quorum), signed, broadcast — each holding the hash of the entry
 * before it, so that an entry edited, removed or moved is named when the log is read
 * (docs/FORMAT.md, "Record of use"). Public data only: each event's fields are fixed here, and none
 * of them can hold a key, a child key, a passphrase or a mnemonic word.
 *
 * The hash of an entry is SHA-256 over a domain tag and the entry's canonical JSON (keys sorted, no
 * spaces) without its own `hash`. A log read alone cannot tell that its newest entries were removed,
 * or that its newest entry was rewritten with a recomputed hash: see docs/security.md.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { aint, aobject, astring, bytesToHex, utf8ToBytes } from '../bytes.js';
import { JointKeyError } from '../errors.js';

export const LOG_FORMAT = 'jointkey-log-entry';
const TAG = 'jointkey/log-entry/v1\u0000';
/** The `prev` of a wallet's first entry. */
export const LOG_GENESIS = '0'.repeat(64);

/** How a holder's child key was entered: typed, from a file, from this computer's keychain. */
/** How a holder's child key was entered; 'own-computer': on their own computer, in a FROST round (the coordinator saw only their share). */
export type EntryWay = 'typed' | 'file' | 'keychain' | 'own-computer';
export interface LoggedHolder {
  index: number;
  label: string;
  from: EntryWay;
}

/** Each event's public fields. */
export interface LogEvents {
  created: {
    label: string;
    scheme: string;
    parties: number;
    threshold: number;
    holders: string[];
    publicKey: string;
    /** The set this one replaced (a rekey or refresh), or null. */
    previousSetId: string | null;
  };
  receipt: { index: number; holder: string; method: string; confirmedAt: string };
  rekeyed: { newSetId: string; scheme: string; parties: number; threshold: number; holders: string[] };
  refreshed: { newSetId: string; scheme: string; parties: number; threshold: number; holders: string[] };
  checked: { how: 'alone' | 'quorum'; holders: LoggedHolder[] };
  signed: { holders: LoggedHolder[]; description: string[]; signature: string | null; txHash: string | null };
  broadcast: { txHash: string; endpoint: string; status: string };
}
export type LogEvent = keyof LogEvents;
export const LOG_EVENTS: readonly LogEvent[] = [
  'created',
  'receipt',
  'rekeyed',
  'refreshed',
  'checked',
  'signed',
  'broadcast',
];

export interface LogEntry<E extends LogEvent = LogEvent> {
  format: typeof LOG_FORMAT;
  version: 1;
  walletId: string;
  /** 1, 2, 3…: the entry's place, also its file's name. */
  seq: number;
  /** ISO date. */
  at: string;
  event: E;
  data: LogEvents[E];
  /** The hash of entry seq - 1 (hex), or {@link LOG_GENESIS} for the first. */
  prev: string;
  /** This entry's hash (hex). */
  hash: string;
}

const ENTRY_KEYS = ['format', 'version', 'walletId', 'seq', 'at', 'event', 'data', 'prev', 'hash'] as const;

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string' && v.length <= 1024;
const hex: Check = (v) => typeof v === 'string' && /^[0-9a-f]{1,256}$/.test(v);
const nullable =
  (c: Check): Check =>
  (v) =>
    v === null || c(v);
const int: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 1_000_000;
const strings: Check = (v) => Array.isArray(v) && v.length <= 255 && v.every(str);
const holders: Check = (v) =>
  Array.isArray(v) &&
  v.length <= 255 &&
  v.every(
    (h) =>
      typeof h === 'object' &&
      h !== null &&
      !Array.isArray(h) &&
      Object.keys(h).sort().join() === 'from,index,label' &&
      int((h as LoggedHolder).index) &&
      str((h as LoggedHolder).label) &&
      ['typed', 'file', 'keychain', 'own-computer'].includes((h as LoggedHolder).from),
  );
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const newSet = { newSetId: hex, scheme: str, parties: int, threshold: int, holders: strings };

/** Each event's fields and their checks: nothing else is ever written. */
const FIELDS: Record<LogEvent, Record<string, Check>> = {
  created: {
    label: str,
    scheme: str,
    parties: int,
    threshold: int,
    holders: strings,
    publicKey: hex,
    previousSetId: nullable(hex),
  },
  receipt: { index: int, holder: str, method: oneOf('file', 'words'), confirmedAt: str },
  rekeyed: newSet,
  refreshed: newSet,
  checked: { how: oneOf('alone', 'quorum'), holders },
  signed: {
    holders,
    description: (v) => strings(v) && (v as string[]).length <= 64,
    signature: nullable(hex),
    txHash: nullable(hex),
  },
  broadcast: { txHash: hex, endpoint: str, status: str },
};

function checkData(event: LogEvent, data: unknown): string | undefined {
  const fields = FIELDS[event];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'its data is not an object';
  const keys = Object.keys(data);
  for (const k of keys) if (!(k in fields)) return `its data has an unknown field "${k}"`;
  for (const [k, check] of Object.entries(fields))
    if (!check((data as Record<string, unknown>)[k])) return `its data's "${k}" is not what a ${event} entry holds`;
  return undefined;
}

/** Canonical JSON: keys sorted at every level, no spaces. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function hashOf(entry: Omit<LogEntry, 'hash'>): string {
  const { format, version, walletId, seq, at, event, data, prev } = entry;
  return bytesToHex(sha256(utf8ToBytes(TAG + canonical({ format, version, walletId, seq, at, event, data, prev }))));
}

/**
 * The entry after `previous` (undefined for a wallet's first) in the log of `walletId` (hex): its
 * hash computed, its data checked against the event's fields. Throws TypeError/RangeError for
 * arguments of the wrong kind, naming the field.
 */
export function nextLogEntry<E extends LogEvent>(
  previous: LogEntry | undefined,
  walletId: string,
  event: E,
  data: LogEvents[E],
  at: string,
): LogEntry<E> {
  astring(walletId, 'walletId', 256);
  if (!hex(walletId)) throw new RangeError('walletId must be lowercase hex');
  if (!LOG_EVENTS.includes(event)) throw new RangeError(`event must be one of ${LOG_EVENTS.join(', ')}`);
  aobject(data, 'data');
  const bad = checkData(event, data);
  if (bad) throw new TypeError(`The ${event} entry is not valid: ${bad}`);
  astring(at, 'at', 64);
  if (Number.isNaN(Date.parse(at))) throw new RangeError('at must be an ISO date');
  if (previous !== undefined) {
    aobject(previous, 'previous');
    if (previous.walletId !== walletId) throw new RangeError('previous is an entry of another wallet’s log');
    aint(previous.seq, 'previous.seq', 1, 999_999 - 1);
  }
  const body = {
    format: LOG_FORMAT as typeof LOG_FORMAT,
    version: 1 as const,
    walletId,
    seq: previous === undefined ? 1 : previous.seq + 1,
    at,
    event,
    data: JSON.parse(JSON.stringify(data)) as LogEvents[E],
    prev: previous === undefined ? LOG_GENESIS : previous.hash,
  };
  return { ...body, hash: hashOf(body) };
}

/** What is wrong with a log, at which entry (its file's number), in words. */
export interface LogProblem {
  seq: number;
  problem: 'unreadable' | 'edited' | 'missing' | 'moved' | 'broken-link' | 'other-wallet';
  message: string;
}

/** A log as read: the entries that parse, in file order, and every problem named. */
export interface LogReport {
  walletId: string;
  entries: LogEntry[];
  problems: LogProblem[];
  ok: boolean;
}

function parseEntry(text: string, seq: number, walletId: string): LogEntry | LogProblem {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { seq, problem: 'unreadable', message: `Entry ${seq} is not valid JSON: it was cut off or edited.` };
  }
  const wrong = (why: string): LogProblem => ({ seq, problem: 'edited', message: `Entry ${seq} was edited: ${why}.` });
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return wrong('it is not an entry');
  for (const k of Object.keys(o))
    if (!(ENTRY_KEYS as readonly string[]).includes(k)) return wrong(`it has an unknown field "${k}"`);
  for (const k of ENTRY_KEYS) if (!(k in o)) return wrong(`it lacks "${k}"`);
  if (o['format'] !== LOG_FORMAT) return wrong('it is not a log entry');
  if (o['version'] !== 1) return wrong('its version is not 1');
  if (o['walletId'] !== walletId)
    return {
      seq,
      problem: 'other-wallet',
      message: `Entry ${seq} belongs to another wallet’s log: it was copied here.`,
    };
  if (!int(o['seq']) || (o['seq'] as number) < 1) return wrong('its number is not a number');
  if (typeof o['at'] !== 'string' || Number.isNaN(Date.parse(o['at']))) return wrong('its date is not a date');
  if (!LOG_EVENTS.includes(o['event'] as LogEvent)) return wrong('its event is not one JointKey records');
  const bad = checkData(o['event'] as LogEvent, o['data']);
  if (bad) return wrong(bad);
  if (!hex(o['prev']) || (o['prev'] as string).length !== 64)
    return wrong('its link to the entry before is not a hash');
  const entry = o as unknown as LogEntry;
  if (entry.hash !== hashOf(entry)) return wrong('its content does not match its hash');
  return entry;
}

/**
 * Reads and verifies a wallet's log from its files: `files` maps each file's number (its name) to
 * its text. Every entry must parse, carry its own number, match its hash and hold the hash of the
 * entry before it; the numbers must run 1, 2, 3… with none missing. Each fault is named, with the
 * entry it is at. Throws TypeError/RangeError for arguments of the wrong kind.
 */
export function verifyLog(walletId: string, files: ReadonlyMap<number, string>): LogReport {
  astring(walletId, 'walletId', 256);
  if (!hex(walletId)) throw new RangeError('walletId must be lowercase hex');
  if (!(files instanceof Map)) throw new TypeError('files must be a Map of entry number to text');
  const problems: LogProblem[] = [];
  const entries: LogEntry[] = [];
  const numbers = [...files.keys()].sort((a, b) => a - b);
  for (const n of numbers) aint(n, 'entry number', 1, 999_999);
  const last = numbers.at(-1) ?? 0;
  let prev: LogEntry | undefined | null = undefined; // null: the entry before could not be read
  for (let seq = 1; seq <= last; seq++) {
    const text = files.get(seq);
    if (text === undefined) {
      problems.push({
        seq,
        problem: 'missing',
        message: `Entry ${seq} is missing: it was removed. Restore the log folder from a backup.`,
      });
      prev = null;
      continue;
    }
    const parsed = parseEntry(astring(text, 'entry text', 1024 * 1024), seq, walletId);
    if ('problem' in parsed) {
      problems.push(parsed);
      prev = null;
      continue;
    }
    if (parsed.seq !== seq) {
      problems.push({
        seq,
        problem: 'moved',
        message: `Entry ${seq}'s file holds entry ${parsed.seq}: the entries were reordered or renamed.`,
      });
      prev = null;
      entries.push(parsed);
      continue;
    }
    const expected = prev === undefined ? LOG_GENESIS : prev === null ? undefined : prev.hash;
    if (expected !== undefined && parsed.prev !== expected)
      problems.push({
        seq,
        problem: 'broken-link',
        message:
          seq === 1
            ? 'Entry 1 is not the first of a log: the entries before it were removed.'
            : `Entry ${seq} does not follow entry ${seq - 1}: one of them was edited, replaced or moved.`,
      });
    entries.push(parsed);
    prev = parsed;
  }
  return { walletId, entries, problems, ok: problems.length === 0 };
}

/** The refusal of a broken log, naming its first fault (TAMPERED_FILE). Throws RangeError for a log that is whole. */
export function brokenLogError(report: LogReport, where: string): JointKeyError {
  aobject(report, 'report');
  astring(where, 'where', 4096);
  const first = report.problems[0];
  if (!first) throw new RangeError('the log is whole');
  const more =
    report.problems.length > 1
      ? ` (and ${report.problems.length - 1} more fault${report.problems.length > 2 ? 's' : ''})`
      : '';
  return new JointKeyError(
    'TAMPERED_FILE',
    `The record of use in ${where} is broken: ${first.message}${more} Restore the folder from a backup; nothing more is recorded in it until then.`,
  );
}

/**
 * When each holder last checked their child key (alone, or in a quorum check or a signing), from a
 * verified log: holder index → ISO date. Throws TypeError for a report that is not one.
 */
export function lastCheckedByHolder(report: LogReport): Map<number, string> {
  aobject(report, 'report');
  if (!Array.isArray(report.entries)) throw new TypeError('report.entries must be an array');
  const out = new Map<number, string>();
  for (const e of report.entries) {
    if (e.event === 'receipt') out.set((e.data as LogEvents['receipt']).index, e.at);
    if (e.event === 'checked' || e.event === 'signed')
      for (const h of (e.data as LogEvents['checked']).holders) out.set(h.index, e.at);
  }
  return out;
}
