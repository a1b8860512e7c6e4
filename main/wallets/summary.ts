/** A wallet as the renderer sees it: its record's public summary. */
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
  };
}
