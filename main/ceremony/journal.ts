/**
 * The ceremony journal: a small public record, in the data folder, of how far a split ceremony got
 * — its set id, wallet and holder labels, which files were written where, whose words were shown,
 * which receipts were confirmed, and whether it finished or was abandoned — so that after a crash
 * the app (or a person) can say where it stopped. Nothing secret is in it: no key, no child key, no
 * passphrase, no text form.
 *
 * Each update is a new file written atomically (main/files/atomic.ts: temporary file, fsync, link,
 * never replacing), `<dataDir>/ceremonies/<ceremony id>.<seq>.json`; the previous one is removed
 * after. A crash between the two leaves both, and the highest sequence number wins.
 */
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Receipt } from '../core/wallet/ceremony.js';
import { ensureDir, readLimited, writeNewFile } from '../files/atomic.js';

export const JOURNAL_FORMAT = 'jointkey-ceremony-journal';

export interface JournalFile {
  index: number;
  holder: string;
  kind: 'encrypted-file' | 'paper-backup';
  path: string;
  writtenAt: string;
}

export interface Journal {
  format: typeof JOURNAL_FORMAT;
  version: 1;
  ceremonyId: string;
  /** The set id (hex): the wallet's id once it is recorded. */
  setId: string;
  walletLabel: string;
  holders: string[];
  scheme: string;
  threshold: number;
  origin: 'generated' | 'imported';
  curve: string | null;
  publicKey: string;
  startedAt: string;
  updatedAt: string;
  status: 'handing-off' | 'finished' | 'abandoned';
  files: JournalFile[];
  /** Holders whose words were shown on screen. */
  wordsShown: { index: number; holder: string; shownAt: string }[];
  receipts: Receipt[];
  /** A rekey's or refresh's old set (it stays in force until the new record is written). */
  rekeyOf?: { setId: string; how: 'rekeyed' | 'refreshed' };
  /** The wallet record's path, once finished. */
  walletRecord?: string;
}

export function journalDir(dataDir: string): string {
  return join(dataDir, 'ceremonies');
}

const NAME = /^([0-9a-f-]{36})\.(\d{6})\.json$/;

/** Writes the journal's next version and removes the one before. Returns the new sequence number. */
export function writeJournal(dataDir: string, journal: Journal, previousSeq: number): number {
  const dir = journalDir(dataDir);
  ensureDir(dir);
  const seq = previousSeq + 1;
  writeNewFile(
    join(dir, `${journal.ceremonyId}.${String(seq).padStart(6, '0')}.json`),
    `${JSON.stringify(journal, null, 2)}\n`,
  );
  if (previousSeq > 0)
    try {
      unlinkSync(join(dir, `${journal.ceremonyId}.${String(previousSeq).padStart(6, '0')}.json`));
    } catch {
      // already gone: the newer file is the journal
    }
  return seq;
}

/** The latest version of every ceremony's journal in the data folder, oldest ceremony first. */
export function readJournals(dataDir: string): Journal[] {
  return readJournalVersions(dataDir).map((v) => v.journal);
}

/** The same, with each journal's sequence number (to write its next version). */
export function readJournalVersions(dataDir: string): { journal: Journal; seq: number }[] {
  let names: string[];
  try {
    names = readdirSync(journalDir(dataDir));
  } catch {
    return [];
  }
  const latest = new Map<string, { seq: number; name: string }>();
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const seq = Number(m[2]);
    const prev = latest.get(m[1] as string);
    if (!prev || prev.seq < seq) latest.set(m[1] as string, { seq, name });
  }
  const out: { journal: Journal; seq: number }[] = [];
  for (const { name, seq } of latest.values())
    try {
      const j = JSON.parse(readLimited(join(journalDir(dataDir), name), 1024 * 1024).toString('utf8')) as Journal;
      if (j.format === JOURNAL_FORMAT) out.push({ journal: j, seq });
    } catch {
      // an unreadable journal says nothing; the wallet records are the truth
    }
  return out.sort((a, b) => a.journal.startedAt.localeCompare(b.journal.startedAt));
}

/** Where a ceremony stopped, in words: "Bob’s file written; 1 of 3 holders confirmed (Alice)". */
export function whereItStopped(j: Journal): string {
  if (j.status === 'finished') return `Finished: every holder confirmed, the key was wiped and the wallet recorded.`;
  const confirmed = j.receipts.map((r) => r.holder);
  const handed = [...new Set([...j.files.map((f) => f.holder), ...j.wordsShown.map((w) => w.holder)])];
  const state = j.status === 'abandoned' ? 'Abandoned' : 'Stopped during the hand-off';
  return `${state}: ${handed.length} of ${j.holders.length} holders were handed their child key${handed.length ? ` (${handed.join(', ')})` : ''}; ${confirmed.length} confirmed${confirmed.length ? ` (${confirmed.join(', ')})` : ''}.`;
}
