/**
 * Sets replaced by a rekey or a refresh. Records are never replaced, so a wallet's old record stays as
 * it was; beside it, `<data dir>/superseded/<old id>.<new id>.json` says which set replaced it and
 * when (docs/FORMAT.md, "Superseded sets"). The marker is written just before the new set's record,
 * and counts only once that record exists: a rekey stopped between the two leaves the old set in
 * force. A child key of a replaced set entered later is named for what it is.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JointKeyError } from '../core/errors.js';
import type { ChildKeyRead } from '../core/wallet/kind.js';
import { ensureDir, readLimited, writeNewFile } from '../files/atomic.js';
import { findWalletRecord, listWalletRecords, recordedWallets } from './store.js';

export const SUPERSEDED_FORMAT = 'jointkey-superseded';

export interface Supersession {
  format: typeof SUPERSEDED_FORMAT;
  version: 1;
  setId: string;
  supersededBy: string;
  /** ISO date. */
  at: string;
  how: 'rekeyed' | 'refreshed';
}

const NAME = /^([0-9a-f]{8,128})\.([0-9a-f]{8,128})\.json$/;

function dirOf(dataDir: string): string {
  return join(dataDir, 'superseded');
}

/** Writes the marker that `s.supersededBy` replaces `s.setId` (never replacing a file); returns its path. */
export function writeSupersession(dataDir: string, s: Omit<Supersession, 'format' | 'version'>): string {
  const dir = dirOf(dataDir);
  ensureDir(dir);
  const path = join(dir, `${s.setId}.${s.supersededBy}.json`);
  const body: Supersession = { format: SUPERSEDED_FORMAT, version: 1, ...s };
  writeNewFile(path, `${JSON.stringify(body, null, 2)}\n`);
  return path;
}

/**
 * What replaced set `setId`, if a set did: a marker whose new record exists (and is whole). A marker
 * that does not parse, or whose new record is missing (a rekey stopped before it), counts for nothing.
 */
export function supersessionOf(dataDir: string, setId: string): Supersession | undefined {
  let names: string[];
  try {
    names = readdirSync(dirOf(dataDir));
  } catch {
    return undefined;
  }
  const found: Supersession[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || m[1] !== setId) continue;
    try {
      const s = JSON.parse(readLimited(join(dirOf(dataDir), name), 64 * 1024).toString('utf8')) as Supersession;
      if (s.format !== SUPERSEDED_FORMAT || s.setId !== m[1] || s.supersededBy !== m[2]) continue;
      if (Number.isNaN(Date.parse(s.at))) continue;
      if (!findWalletRecord(dataDir, s.supersededBy)) continue;
      found.push(s);
    } catch {
      // a damaged marker, or a damaged new record: the old set stays in force
    }
  }
  return found.sort((a, b) => a.at.localeCompare(b.at))[0];
}

/** Every set replaced, by old set id (for the wallet list). */
export function supersededSets(dataDir: string): Map<string, Supersession> {
  const out = new Map<string, Supersession>();
  for (const e of listWalletRecords(dataDir))
    if ('wallet' in e) {
      const s = supersessionOf(dataDir, e.wallet.record.id);
      if (s) out.set(e.wallet.record.id, s);
    }
  return out;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "3 May 2027" (UTC). */
export function dayOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * Refuses (DIFFERENT_SET) a child key of a set that a rekey or refresh replaced: "Bob’s child key
 * from the set replaced on 3 May 2027 — use the new one." The set is the one the child key names, or
 * (SLIP-39 words, which name none) the recorded wallet it belongs to.
 */
export function refuseSuperseded(dataDir: string, read: ChildKeyRead): void {
  const setId = read.setIdHex ?? read.kind.walletOf(read, recordedWallets(dataDir))?.record.id;
  if (setId === undefined) return;
  const s = supersessionOf(dataDir, setId);
  if (!s) return;
  const who = read.holder.label ? `${read.holder.label}’s` : `Holder ${read.holder.index}’s`;
  throw new JointKeyError(
    'DIFFERENT_SET',
    `${who} child key from the set replaced on ${dayOf(s.at)} — use the new one. This wallet was ${s.how === 'refreshed' ? 'refreshed' : 'rekeyed'} that day (set ${s.supersededBy}); its old child keys no longer count here.`,
  );
}
