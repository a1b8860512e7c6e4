/** Runs the built `jointkey` command line (bin/jointkey.js → out/main/jointkey.js) as a user would. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/jointkey.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../out/main/jointkey.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  json: any;
  error?: { code: string; message: string };
}

export function assertBuilt(): void {
  if (!existsSync(BUILT))
    throw new Error('The CLI is not built: run "npm run build" (npm test does) before these tests.');
}

/**
 * The environment the CLI runs in: this one, with the switch that lets the tests write encrypted
 * files at scrypt 2^14 (insecure, and refused without it). A test that gives `env` gives all of it.
 */
export function testEnv(): NodeJS.ProcessEnv {
  return { ...process.env, JOINTKEY_INSECURE_SCRYPT_FOR_TESTS: '1' };
}

export function jointkey(
  args: string[],
  opts: { cwd?: string; input?: string | Uint8Array; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    env: opts.env ?? testEnv(),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  let json: unknown;
  let error: CliResult['error'];
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  try {
    error = (JSON.parse(r.stderr) as { error: CliResult['error'] }).error;
  } catch {
    error = undefined;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json, ...(error ? { error } : {}) };
}

/** The same as {@link jointkey}, without blocking the event loop (for tests that also serve or poll). */
export async function jointkeyAsync(args: string[], opts: { cwd?: string; input?: string } = {}): Promise<CliResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: testEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      let json: unknown;
      let error: CliResult['error'];
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      try {
        error = (JSON.parse(stderr) as { error: CliResult['error'] }).error;
      } catch {
        error = undefined;
      }
      resolve({ status, stdout, stderr, json, ...(error ? { error } : {}) });
    });
  });
}
