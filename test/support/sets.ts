/** Shared fixtures for the child-key tests: deterministic randomness and small sets of each scheme. */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Rng } from '../../main/core/bytes.js';
import type { ChildKey, SchemeId } from '../../main/core/formats/child-key.js';
import { generatePrivateKey } from '../../main/core/chains/key-sources.js';
import { splitKey, splitSecret, type SplitResult } from '../../main/core/wallet/split.js';

/** A deterministic rng: SHA-256 in counter mode over a seed. Replays exactly; for tests only. */
export function seededRng(seed: string): Rng {
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const block = sha256(new TextEncoder().encode(`${seed}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

export const ALL_SCHEMES: readonly SchemeId[] = ['xor', 'additive', 'shamir', 'gf256'];
export const LABELS3 = ['Alice', 'Bob', 'Carol'];

/** A 3-holder secp256k1 wallet split with `scheme` (threshold 2 where the scheme allows it). */
export function keySet(scheme: SchemeId, seed = 'key', threshold?: number): SplitResult & { key: Uint8Array } {
  const rng = seededRng(`${seed}/${scheme}`);
  const key = generatePrivateKey('secp256k1', rng);
  const t = threshold ?? (scheme === 'xor' || scheme === 'additive' ? 3 : 2);
  return {
    key,
    ...splitKey('secp256k1', key, { scheme, parties: 3, threshold: t, labels: LABELS3, walletLabel: 'Family', rng }),
  };
}

/** A 3-holder split of a 48-byte secret with `scheme`. */
export function secretSet(scheme: SchemeId, seed = 'secret'): SplitResult & { secret: Uint8Array } {
  const rng = seededRng(`${seed}/${scheme}`);
  const secret = rng(48);
  const t = scheme === 'xor' || scheme === 'additive' ? 3 : 2;
  return { secret, ...splitSecret(secret, { scheme, parties: 3, threshold: t, labels: LABELS3, rng }) };
}

/** A copy of a child key with some fields changed (the share and blinding share copied, so the original stays intact). */
export function altered(ck: ChildKey, change: Partial<ChildKey>): ChildKey {
  return { ...ck, share: ck.share.slice(), blinding: ck.blinding.slice(), ...change };
}
