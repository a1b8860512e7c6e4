/**
 * A real Ethereum node for the tests: Hardhat 2's `hardhat node` on 127.0.0.1 and a free port,
 * started and stopped by the test that uses it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = fileURLToPath(new URL('./hardhat/hardhat.config.cjs', import.meta.url));
const CLI = fileURLToPath(new URL('../../node_modules/hardhat/internal/cli/cli.js', import.meta.url));

/** Why no Hardhat node can be started here (its package is a dev dependency: `npm ci` installs it), or undefined. */
export const hardhatMissing: string | undefined = existsSync(CLI)
  ? undefined
  : 'Hardhat is not installed (node_modules/hardhat): run npm ci, which installs the dev dependencies';

/** Hardhat's first development account: public test key, funded on every `hardhat node`. */
export const FUNDER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await r.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export interface EthNode {
  url: string;
  stop(): Promise<void>;
}

export async function startEthNode(): Promise<EthNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, '--config', CONFIG, 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited: ${log}`);
    try {
      await rpc(url, 'eth_chainId');
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await stop();
  throw new Error(`hardhat node did not answer within 90 s: ${log}`);
}
