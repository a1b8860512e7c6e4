/**
 * A real Secret Service for the keychain tests. `npm run test:unit` runs vitest through
 * scripts/with-secret-service.sh, which starts gnome-keyring-daemon on a private session bus and sets
 * JOINTKEY_PRIVATE_BUS=1 and JOINTKEY_REQUIRE_SECRET_SERVICE=1. The tests use only that private bus
 * (never a desktop's real keyring); {@link startPrivateSecretService} starts one more, for a test
 * that must change the keyring's state (locking it) without disturbing tests running in parallel.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildNodeEntry } from './build-node-entry.js';

export const WRAPPER = fileURLToPath(new URL('../../scripts/with-secret-service.sh', import.meta.url));

/** Set by the wrapper when it started the daemon: the keychain tests must then run, not skip. */
export const REQUIRE_SECRET_SERVICE = process.env['JOINTKEY_REQUIRE_SECRET_SERVICE'] === '1';

function nameOnBus(address: string | undefined): boolean {
  if (!address) return false;
  const r = spawnSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }, encoding: 'utf8', timeout: 10_000 },
  );
  return r.status === 0 && r.stdout.includes('boolean true');
}

/** Why the keychain tests cannot run here, or undefined when the wrapper's Secret Service is reachable. */
export function secretServiceMissing(): string | undefined {
  if (process.platform !== 'linux') return 'the keychain tests drive a Linux Secret Service (gnome-keyring)';
  if (process.env['JOINTKEY_PRIVATE_BUS'] !== '1')
    return 'no private Secret Service: run them through scripts/with-secret-service.sh (npm run test:unit or test:e2e), which needs dbus and gnome-keyring installed';
  if (!nameOnBus(process.env['DBUS_SESSION_BUS_ADDRESS']))
    return 'org.freedesktop.secrets is not on the private session bus';
  return undefined;
}

/**
 * Why the keychain steps skip here, or undefined when they run: never skipped inside the wrapper
 * (JOINTKEY_REQUIRE_SECRET_SERVICE=1), where an unreachable Secret Service fails them instead.
 */
export function keychainSkipReason(): string | undefined {
  return REQUIRE_SECRET_SERVICE ? undefined : secretServiceMissing();
}

export type ProbeResult = { ok: true; value: any } | { ok: false; code: string; message: string };

/**
 * Builds test/support/keychain-probe.ts (with Vite, as the app is built) and returns a function that
 * runs it on the session bus at `address` — a process of its own, since the keyring library keeps
 * its first Secret Service connection (or its failure to connect) for the life of the process.
 */
export async function buildKeychainProbe(): Promise<{
  run: (address: string, service: string, ops: string[]) => ProbeResult[];
  remove: () => void;
}> {
  const { path: probe, remove } = await buildNodeEntry('test/support/keychain-probe.ts');
  return {
    run: (address, service, ops) => {
      const r = spawnSync(process.execPath, [probe, service, ...ops], {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (r.status !== 0) throw new Error(`the keychain probe failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as ProbeResult[];
    },
    remove,
  };
}

/** Calls a Secret Service method with dbus-send on the bus at `address`; returns its printed reply. */
export function secretServiceCall(address: string, path: string, method: string, ...args: string[]): string {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.secrets', path, method, ...args],
    {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
      encoding: 'utf8',
      timeout: 10_000,
    },
  );
  if (r.status !== 0) throw new Error(`dbus-send ${method} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Starts another private bus with its own unlocked gnome-keyring-daemon (through the same wrapper)
 * and returns its address; `stop()` ends it (the wrapper stops the daemon by its pid). No display is
 * passed on, so an unlock prompt can never appear on a developer's screen.
 */
export async function startPrivateSecretService(): Promise<{ address: string; stop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, JOINTKEY_PRIVATE_BUS: '' };
  delete env['DISPLAY'];
  delete env['WAYLAND_DISPLAY'];
  const child = spawn(WRAPPER, ['sh', '-c', 'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no private Secret Service within 20 s: ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n');
      if (line.length > 1) {
        clearTimeout(timer);
        resolve(line[0] as string);
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the private Secret Service ended early: ${stderr}`));
    });
  });
  return {
    address,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
