/** `jointkey wallet list|import-key`: the wallet records on this machine, and splitting an imported key. */
import { defaultDataDir, listWalletRecords } from '../../wallets/store.js';
import { parse, printJson, usage } from '../output.js';
import { SPLIT_HELP, splitCommand } from './split.js';

export const WALLET_HELP = `Usage: jointkey wallet list [--data-dir DIR]
       jointkey wallet import-key (--hex HEX [--curve C] | --wif WIF | --keystore FILE --keystore-password-file F
                                  | --mnemonic-file FILE --path P) SPLIT-OPTIONS…

list        prints the wallet records (public data only) in DIR/wallets; DIR defaults to the app's data
            folder (${defaultDataDir()})
import-key  imports an existing key and splits it, like "jointkey split" with those options
`;

export async function walletCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'import-key') {
    if (rest.includes('--help') || rest.includes('-h'))
      return void process.stdout.write(`${WALLET_HELP}\n${SPLIT_HELP}`);
    return splitCommand(rest, true);
  }
  if (sub === 'list') {
    const { values } = parse('wallet list', rest, { 'data-dir': { type: 'string' } });
    if (values.help) return void process.stdout.write(WALLET_HELP);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    return printJson({
      dataDir,
      wallets: listWalletRecords(dataDir).map((e) =>
        'wallet' in e
          ? {
              id: e.wallet.record.id,
              label: e.wallet.record.label,
              curve: e.wallet.record.curve,
              publicKey: e.wallet.record.publicKey,
              addresses: e.wallet.record.addresses,
              scheme: e.wallet.record.scheme,
              threshold: e.wallet.record.threshold,
              parties: e.wallet.record.parties,
              holders: e.wallet.record.holders,
              createdAt: e.wallet.record.createdAt,
              path: e.path,
            }
          : { path: e.path, error: e.error },
      ),
    });
  }
  if (sub === '--help' || sub === '-h') return void process.stdout.write(WALLET_HELP);
  throw usage('jointkey wallet takes "list" or "import-key". Run "jointkey wallet --help".');
}
