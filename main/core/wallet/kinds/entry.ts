/** What every kind says the same way about a child key entered: where it came from, and another kind's refused. */
import { aint, aobject, astring } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';
import { cap } from '../../formats/verify.js';
import type { ChildKeyRead, EntrySource, WalletKind } from '../kind.js';

/** How a refusal names where a child key came from: its file's path, "keychain entry ID", "What was typed". */
/** Checks where a child key came from is one of the sources (TypeError otherwise). */
export function asource(source: EntrySource): EntrySource {
  aobject(source, 'source');
  if (source.from === 'typed') return source;
  if (source.from === 'file' && typeof source.path === 'string') return source;
  if (source.from === 'keychain' && typeof source.id === 'string') return source;
  throw new TypeError('source must be {from: typed}, {from: file, path} or {from: keychain, id}');
}

export function sourceName(source: EntrySource): string {
  asource(source);
  if (source.from === 'file') return source.path;
  return source.from === 'keychain' ? `keychain entry ${source.id}` : 'What was typed';
}

/**
 * The refusal of another kind's child key by a wallet of kind `own` (the caller wipes `read`):
 * "PATH holds SLIP-39 words, and this wallet was split as JointKey child keys. Enter …".
 */
export function foreignRefusal(own: WalletKind, read: ChildKeyRead): JointKeyError {
  aobject(own, 'own');
  if (typeof own.nounPlural !== 'string' || typeof own.enterInstead !== 'string')
    throw new TypeError('own must be a wallet kind');
  return new JointKeyError(
    'DIFFERENT_SCHEME',
    `${cap(sourceName(read.source))} holds ${read.kind.noun}, and this wallet was split as ${own.nounPlural}. ${own.enterInstead}`,
  );
}

/** "Your child key for Family savings is intact (holder 2 of 3, Bob)." */
export function intactSummary(walletLabel: string, holder: { index: number; label: string }, parties: number): string {
  astring(walletLabel, 'walletLabel', 1024);
  aobject(holder, 'holder');
  aint(parties, 'parties', 1, 255);
  aint(holder.index, 'holder.index', 1, parties);
  astring(holder.label, 'holder.label', 1024);
  return `Your child key for ${walletLabel || 'this wallet'} is intact (holder ${holder.index} of ${parties}${holder.label ? `, ${holder.label}` : ''}).`;
}

/** A receipt refused because the holder presented another kind's child key: "PATH is SLIP-39 words: not the one Bob was given." */
export function receiptOfOtherKind(holder: string, read: ChildKeyRead): JointKeyError {
  return new JointKeyError(
    'DIFFERENT_SCHEME',
    `${cap(sourceName(read.source))} is ${read.kind.noun}: not the one ${holder} was given. Choose ${holder}’s file.`,
  );
}
