/**
 * The child key's file form (plaintext; version 2 written, version 1 read): a JSON document that a person can read — wallet
 * and holder labels, index, scheme — with the set's public data, so the child key can be checked
 * alone (`jointkey verify`), and the child key itself in its text form, whose checksum guards it.
 * The readable fields must agree with the child key they describe: a file edited by hand is refused.
 */
import { astring, bytesToHex } from '../bytes.js';
import { type ChildKey, type FormatVersion, type SchemeId, type SetPublic, FORMAT_VERSIONS } from './child-key.js';
import { JointKeyError } from '../errors.js';
import { type SetPublicJson, exactObject, setIdOf, setPublicFromJson, setPublicToJson } from './set-public.js';
import { childKeyFromText, childKeyToText } from './text-form.js';
import { verifyChildKey } from './verify.js';

export const FILE_FORMAT = 'jointkey-child-key';
/** The version new files are written in; a file's version is that of its child key and set. */
export const FILE_VERSION: FormatVersion = 2;
/** Largest child-key file read: the text form of the largest secret, with room to spare. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ChildKeyFileJson {
  format: typeof FILE_FORMAT;
  version: FormatVersion;
  wallet: string;
  holder: string;
  index: number;
  threshold: number;
  parties: number;
  scheme: SchemeId;
  setId: string;
  set: SetPublicJson;
  childKey: string;
}

const KEYS = [
  'format',
  'version',
  'wallet',
  'holder',
  'index',
  'threshold',
  'parties',
  'scheme',
  'setId',
  'set',
  'childKey',
] as const;

/**
 * The file form of one holder's child key, as pretty JSON with a final newline, in the child key's
 * own version (a version 1 child key, stored again, stays version 1).
 */
export function childKeyToFile(ck: ChildKey, set: SetPublic): string {
  const json: ChildKeyFileJson = {
    format: FILE_FORMAT,
    version: ck.version,
    wallet: set.walletLabel,
    holder: ck.label,
    index: ck.index,
    threshold: ck.threshold,
    parties: ck.parties,
    scheme: ck.scheme,
    setId: bytesToHex(ck.setId),
    set: setPublicToJson(set),
    childKey: childKeyToText(ck),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function notAFile(what: string): JointKeyError {
  return new JointKeyError(
    'MALFORMED_CHILD_KEY',
    `This is not a JointKey child-key file: ${what}. Choose the file you saved for this holder.`,
  );
}

/** True when `text` is a string that looks like a child-key file rather than a bare text-form child key. */
export function looksLikeFile(text: unknown): boolean {
  return typeof text === 'string' && text.trimStart().startsWith('{');
}

/**
 * Parses a child-key file: the child key (its checksum first), the set's public data (its set id
 * against its contents), the readable fields against both, and the child key against the set.
 * Throws JointKeyError: MALFORMED_CHILD_KEY, CHECKSUM_MISMATCH, UNSUPPORTED_VERSION, TAMPERED_FILE,
 * and the checks of {@link verifyChildKey}.
 */
export function childKeyFromFile(text: string): { childKey: ChildKey; set: SetPublic } {
  astring(text, 'file text', MAX_FILE_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notAFile('it is not JSON');
  }
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)['format'] !== FILE_FORMAT)
    throw notAFile('it has no "format": "jointkey-child-key"');
  const version = (value as Record<string, unknown>)['version'];
  if (!FORMAT_VERSIONS.includes(version as FormatVersion))
    throw new JointKeyError(
      'UNSUPPORTED_VERSION',
      `This child-key file has version ${String(version)}, which this version of JointKey does not read. Update JointKey and try again.`,
    );
  const o = exactObject(value, 'the file', KEYS);
  if (typeof o['childKey'] !== 'string') throw notAFile('it has no child key');
  const childKey = childKeyFromText(o['childKey']);
  try {
    const set = setPublicFromJson(o['set']);
    const readable = {
      version: childKey.version,
      wallet: set.walletLabel,
      holder: childKey.label,
      index: childKey.index,
      threshold: childKey.threshold,
      parties: childKey.parties,
      scheme: childKey.scheme,
      setId: bytesToHex(setIdOf(set)),
    };
    for (const [k, v] of Object.entries(readable))
      if (o[k] !== v)
        throw new JointKeyError(
          'TAMPERED_FILE',
          `This child-key file was edited: its "${k}" does not match the child key inside. Use an unmodified copy.`,
        );
    verifyChildKey(childKey, set);
    return { childKey, set };
  } catch (e) {
    childKey.share.fill(0);
    childKey.blinding.fill(0);
    throw e;
  }
}
