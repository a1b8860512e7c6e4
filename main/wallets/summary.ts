/** A wallet as the renderer sees it: its record's public summary. */
import { walletDescriptors } from '../core/chains/bitcoin/descriptors.js';
import type { Wallet } from '../core/wallet/kind.js';
import type { Response } from '../ipc/contract.js';

export type WalletSummary = Response<'wallets/list'>['wallets'][number];

export function walletSummaryOf(wallet: Wallet): WalletSummary {
  const r = wallet.record;
  return {
    id: r.id,
    label: r.label,
    curve: r.curve,
    publicKey: r.publicKey,
    addresses: { ...r.addresses },
    scheme: r.scheme,
    parties: r.parties,
    threshold: r.threshold,
    holders: [...r.holders],
    createdAt: r.createdAt,
    wordsLayout: wallet.kind.wordsLayout,
    kindLabel: wallet.kindLabel,
    ...descriptorsOf(wallet),
  };
}

/**
 * A secp256k1 wallet's output descriptors, for a watch-only coordinator (Sparrow, Bitcoin Core),
 * from the keys it signs PSBTs with: only when they give the very addresses on its record (a FROST
 * wallet, whose Taproot key is tweaked and signed for across computers, signs no PSBT and shows none).
 */
function descriptorsOf(wallet: Wallet): { descriptors?: { wpkh?: string; tr: string } } {
  const r = wallet.record;
  let d;
  try {
    const keys = wallet.bitcoinKeys();
    if (keys === undefined) return {};
    d = walletDescriptors(keys);
  } catch {
    return {};
  }
  const main = d.networks.find((n) => n.network === 'mainnet');
  if (main?.p2wpkh !== r.addresses['bitcoinP2wpkh'] || main?.p2tr !== r.addresses['bitcoinP2tr']) return {};
  return { descriptors: { ...(d.wpkh !== undefined ? { wpkh: d.wpkh } : {}), tr: d.tr } };
}
