/**
 * Errors of the crypto core, after trezor/python-shamir-mnemonic: a person's mistake (a mistyped
 * child key, one of another wallet, too few of them) is a {@link JointKeyError} with a stable
 * `code` and a message that says what to do next; a programmer's mistake (a wrong type, a length
 * out of range) is a built-in `TypeError` or `RangeError`.
 *
 * No message ever contains key material: child keys are named by holder label and index only.
 */

/** Stable error codes: the command line prints them, the app maps them to screens. */
export const ERROR_CODES = [
  // A child key's text or file form
  'MALFORMED_CHILD_KEY', // cannot be parsed at all
  'CHECKSUM_MISMATCH', // a character was mistyped or two were swapped
  'UNSUPPORTED_VERSION', // made by a newer JointKey
  'TAMPERED_FILE', // a file's readable fields disagree with the child key it carries
  // A set of child keys
  'DUPLICATE_CHILD_KEY',
  'INDEX_ZERO',
  'DIFFERENT_WALLET', // the child key belongs to another wallet or secret
  'DIFFERENT_SET', // same wallet, but another split of it
  'DIFFERENT_SCHEME',
  'INCONSISTENT_CHILD_KEY', // its header disagrees with the others' (threshold, parties, field)
  'TOO_FEW_CHILD_KEYS',
  'TOO_MANY_CHILD_KEYS',
  'NO_CHILD_KEYS',
  'CHILD_KEY_MISMATCH', // fails its check against the set's public data, or disagrees with the rest
  'WRONG_RESULT', // the restored key does not give the wallet's public key / fingerprint
  'SECRET_TOO_LARGE', // no field in the table holds the secret
  // SLIP-39
  'INVALID_MNEMONIC', // wrong length, padding or structure
  'UNKNOWN_WORD', // a word not on the wordlist
  'MNEMONIC_CHECKSUM', // RS1024 checksum failed
  'MIXED_MNEMONIC_SETS', // identifier, iteration exponent or extendable flag differ
  'GROUP_MISMATCH', // group parameters disagree between shares
  'INSUFFICIENT_SHARES',
  'INVALID_DIGEST', // the digest share does not match: a share is wrong
  // Keys and signing
  'INVALID_KEY',
  'WRONG_PASSPHRASE',
  'PASSPHRASE_NEEDED', // an encrypted child-key file was given without its passphrase
  'WEAK_PASSPHRASE', // refused for a new encrypted file, with the reason
  // The split ceremony
  'RECEIPT_MISSING', // a step that needs every holder's receipt came before the last one
  'RECEIPT_MISMATCH', // what a holder presented is not the child key they were given
  // The OS keychain
  'KEYCHAIN_UNAVAILABLE', // no keychain reachable, or (Linux) not the Secret Service
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_ENTRY_NOT_FOUND',
  'KEYCHAIN_ENTRY_EXISTS', // never silently replaced
  // Large secrets sealed in chunks
  'TAMPERED_BODY', // a chunk was changed, reordered, cut off or added
  // The desktop app's IPC
  'FORBIDDEN_SENDER', // a message from a frame that is not the app's own page
  'INVALID_PAYLOAD', // a message whose payload fails the contract
  'CONFIRMATION_REFUSED', // not confirmed in main's own dialog: nothing was signed, used or removed
  // Files and the command line
  'FILE_EXISTS',
  'FILE_NOT_FOUND',
  'NOT_A_FILE',
  'FILE_TOO_LARGE',
  'FILE_UNREADABLE',
  'DISK_FULL', // ENOSPC or EDQUOT: a write found the disk or the quota full; nothing was left
  'FILE_CHANGED', // a file offered for deletion was replaced or changed since: left alone
  'DELETE_FAILED', // the OS refused to delete a file main offered to delete
  'USAGE',
  'INVALID_ARGUMENT',
  'BROADCAST_FAILED',
  // FROST signing across computers
  'INVALID_SIGNATURE_SHARE', // a holder's signature share does not verify (named)
  'NONCE_USED', // a signing request's nonce was already used or is not on this computer
  'REQUEST_CHANGED', // a signing request was altered between rounds
  // Bitcoin transactions (PSBT)
  'INVALID_PSBT', // damaged, cut short, not a PSBT, too large, or asks for what JointKey does not sign
  'MISSING_PREVIOUS_OUTPUT', // an input without the output it spends: its amount and the fee are unknown
  'NETWORK_MISMATCH', // for another network than the one stated
  'NOTHING_TO_SIGN', // no input spends from this wallet
  'FEE_TOO_HIGH', // above the sanity bound, not accepted
  // Ethereum calls and messages
  'BLIND_SIGNING', // contract call data nothing can describe, not accepted blind
  'INVALID_TYPED_DATA', // an EIP-712 document that does not match its own schema
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A person's mistake, with a stable code and a message that says what to do next. Throws TypeError
 * for a code or message that is not a string, RangeError for a code not in {@link ERROR_CODES} or
 * an empty message.
 */
export class JointKeyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    if (typeof code !== 'string' || typeof message !== 'string')
      throw new TypeError('JointKeyError takes a code and a message, both strings');
    if (!(ERROR_CODES as readonly string[]).includes(code)) throw new RangeError('code is not one of ERROR_CODES');
    if (message.length === 0) throw new RangeError('message must not be empty');
    super(message);
    this.name = 'JointKeyError';
    this.code = code;
  }
}

/** True for a {@link JointKeyError}, also one made by another copy of this module. */
export function isJointKeyError(e: unknown): e is JointKeyError {
  return e instanceof JointKeyError || (e instanceof Error && e.name === 'JointKeyError' && 'code' in e);
}
