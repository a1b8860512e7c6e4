/**
 * The wallet kinds JointKey knows, and the few things done across them: which kind splits a scheme,
 * which kind a record or a child key's text is, and reading a child key for a wallet of a given kind.
 * Adding a kind: one module beside this one implementing WalletKind (../kind.ts), and one line in KINDS.
 */
import { astring } from '../../bytes.js';
import { JointKeyError } from '../../errors.js';
import type { ChildKeyRead, EntrySource, Wallet, WalletKind } from '../kind.js';
import { checkRecordHeader, edited } from '../record.js';
import { asource } from './entry.js';
import { JOINTKEY_KIND } from './jointkey.js';
import { FROST_KIND } from './frost.js';
import { SLIP39_KIND } from './slip39.js';
import { SLIP39_BIP32_KIND } from './slip39-bip32.js';

/**
 * Every kind, the method's own first: it reads whatever no other kind recognizes. The raw-key
 * SLIP-39 kind comes before the standard one, so bare words with no wallet to prefer are read as
 * they always were (either SLIP-39 kind's wallets take bare words read by the other).
 */
export const KINDS: readonly WalletKind[] = [JOINTKEY_KIND, SLIP39_KIND, SLIP39_BIP32_KIND, FROST_KIND];

/** Every scheme a split may name, across the kinds. */
export const ALL_SCHEMES: readonly string[] = KINDS.flatMap((k) => k.schemes);

/** The kind that splits with `scheme`; INVALID_ARGUMENT naming the schemes otherwise. */
export function kindOfScheme(scheme: string): WalletKind {
  astring(scheme, 'scheme', 64);
  const kind = KINDS.find((k) => k.schemes.includes(scheme));
  if (!kind)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `The scheme must be one of ${ALL_SCHEMES.join(', ')}, not "${scheme}".`,
    );
  return kind;
}

/**
 * Reads a child key from its text: with `prefer` (the wallet's own kind) unless another kind
 * recognizes the text as its own — then that kind reads it, and the wallet refuses it, named.
 */
export function readChildKey(text: string, source: EntrySource, prefer: WalletKind = JOINTKEY_KIND): ChildKeyRead {
  astring(text, 'text', 64 * 1024 * 1024);
  asource(source);
  if (!KINDS.includes(prefer)) throw new TypeError('prefer must be one of the wallet kinds');
  const kind = prefer.recognizes(text) ? prefer : (KINDS.find((k) => k !== prefer && k.recognizes(text)) ?? prefer);
  return kind.read(text, source);
}

/**
 * Loads a wallet record of any kind, strictly (the kind checks every field against its public
 * data). Throws JointKeyError TAMPERED_FILE naming the field, or UNSUPPORTED_VERSION.
 */
export function walletFromJson(value: unknown): Wallet {
  checkRecordHeader(value);
  for (const kind of KINDS) {
    const wallet = kind.walletFromJson(value);
    if (wallet) return wallet;
  }
  throw edited('it is not a record of any kind of wallet JointKey knows');
}
