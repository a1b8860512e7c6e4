/**
 * How a wallet record reads on screen, in plain words: who must sign, which addresses it has, how
 * its key was split. Plain functions, testable without a DOM.
 */
import type { WalletSummary } from './app-state.svelte.js';

/** "Any 2 of 3 owners sign together" or "All 3 owners sign together". */
export function signingRule(w: Pick<WalletSummary, 'threshold' | 'parties'>): string {
  return w.threshold === w.parties
    ? `All ${w.parties} owners sign together`
    : `Any ${w.threshold} of ${w.parties} owners sign together`;
}

/** "2 of 3" — the short form, for a badge. */
export function ruleBadge(w: Pick<WalletSummary, 'threshold' | 'parties'>): string {
  return `${w.threshold} of ${w.parties}`;
}

const ADDRESS_NAMES: Record<string, string> = {
  ethereum: 'Ethereum',
  bitcoinP2wpkh: 'Bitcoin (SegWit)',
  bitcoinP2tr: 'Bitcoin (Taproot)',
  base58: 'Ed25519 public key (base58)',
};

/** The wallet's addresses with readable names, in a stable order. */
export function addressRows(w: Pick<WalletSummary, 'addresses'>): { name: string; value: string }[] {
  const order = Object.keys(ADDRESS_NAMES);
  return Object.entries(w.addresses)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([k, value]) => ({ name: ADDRESS_NAMES[k] ?? k, value }));
}

const SCHEME_NAMES: Record<string, string> = {
  xor: 'XOR split',
  additive: 'additive split',
  shamir: 'Shamir polynomial split',
  gf256: 'byte-wise Shamir split',
  slip39: 'SLIP-39 recovery words',
};

/**
 * "secp256k1 key · Shamir polynomial split", "secp256k1 key · SLIP-39 recovery words · Recoverable
 * in any SLIP-39 wallet (Trezor, Keystone…)": the wallet kind's label, its scheme named in words.
 */
export function keyKind(w: Pick<WalletSummary, 'curve' | 'scheme' | 'kindLabel'>): string {
  const what = w.curve ? `${w.curve === 'ed25519' ? 'Ed25519' : 'secp256k1'} key` : 'secret';
  const label = w.kindLabel || w.scheme;
  return `${what} · ${SCHEME_NAMES[label] ?? label}`;
}

/** "24 November 2026", or the text as it is when it is not a date. */
export function createdOn(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
