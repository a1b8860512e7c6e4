/**
 * A FROST wallet for the app's tests: split by the real core (a trusted dealer), its record saved by
 * the real store in the coordinator's data folder, each holder's child key as a file and as its text
 * form, and a data folder ("computer") per holder.
 */
import { createDecipheriv, createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
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

/**
 * Holder `index`'s round-1 nonces kept in data folder `dataDir` for request `requestId`, opened by
 * the tests' own reading of the nonce file's format (AES-256-GCM under HMAC-SHA256 of the signing
 * share): the one-time secrets to search files and replies for. Each 32-byte nonce: the hiding
 * nonces (one per message), then the binding ones.
 */
export function openNonces(dataDir: string, requestId: string, index: number, signingShareHex: string): Uint8Array[] {
  const o = JSON.parse(readFileSync(join(dataDir, 'frost-nonces', `${requestId}-${index}.json`), 'utf8'));
  const info = `jointkey/frost-nonces/v1\n${o.requestHash}\n${index}`;
  const key = createHmac('sha256', Buffer.from(signingShareHex, 'hex')).update(info).digest();
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(o.iv, 'hex'));
  d.setAAD(Buffer.from(info));
  d.setAuthTag(Buffer.from(o.tag, 'hex'));
  const plain = Buffer.concat([d.update(Buffer.from(o.body, 'hex')), d.final()]);
  return Array.from({ length: plain.length / 32 }, (_, m) => new Uint8Array(plain.subarray(m * 32, m * 32 + 32)));
}

/** nonce·G, as a round-1 commitment holds it: shows the nonces opened are the ones published. */
export function nonceCommitment(curve: 'secp256k1' | 'ed25519', nonce: Uint8Array): string {
  const P = curve === 'ed25519' ? ed25519.Point : secp256k1.Point;
  return bytesToHex(P.BASE.multiply(P.Fn.fromBytes(nonce)).toBytes());
}

/** Every file under `root`, recursively, but those under the folders in `skip`. */
export function filesUnder(root: string, skip: readonly string[] = []): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    if (skip.includes(p)) return [];
    return statSync(p).isDirectory() ? filesUnder(p, skip) : [p];
  });
}

/** Each secret (hex) in the forms a file or reply could hold it: hex either case, base64. */
export function secretForms(hex: readonly string[]): string[] {
  return hex.flatMap((h) => [h.toLowerCase(), h.toUpperCase(), Buffer.from(h, 'hex').toString('base64')]);
}
