/**
 * Screens 3, 4 and 5 end to end, in Chromium over the real main-process handlers (harness.ts), with
 * a real GNOME Keyring when run inside scripts/with-secret-service.sh: a three-holder wallet (Alice,
 * Bob, Carol) with encrypted child-key files; Bob imports his into the keychain; an Ethereum transfer
 * and a message are signed with Alice's file and passphrase, Bob's keychain entry and Carol's typed
 * child key — including another wallet's child key, a typo and a duplicate, each refused and named;
 * the transaction recovers to the wallet's address, the signature verifies, the result is saved; a
 * health check refuses a wrong child key and passes. A screenshot of each step (40–79) and an axe scan.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recoverTransactionAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { encryptChildKeyFile } from '../../main/files/encrypted-child-key.js';
import { findWalletRecord } from '../../main/wallets/store.js';
import { makeDispatch, saveWallet, tempDir } from '../support/ipc.js';
import { keychainSkipReason } from '../support/secret-service.js';
import {
  HolderAtMainDialog,
  ROOT,
  Screens,
  chromiumMissing,
  openApp,
  skipReason,
  skipTitle,
  useChromiumApp,
} from './harness.js';
import { type EthNode, FUNDER, hardhatMissing, rpc, startEthNode } from '../support/eth-node.js';
import {
  broadcastTransfer,
  expectMessageSigned,
  finishSigning,
  healthCheck,
  importChildKey,
  signMessage,
  signTransfer,
} from './sign-walk.js';

const skip = skipReason('test/e2e/signing.e2e.ts', chromiumMissing, keychainSkipReason());
/** The broadcast step needs a Hardhat node; without one the rest of the walk still runs. */
const noBroadcast = skip === undefined ? skipReason('the broadcast to a Hardhat node', hardhatMissing) : undefined;

