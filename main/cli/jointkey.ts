/**
 * `jointkey`, the method's server form: the same crypto core as the desktop app, headless.
 * Each command prints one JSON document; errors are JSON on stderr with a non-zero exit.
 */
import { restoreCommand, verifyCommand } from './commands/restore.js';
import { slip39Command } from './commands/slip39.js';
import { splitCommand } from './commands/split.js';
import { reportError, usage } from './output.js';

const HELP = `Usage: jointkey COMMAND [OPTIONS]

Splits a key among its joint owners, and restores it only when their child keys come together.

Commands:
  split     split a key or secret into one child-key file per holder
  restore   restore the key or secret from child-key files
  verify    check one child key alone against its set's public data
  slip39    split or combine SLIP-39 mnemonics (Trezor's Shamir backup)

Run "jointkey COMMAND --help" for a command's options.
`;

const COMMANDS: Record<string, (args: string[]) => void | Promise<void>> = {
  split: splitCommand,
  restore: restoreCommand,
  verify: verifyCommand,
  slip39: slip39Command,
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
