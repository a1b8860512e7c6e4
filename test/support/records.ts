/** A wallet record loaded through the wallet model, with its kind's public data, for tests that look inside. */
import type { SetPublic } from '../../main/core/formats/child-key.js';
import type { WalletRecordJson } from '../../main/core/wallet/kind.js';
import { walletFromJson } from '../../main/core/wallet/kinds/index.js';
import { JOINTKEY_KIND, type JointKeyRead } from '../../main/core/wallet/kinds/jointkey.js';
import { SLIP39_KIND, type Slip39Read, type Slip39Wallet } from '../../main/core/wallet/kinds/slip39.js';
import { SLIP39_BIP32_KIND } from '../../main/core/wallet/kinds/slip39-bip32.js';
import type { ChildKeyFromDisk } from '../../main/files/child-key-files.js';

export function anyWalletRecordFromJson(value: unknown): {
  record: WalletRecordJson;
  set?: SetPublic;
  slip39?: Slip39Wallet;
} {
  const w = walletFromJson(value) as unknown as { record: WalletRecordJson; set?: SetPublic; wallet?: Slip39Wallet };
  return { record: w.record, ...(w.set ? { set: w.set } : {}), ...(w.wallet ? { slip39: w.wallet } : {}) };
}

/** The JointKey child key (and its set, when the file carries it) of a file read; throws for another kind. */
export function jointKeyIn(r: ChildKeyFromDisk): JointKeyRead {
  if (r.read.kind !== JOINTKEY_KIND) throw new Error(`${r.path} is not a JointKey child key`);
  return r.read as JointKeyRead;
}

/** The SLIP-39 words of a file read; throws for another kind. */
export function wordsIn(r: ChildKeyFromDisk): Slip39Read['words'] {
  if (r.read.kind !== SLIP39_KIND && r.read.kind !== SLIP39_BIP32_KIND)
    throw new Error(`${r.path} is not a SLIP-39 file`);
  return (r.read as Slip39Read).words;
}
