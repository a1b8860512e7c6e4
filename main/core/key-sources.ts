/**
 * Key sources, the method's first step: a new private key generated here. (Imports of existing
 * keys arrive with the signing work.)
 */
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { randomBytes, type Rng } from './bytes.js';
import type { CurveRef } from './child-key.js';
import { curveById, curveOrder } from './curves.js';

/**
 * A new 32-byte private key from `rng` by rejection sampling: secp256k1 a key in [1, n); ed25519 a
 * seed whose little-endian value is below the group order L, so the polynomial and random-string
 * schemes can split it over L with Feldman commitments / public points (the seed keeps 252 bits of
 * entropy, above Ed25519's 128-bit security level).
 */
export function generatePrivateKey(curve: CurveRef, rng: Rng = randomBytes): Uint8Array {
  const info = curveById(curve);
  const n = curveOrder(info);
  for (;;) {
    const key = rng(32);
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('rng must return 32 bytes');
    const v = curve === 'secp256k1' ? bytesToNumberBE(key) : bytesToNumberLE(key);
    if (v > 0n && v < n) return key;
    key.fill(0);
  }
}
