/** A wallet as the renderer sees it: its record's public summary. */
import { hexToBytesStrict } from '../core/bytes.js';
import { walletDescriptors } from '../core/chains/bitcoin/descriptors.js';
import type { Wallet } from '../core/wallet/kind.js';
import type { WalletRecordJson } from '../core/wallet/record.js';
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
    ...(wallet.kind.signsPsbt ? descriptorsOf(r) : {}),
  };
}

/**
 * A secp256k1 wallet's output descriptors, for a watch-only coordinator (Sparrow, Bitcoin Core):
 * only when they give the very addresses on its record (a wallet whose Bitcoin keys are derived
 * or tweaked — standard SLIP-39, FROST — signs no PSBT here yet, and shows none).
 */
function descriptorsOf(r: WalletRecordJson): { descriptors?: { wpkh: string; tr: string } } {
  if (r.curve !== 'secp256k1' || r.publicKey.length !== 66) return {};
  let d;
  try {
    d = walletDescriptors(hexToBytesStrict(r.publicKey, 'publicKey'));
  } catch {
    return {};
  }
  const main = d.networks.find((n) => n.network === 'mainnet');
  if (main?.p2wpkh !== r.addresses['bitcoinP2wpkh'] || main?.p2tr !== r.addresses['bitcoinP2tr']) return {};
  return { descriptors: { wpkh: d.wpkh, tr: d.tr } };
}