describe('Import, Joint signing and Health check in Chromium, over the real handlers and keychain', () => {
  const chromium = useChromiumApp();

  it.skipIf(skip !== undefined)(
    skipTitle(
      noBroadcast === undefined
        ? 'import, sign a transfer, broadcast it, sign a message, health check'
        : `import, sign a transfer and a message, health check (the broadcast skipped: ${noBroadcast})`,
      skip,
    ),
    async () => {
      const screens = new Screens(join(ROOT, 'test-results', 'screens'), 40, 79);
      const dataDir = tempDir('jointkey-e2e-data-');
      const keys = tempDir('jointkey-e2e-keys-');
      const savedDir = tempDir('jointkey-e2e-signed-');
      const w = saveWallet(dataDir, keys, 'shamir', 'e2e-signing', 'Family savings');
      const other = saveWallet(tempDir(), keys, 'shamir', 'e2e-signing-other', 'Someone else');
      const passphrases = [
        'amber kettle ninety lanterns drift',
        'quiet orchard seventy copper kites',
        'violet tractor humming river sage',
      ];
      const labels = ['Alice', 'Bob', 'Carol'];
      const encrypted = await Promise.all(
        w.files.map(async (plain, i) => {
          const path = join(keys, `Family savings - ${i + 1} ${labels[i]}.jointkey.age`);
          writeFileSync(path, await encryptChildKeyFile(readFileSync(plain, 'utf8'), passphrases[i]!, 14), {
            mode: 0o600,
          });
          return path;
        }),
      );
      let node: EthNode | undefined;
      let nextFile: string | null = null;
      const pickFile = (path: string) => void (nextFile = path);
      // The holders at main's own confirmation dialog: they confirm only what the screen shows.
      const holders = new HolderAtMainDialog();
      const { ctx, dispatch } = makeDispatch(
        dataDir,
        {
          chooseFile: () => {
            const p = nextFile;
            nextFile = null;
            return p;
          },
          chooseFolder: async () => savedDir,
        },
        chromium.appPage,
        holders.person,
      );
      const { context, page, errors } = await openApp(chromium, dispatch);
      holders.page = page;
      try {
        await importChildKey(page, screens, pickFile, {
          label: 'Bob',
          index: 2,
          parties: 3,
          wallet: 'Family savings',
          file: encrypted[1]!,
          passphrase: passphrases[1]!,
        });
        expect((await ctx.keychain.list()).map((e) => [e.holder, e.wallet])).toEqual([['Bob', 'Family savings']]);

        const setup = {
          walletLabel: 'Family savings',
          pickFile,
          alice: { label: 'Alice', file: encrypted[0]!, passphrase: passphrases[0]! },
          bob: { label: 'Bob' },
          carolText: w.texts[2]!,
          otherWalletFile: other.files[0]!,
        };
        const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
        const signed = await signTransfer(page, screens, setup, { to, amountEth: '0.5', chainId: '31337', nonce: '0' });
        const walletAddress = findWalletRecord(dataDir, w.walletId)!.wallet.record.addresses['ethereum'];
        expect(signed.from).toBe(walletAddress);
        expect(await recoverTransactionAddress({ serializedTransaction: signed.rawTx as `0x02${string}` })).toBe(
          walletAddress,
        );
        expect(signed.savedPath.startsWith(savedDir)).toBe(true);
        const saved = JSON.parse(readFileSync(signed.savedPath, 'utf8')) as { rawTransaction: string; from: string };
        expect(saved.rawTransaction).toBe(signed.rawTx);
        if (noBroadcast === undefined) {
          // Broadcast to a real Hardhat node on 127.0.0.1, after funding the wallet from Hardhat's test account.
          node = await startEthNode();
          await rpc(node.url, 'eth_sendTransaction', [{ from: FUNDER, to: walletAddress, value: '0xde0b6b3a7640000' }]);
          const before = BigInt(await rpc<string>(node.url, 'eth_getBalance', [to, 'latest']));
          const sentLine = await broadcastTransfer(page, screens, node.url);
          expect(sentLine).toMatch(new RegExp(`^Sent to ${node.url}: included in block \\d+ \\(it succeeded\\)\\.$`));
          const receipt = await rpc<{ status: string; from: string }>(node.url, 'eth_getTransactionReceipt', [
            JSON.parse(readFileSync(signed.savedPath, 'utf8')).hash,
          ]);
          expect(receipt.status).toBe('0x1');
          expect(receipt.from.toLowerCase()).toBe(walletAddress!.toLowerCase());
          expect(BigInt(await rpc<string>(node.url, 'eth_getBalance', [to, 'latest'])) - before).toBe(5n * 10n ** 17n);
        }
        await finishSigning(page);
        expect(ctx.sessions.size).toBe(0);
        expect(ctx.results.size).toBe(0);

        // Main asked twice for the transfer — Bob's keychain entry, then the signature — each time in
        // the lines the screen showed (HolderAtMainDialog checked them), and nothing else.
        expect(holders.mismatches).toEqual([]);
        expect(holders.prompts.map((p) => p.message)).toEqual([
          'Use Bob’s child key of Family savings to sign: Send 0.5 ETH …?',
          'Sign this with Family savings, with the child keys of Alice, Bob?',
        ]);

        const message = 'We, the owners of Family savings, agree to move to the new safe.';
        expectMessageSigned(await signMessage(page, screens, setup, message), message, w.publicKeyHex);

        const summary = await healthCheck(page, screens, setup);
        expect(summary).toMatch(/^The child keys of Alice, Carol restore Family savings/);
        expect(holders.mismatches).toEqual([]);
        expect(holders.prompts.map((p) => p.confirmLabel)).toEqual([
          'Use Bob’s child key',
          'Sign',
          'Use Bob’s child key',
          'Sign',
        ]);
        expect(holders.prompts.at(-1)!.message).toContain(`The message, as text: “${message}”`);
        expect(ctx.sessions.size).toBe(0);

        // Nothing secret ever reached the page: no key, share, text form or passphrase in its DOM now.
        const html = (await page.content()).toLowerCase();
        for (const p of passphrases) expect(html).not.toContain(p);
        for (const s of w.sharesHex) expect(html).not.toContain(s);
        expect(html).not.toContain(w.texts[2]!.slice(4, 30).toLowerCase());
        expect(errors).toEqual([]);
        expect(existsSync(signed.savedPath)).toBe(true);
      } finally {
        await node?.stop();
        for (const e of await ctx.keychain.list().catch(() => [])) await ctx.keychain.remove(e.id);
        await context.close();
      }
    },
    // Typing key by key and tabbing to each control takes longer than the default two minutes allow on a busy machine.
    180_000,
  );
});
