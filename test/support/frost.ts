/**
 * A FROST wallet for the app's tests: split by the real core (a trusted dealer), its record saved by
 * the real store in the coordinator's data folder, each holder's child key as a file and as its text
 * form, and a data folder ("computer") per holder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '../../main/core/bytes.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import {
  type FrostWallet,
  frostChildKeyFromFile,
  frostSplitKey,
  frostWalletRecordOf,
} from '../../main/core/wallet/kinds/frost.js';
import { saveWalletRecord } from '../../main/wallets/store.js';
import { LABELS3, seededRng } from './sets.js';
import { tempDir } from './ipc.js';

export interface FrostFixture {
  walletId: string;
  wallet: FrostWallet;
  /** Each holder's child-key file (plain JSON, its wallet's public data with it). */
  files: string[];
  /** Each holder's child key in its one-line text form. */
  texts: string[];
  /** Each holder's signing share, hex (to search replies and pages for). */
  sharesHex: string[];
  /** A data folder per holder: Alice's (the coordinator's, with the wallet record), Bob's, Carol's. */
  pcs: string[];
}

/** A 2-of-3 FROST wallet of `curve` (bip340 for secp256k1), labelled "Roof fund". */
export function frostWallet(curve: 'secp256k1' | 'ed25519', seed = 'frost-app'): FrostFixture {
  const root = tempDir('jointkey-frost-app-');
  const rng = seededRng(`${seed}/${curve}`);
  const c = frostSplitKey(
    curve,
    generatePrivateKey(curve, rng),
    { scheme: 'frost', labels: LABELS3, threshold: 2, walletLabel: 'Roof fund' },
    'generated',
    rng,
  );
  const pcs = LABELS3.map((h) => join(root, `pc-${h.toLowerCase()}`));
  for (const pc of pcs) mkdirSync(pc, { recursive: true });
  const keys = join(root, 'keys');
  mkdirSync(keys);
  const files = [1, 2, 3].map((i) => {
    const path = join(keys, `${i}-${LABELS3[i - 1]!.toLowerCase()}.frost.json`);
    writeFileSync(path, c.fileForm(i), { mode: 0o600 });
    return path;
  });
  const texts = [1, 2, 3].map((i) => c.textForm(i));
  const cks = [1, 2, 3].map((i) => frostChildKeyFromFile(JSON.parse(c.fileForm(i))));
  const receipts = LABELS3.map((holder, i) => ({
    index: i + 1,
    holder,
    method: 'file' as const,
    confirmedAt: '2026-12-04T09:00:00.000Z',
  }));
  const { record } = saveWalletRecord(pcs[0]!, frostWalletRecordOf(c.wallet, '2026-12-04T09:00:00.000Z', receipts));
  c.abandon();
  return {
    walletId: record.id,
    wallet: c.wallet,
    files,
    texts,
    sharesHex: cks.map((ck) => bytesToHex(ck.signingShare)),
    pcs,
  };
}
