/**
 * A FROST holder's round-1 nonces, kept only on their own computer between the two rounds:
 * AES-256-GCM under a key only their signing share gives (HMAC-SHA256 over the request's hash and
 * their index), written atomically, never replaced. Round 2 takes them once: the file is removed —
 * and the removal made durable — before the share is signed, so a crash or a replayed request can
 * never make a nonce sign twice (it can only make a holder commit again to a new request).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JointKeyError } from '../core/errors.js';
import type { FrostNonces } from '../core/wallet/frost-rounds.js';
import { ensureDir, writeNewFile } from './atomic.js';

const TAG = 'jointkey/frost-nonces/v1';

function noncePath(dataDir: string, requestId: string, index: number): string {
  if (!/^[0-9a-f]{32}$/.test(requestId)) throw new TypeError('requestId must be 32 hex digits');
  return join(dataDir, 'frost-nonces', `${requestId}-${index}.json`);
}

function keyOf(signingShare: Uint8Array, requestHash: string, index: number): Buffer {
  return createHmac('sha256', signingShare).update(`${TAG}\n${requestHash}\n${index}`).digest();
}

/**
 * Keeps holder `index`'s nonces for request `requestId` in `dataDir`. Refuses (NONCE_USED) when this
 * computer already committed to that request: its nonces stay the only ones for it.
 */
export function saveNonces(
  dataDir: string,
  request: { id: string; hash: string },
  index: number,
  signingShare: Uint8Array,
  nonces: FrostNonces,
): string {
  const path = noncePath(dataDir, request.id, index);
  ensureDir(dirname(path));
  const key = keyOf(signingShare, request.hash, index);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${TAG}\n${request.hash}\n${index}`));
  const plain = Buffer.concat([nonces.hiding, nonces.binding]);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  key.fill(0);
  const content = `${JSON.stringify({ format: 'jointkey-frost-nonces', version: 1, requestHash: request.hash, index, iv: iv.toString('hex'), body: body.toString('hex'), tag: cipher.getAuthTag().toString('hex') })}\n`;
  try {
    writeNewFile(path, content);
  } catch (e) {
    if ((e as { code?: string }).code === 'FILE_EXISTS')
      throw new JointKeyError(
        'NONCE_USED',
        'You already answered round 1 of this request on this computer. Send the commitment file you made then; if it is lost, ask the coordinator for a new request.',
      );
    throw e;
  }
  return path;
}

/**
 * Takes holder `index`'s nonces for the request, once: the file is removed (durably) before they
 * are returned. NONCE_USED when they were already taken or never made here; REQUEST_CHANGED when
 * they were made for another version of the request.
 */
export function takeNonces(
  dataDir: string,
  request: { id: string; hash: string },
  index: number,
  signingShare: Uint8Array,
): FrostNonces {
  const path = noncePath(dataDir, request.id, index);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new JointKeyError(
      'NONCE_USED',
      'This computer has no unused round-1 answer of yours for this request: it was already used to sign (a nonce signs once) or was made elsewhere. Answer round 1 of a new request instead.',
    );
  }
  const o = JSON.parse(text) as { requestHash: string; index: number; iv: string; body: string; tag: string };
  if (o.requestHash !== request.hash || o.index !== index)
    throw new JointKeyError(
      'REQUEST_CHANGED',
      'The request was changed after you answered round 1. Ask the coordinator for a new request.',
    );
  const key = keyOf(signingShare, request.hash, index);
  let nonces: FrostNonces;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(o.iv, 'hex'));
    decipher.setAAD(Buffer.from(`${TAG}\n${request.hash}\n${index}`));
    decipher.setAuthTag(Buffer.from(o.tag, 'hex'));
    const plain = Buffer.concat([decipher.update(Buffer.from(o.body, 'hex')), decipher.final()]);
    const half = plain.length / 2;
    nonces = { hiding: new Uint8Array(plain.subarray(0, half)), binding: new Uint8Array(plain.subarray(half)) };
    plain.fill(0);
  } catch {
    throw new JointKeyError(
      'WRONG_PASSPHRASE',
      'Your round-1 answer does not open with this child key: answer with the child key you committed with.',
    );
  } finally {
    key.fill(0);
  }
  // Used once: removed, and the removal on disk, before anything is signed with them.
  unlinkSync(path);
  let dirFd: number | undefined;
  try {
    dirFd = openSync(dirname(path), 'r');
    fsyncSync(dirFd);
  } catch {
    // a platform that cannot fsync a folder: the unlink stands
  } finally {
    if (dirFd !== undefined) closeSync(dirFd);
  }
  return nonces;
}
