/**
 * `jointkey`, the method's server form: the same crypto core as the desktop app, headless.
 * Each command prints one JSON document; errors are JSON on stderr with a non-zero exit.
 */
import { reportError, usage } from './output.js';

const HELP = `Usage: jointkey COMMAND [OPTIONS]

Splits a key among its joint owners, and restores it only when their child keys come together.

Commands:
  split     split a key or secret into one child-key file per holder
  restore   restore the key or secret from child-key files
  verify    check one child key alone against its set's public data
  slip39    split or combine SLIP-39 mnemonics (Trezor's Shamir backup)
  sign      sign a message jointly: ecdsa-sha256, bip340 or ed25519
  sign-eth-tx  sign (and broadcast) an Ethereum transaction jointly; contract calls decoded by their ABI
  sign-erc20  send or approve an ERC-20 token jointly, described in the token's units
  sign-eth-message  sign an Ethereum message jointly: EIP-191 personal text or EIP-712 typed data
  sign-sol-transfer  sign a Solana SOL transfer jointly from an Ed25519 wallet's address
  sign-psbt   sign a Bitcoin transaction (PSBT) jointly, from a watch-only wallet (Sparrow, Bitcoin Core)
  descriptors print a wallet's Bitcoin output descriptors, for a watch-only wallet
  wallet    list wallet records; import an existing key and split it
  keychain  store your own child key in this computer's keychain; list or remove entries
  backup-pdf  make a holder's paper backup: a one-page PDF with the child key and its QR code
  log       print a wallet's record of use, verified
  check     check your own child key alone, against its wallet's record
  rekey     give a wallet's key new child keys: other holders, number, threshold or scheme
  frost     sign with a FROST wallet across computers, the key never rebuilt (request, commit, respond, aggregate)

Run "jointkey COMMAND --help" for a command's options.
`;

/** Each command's module is loaded only when it runs, so a command starts without the others' libraries. */
const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  split: async (a) => (await import('./commands/split.js')).splitCommand(a),
  restore: async (a) => (await import('./commands/restore.js')).restoreCommand(a),
  verify: async (a) => (await import('./commands/restore.js')).verifyCommand(a),
  slip39: async (a) => (await import('./commands/slip39.js')).slip39Command(a),
  sign: async (a) => (await import('./commands/sign.js')).signCommand(a),
  'sign-eth-tx': async (a) => (await import('./commands/sign.js')).signEthTxCommand(a),
  'sign-erc20': async (a) => (await import('./commands/ethereum.js')).signErc20Command(a),
  'sign-eth-message': async (a) => (await import('./commands/ethereum.js')).signEthMessageCommand(a),
  'sign-sol-transfer': async (a) => (await import('./commands/solana.js')).signSolTransferCommand(a),
  'sign-psbt': async (a) => (await import('./commands/bitcoin.js')).signPsbtCommand(a),
  descriptors: async (a) => (await import('./commands/bitcoin.js')).descriptorsCommand(a),
  wallet: async (a) => (await import('./commands/wallet.js')).walletCommand(a),
  keychain: async (a) => (await import('./commands/keychain.js')).keychainCommand(a),
  'backup-pdf': async (a) => (await import('./commands/backup-pdf.js')).backupPdfCommand(a),
  log: async (a) => (await import('./commands/log.js')).logCommand(a),
  check: async (a) => (await import('./commands/check.js')).checkCommand(a),
  rekey: async (a) => (await import('./commands/rekey.js')).rekeyCommand(a),
  frost: async (a) => (await import('./commands/frost.js')).frostCommand(a),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw usage(`"${command}" is not a jointkey command. Run "jointkey --help".`);
    await run(rest);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

process.exitCode = await main(process.argv.slice(2));
