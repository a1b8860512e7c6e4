/** `jointkey keychain import|list|remove`: a holder's own child key in this machine's OS keychain. */
import { mostCommon } from '../../core/wallet/restore.js';
import { openChildKeyFile, wipeRead, type ChildKeyFromDisk } from '../../files/child-key-files.js';
import { defaultDataDir } from '../../wallets/store.js';
import { storeChildKeyFile } from '../../keychain/import-file.js';
import { KEYCHAIN_SERVICE, OsKeychain, parseKeychainId } from '../../keychain/os-keychain.js';
import { readPassphraseFile } from '../passphrase.js';
import { parse, printJson, usage } from '../output.js';

export const KEYCHAIN_HELP = `Usage: jointkey keychain import FILE [--passphrase-file F] [--data-dir DIR]
       jointkey keychain list
       jointkey keychain remove ID

Keeps your own child key in this computer's keychain: macOS Keychain, Windows Credential Manager,
or on Linux the Secret Service (GNOME Keyring, KWallet) — never the kernel keyring, which keeps
secrets only in memory, lost at a restart, outside the keyring your desktop protects. One entry per
wallet and holder, with the id SETID/INDEX; an entry is never replaced.

import   stores the child key in FILE (a child-key file, encrypted or not, or a text-form child key
         or a SLIP-39 file of a wallet whose record is in DIR) and prints {id, setId, index, wallet,
         holder}; a SLIP-39 file is stored under WALLETID/INDEX, as the app stores it
         --passphrase-file F   the passphrase of an encrypted child-key file (UTF-8, one trailing
                               newline removed)
         --data-dir DIR        where wallet records are kept (default ${defaultDataDir()}); needed
                               only for a text-form child key, which carries no wallet data, and
                               a SLIP-39 file, stored only for a wallet recorded there
list     prints {entries: [{id, setId, index, wallet, holder}]} — labels only, never a child key
remove   removes entry ID (from "list") and prints {removed: ID}

JOINTKEY_KEYCHAIN_SERVICE, when set, is the keychain service name used instead of "${KEYCHAIN_SERVICE}".
`;

/** The keychain the command line uses: service "JointKey", or $JOINTKEY_KEYCHAIN_SERVICE (tests). */
export function cliKeychain(): OsKeychain {
  const service = process.env['JOINTKEY_KEYCHAIN_SERVICE'];
  return new OsKeychain(service ? { service } : {});
}

/**
 * For `--from-keychain` on restore and sign: the child keys of one wallet stored in this machine's
 * keychain, as if read from files (each named "keychain entry ID"). The wallet is `setId` when given,
 * else the one most of the `alongside` child keys (read from files) belong to, else the keychain's
 * only wallet; with several and no way to tell, refuses naming them (INVALID_ARGUMENT). The caller
 * wipes them (wipeRead).
 */
export async function keychainChildKeys(
  setId: string | undefined,
  alongside: readonly ChildKeyFromDisk[] = [],
): Promise<ChildKeyFromDisk[]> {
  const fromFiles = mostCommon(
    alongside.flatMap((r) => (r.read.setIdHex === undefined ? [] : [r.read.setIdHex])),
    (id) => id,
  );
  const keys = await cliKeychain().childKeys(setId ?? fromFiles);
  return keys.map((k) => ({ path: `keychain entry ${k.id}`, encrypted: false, read: k.read }));
}

async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'keychain import',
    args,
    { 'passphrase-file': { type: 'string' }, 'data-dir': { type: 'string' } },
    true,
  );
  if (values.help) return void process.stdout.write(KEYCHAIN_HELP);
  if (positionals.length !== 1)
    throw usage('Give exactly one child-key file to store. Run "jointkey keychain --help".');
  const path = positionals[0] as string;
  const passphrase =
    values['passphrase-file'] === undefined ? undefined : readPassphraseFile(values['passphrase-file']);
  let read: ChildKeyFromDisk | undefined;
  try {
    read = await openChildKeyFile(path, passphrase);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    printJson(
      await storeChildKeyFile(
        cliKeychain(),
        read.read,
        dataDir,
        ` Or give --data-dir DIR, the folder that holds the wallet's record (it looked in ${dataDir}).`,
      ),
    );
  } finally {
    if (read) wipeRead([read]);
  }
}

export async function keychainCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(rest);
  if (sub === 'list') {
    const { values } = parse('keychain list', rest, {});
    if (values.help) return void process.stdout.write(KEYCHAIN_HELP);
    return printJson({ entries: await cliKeychain().list() });
  }
  if (sub === 'remove') {
    const { values, positionals } = parse('keychain remove', rest, {}, true);
    if (values.help) return void process.stdout.write(KEYCHAIN_HELP);
    if (positionals.length !== 1)
      throw usage(
        'Give the id of one keychain entry ("jointkey keychain list" shows them). Run "jointkey keychain --help".',
      );
    const { id } = parseKeychainId(positionals[0]);
    await cliKeychain().remove(id);
    return printJson({ removed: id });
  }
  if (sub === '--help' || sub === '-h') return void process.stdout.write(KEYCHAIN_HELP);
  throw usage('jointkey keychain takes "import", "list" or "remove". Run "jointkey keychain --help".');
}
