/**
 * Message signatures with a restored key, and their verification:
 * - 'ecdsa-sha256': secp256k1 ECDSA (SEC 1 §4.1) over SHA-256(message), 64-byte compact r ‖ s with
 *   low s (s ≤ n/2, as BIP-62 and EIP-2 require), deterministic nonces per RFC 6979 §3.2;
 * - 'bip340': secp256k1 Schnorr signatures per BIP-340 over the message itself (any length), with
 *   32 bytes of auxiliary randomness;
 * - 'ed25519': pure Ed25519 per RFC 8032 §5.1.6 over the 32-byte seed; verified strictly (§5.1.7,
 *   canonical encodings, as OpenSSL does; not ZIP-215).
 * All curve arithmetic is noble's (@noble/curves), which self-checks its Schnorr signatures.
 *
 * Not constant-time beyond what noble gives. The private key is the caller's to wipe; noble's
 * intermediate scalars and nonces are bigints that JS cannot zero.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes, randomBytes, typeName, type Rng } from '../bytes.js';
import { curveById, privateKeyToScalar, type CurveId } from '../math/curves.js';

export type SignatureAlgo = 'ecdsa-sha256' | 'bip340' | 'ed25519';

/** The signature algorithms, in a stable order. */
export const SIGNATURE_ALGOS: readonly SignatureAlgo[] = Object.freeze(['ecdsa-sha256', 'bip340', 'ed25519'] as const);

/** Every signature is 64 bytes: r ‖ s (ECDSA), R.x ‖ s (BIP-340), R ‖ S (Ed25519). */
export const SIGNATURE_BYTES = 64;

/** The longest message signed or verified, 16 MiB (the core's limit on secrets too); longer is a RangeError. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function amessage(message: unknown): Uint8Array {
  abytes(message, 'message');
  const m = message as Uint8Array;
  if (m.length > MAX_MESSAGE_BYTES)
    throw new RangeError(`message must be at most ${MAX_MESSAGE_BYTES} bytes, got ${m.length}`);
  return m;
}

/**
 * The curve whose keys sign with `algo`: secp256k1 for 'ecdsa-sha256' and 'bip340', ed25519 for
 * 'ed25519'. Throws TypeError for a non-string, RangeError for an unknown algorithm.
 */
export function curveOfAlgo(algo: SignatureAlgo): CurveId {
  if (typeof algo !== 'string') throw new TypeError(`algo must be a string, got ${typeName(algo)}`);
  if (!SIGNATURE_ALGOS.includes(algo)) throw new RangeError('algo is not a known signature algorithm');
  return algo === 'ed25519' ? 'ed25519' : 'secp256k1';
}

/**
 * Signs `message` (any bytes, up to {@link MAX_MESSAGE_BYTES}) with a 32-byte private key of the algorithm's curve and
 * returns the 64-byte signature. ECDSA and Ed25519 are deterministic; BIP-340 mixes in `rng(32)` as
 * its auxiliary randomness (inject it to replay the BIP-340 test vectors; a fixed value is still safe,
 * only weaker against side channels). Noble verifies each BIP-340 signature before returning it.
 *
 * Throws TypeError for wrong argument types or an rng that does not return 32 bytes, RangeError for
 * an unknown algorithm, a key that is not 32 bytes or a message over 16 MiB,
 * JointKeyError('INVALID_KEY') for a secp256k1 key of 0 or ≥ n.
 */
export function signMessage(
  algo: SignatureAlgo,
  privateKey: Uint8Array,
  message: Uint8Array,
  rng: Rng = randomBytes,
): Uint8Array {
  const curve = curveById(curveOfAlgo(algo));
  abytes(privateKey, 'privateKey', 32);
  amessage(message);
  if (typeof rng !== 'function') throw new TypeError(`rng must be a function, got ${typeName(rng)}`);
  privateKeyToScalar(curve, privateKey); // INVALID_KEY for 0 or ≥ n
  switch (algo) {
    case 'ecdsa-sha256':
      return secp256k1.sign(sha256(message), privateKey, { prehash: false, lowS: true, format: 'compact' });
    case 'bip340': {
      const auxRand = rng(32);
      if (!(auxRand instanceof Uint8Array) || auxRand.length !== 32) throw new TypeError('rng must return 32 bytes');
      return schnorr.sign(message, privateKey, auxRand);
    }
    case 'ed25519':
      return ed25519.sign(message, privateKey);
  }
}

/**
 * True when `signature` is a valid `algo` signature of `message` by the wallet's `publicKey`:
 * 33 bytes compressed for secp256k1 (for 'bip340' its x coordinate is the BIP-340 x-only key, so
 * either y parity verifies), 32 bytes for ed25519. ECDSA refuses high-s signatures (malleable
 * copies); Ed25519 decodes strictly (RFC 8032, as OpenSSL).
 *
 * Never throws for a bad signature: wrong length, values out of range, or a public key that is not
 * a point all give false. Throws TypeError when an argument has the wrong type (signature included),
 * RangeError for an unknown algorithm, a public key of the wrong length or a message over 16 MiB.
 */
export function verifyMessage(
  algo: SignatureAlgo,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const curve = curveById(curveOfAlgo(algo));
  abytes(publicKey, 'publicKey', curve.publicKeyBytes);
  amessage(message);
  abytes(signature, 'signature');
  if (signature.length !== SIGNATURE_BYTES) return false;
  try {
    switch (algo) {
      case 'ecdsa-sha256':
        return secp256k1.verify(signature, sha256(message), publicKey, {
          prehash: false,
          lowS: true,
          format: 'compact',
        });
      case 'bip340':
        if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03) return false;
        return schnorr.verify(signature, message, publicKey.subarray(1));
      case 'ed25519':
        return ed25519.verify(signature, message, publicKey, { zip215: false });
    }
  } catch {
    return false;
  }
}
