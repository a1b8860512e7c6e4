/**
 * A wallet's record of use in plain words, for the Wallets screen (`wallets/log`): each entry's
 * date, what happened, who took part and how they entered their child key, what was signed, its
 * hashes; the chain's faults named, with what to do; each holder's last check, and who has not
 * checked within the period set in Settings. Public data only, as the log itself.
 */
import type { EntryWay, LogEntry, LogEvents, LoggedHolder } from '../core/wallet/log.js';
import { brokenLogError, lastCheckedByHolder } from '../core/wallet/log.js';
import type { Wallet } from '../core/wallet/kind.js';
import type { Response } from '../ipc/contract.js';
import { logDir, readLog } from './log.js';

export type WalletHistory = Response<'wallets/log'>;
type EntryWords = WalletHistory['entries'][number];

const WAYS: Record<EntryWay, string> = {
  typed: 'typed',
  file: 'from a file',
  keychain: 'from this computer’s keychain',
  'own-computer': 'on their own computer',
};

const whoOf = (holders: readonly LoggedHolder[]): string[] =>
  holders.map((h) => `${h.label || `Holder ${h.index}`} (${WAYS[h.from] ?? h.from})`);

const rule = (d: { threshold: number; parties: number }) => `${d.threshold} of ${d.parties}`;

/** One entry in words. */
export function entryWords(e: LogEntry): EntryWords {
  const base = { seq: e.seq, at: e.at, event: e.event, hash: e.hash, prev: e.prev };
  switch (e.event) {
    case 'created': {
      const d = e.data as LogEvents['created'];
      return {
        ...base,
        title: d.previousSetId ? 'Created anew, replacing an earlier split' : 'Created',
        who: [...d.holders],
        lines: [
          `${d.label || 'Unnamed wallet'}: ${rule(d)} holders must sign (${d.scheme})`,
          `Public key or fingerprint: ${d.publicKey}`,
          ...(d.previousSetId ? [`Replaces the set ${d.previousSetId}`] : []),
        ],
      };
    }
    case 'receipt': {
      const d = e.data as LogEvents['receipt'];
      return {
        ...base,
        title: `${d.holder} confirmed they have their child key`,
        who: [d.holder],
        lines: [d.method === 'words' ? 'By typing its words back' : 'By opening their file again'],
      };
    }
    case 'rekeyed':
    case 'refreshed': {
      const d = e.data as LogEvents['rekeyed'];
      return {
        ...base,
        title: e.event === 'rekeyed' ? 'Rekeyed: split anew' : 'Refreshed: new child keys, same key',
        who: [...d.holders],
        lines: [
          `The new set ${d.newSetId}: ${rule(d)} holders must sign (${d.scheme})`,
          'These child keys are no longer used.',
        ],
      };
    }
    case 'checked': {
      const d = e.data as LogEvents['checked'];
      const one = d.holders[0];
      return {
        ...base,
        title:
          d.how === 'alone' && one
            ? `${one.label || `Holder ${one.index}`} checked their child key alone`
            : 'Health check: the child keys together give the wallet’s key',
        who: whoOf(d.holders),
        lines: [],
      };
    }
    case 'signed': {
      const d = e.data as LogEvents['signed'];
      return {
        ...base,
        title: 'Signed',
        who: whoOf(d.holders),
        lines: [
          ...d.description,
          ...(d.txHash ? [`Transaction hash: ${d.txHash}`] : []),
          ...(d.signature ? [`Signature: ${d.signature}`] : []),
        ],
      };
    }
    case 'broadcast': {
      const d = e.data as LogEvents['broadcast'];
      return {
        ...base,
        title: d.status === 'success' ? 'Sent to the network' : `Sent to the network: ${d.status}`,
        who: [],
        lines: [`Transaction hash: ${d.txHash}`, `Node: ${d.endpoint}`],
      };
    }
  }
  return { ...base, title: String(e.event), who: [], lines: [] };
}

/** The date `months` months before `now`. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * The wallet's history: its log read and verified, in words, newest first; each holder's last check
 * (the log's, else the receipt on the record); who has not checked since `months` before `now`.
 */
export function walletHistory(dataDir: string, wallet: Wallet, months: number, now = new Date()): WalletHistory {
  const r = wallet.record;
  const report = readLog(dataDir, r.id);
  const folder = logDir(dataDir, r.id);
  const last = lastCheckedByHolder(report);
  const cutoff = monthsBefore(now, months).getTime();
  const lastChecked = r.holders.map((label, i) => {
    const index = i + 1;
    const at = last.get(index) ?? r.receipts.find((x) => x.index === index)?.confirmedAt ?? null;
    return { index, label, at };
  });
  const overdue = lastChecked.filter((h) => h.at === null || Date.parse(h.at) < cutoff).map((h) => h.label);
  return {
    walletId: r.id,
    label: r.label,
    ok: report.ok,
    folder,
    entries: report.entries.map(entryWords).reverse(),
    problems: report.problems.map(({ seq, problem, message }) => ({ seq, problem, message })),
    advice: report.ok ? null : brokenLogError(report, folder).message,
    lastChecked,
    checkEveryMonths: months,
    overdue,
  };
}
