/**
 * The app's small settings store: `<data folder>/settings.json`, public preferences only (never a
 * key, a child key or a passphrase). Today it holds the Ethereum JSON-RPC endpoint that signed
 * transactions are broadcast to, and how often holders are reminded to check their child keys.
 * Written atomically (temporary file, fsync, rename; removed on failure): a crash leaves the old
 * settings or the new ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JointKeyError } from '../core/errors.js';
import { ensureDir, replaceFile } from '../files/atomic.js';

export interface Settings {
  /** Where signed Ethereum transactions are broadcast: an http(s) JSON-RPC URL, or null for none. */
  ethEndpoint: string | null;
  /** How often each holder is reminded to check their child key alone, in months (1–36). */
  checkEveryMonths: number;
}

/** The reminder period's bounds and default, in months. */
export const CHECK_MONTHS = { min: 1, max: 36, default: 6 } as const;

const DEFAULTS: Settings = { ethEndpoint: null, checkEveryMonths: CHECK_MONTHS.default };
const MAX_ENDPOINT = 2048;

export function settingsPath(dataDir: string): string {
  return join(dataDir, 'settings.json');
}

/**
 * Checks a JSON-RPC endpoint a person typed: an http:// or https:// URL, nothing else (no file:,
 * no ws:, no javascript:). Returns it trimmed; JointKeyError INVALID_ARGUMENT saying what to give.
 */
export function checkEndpoint(endpoint: string): string {
  const e = endpoint.trim();
  let url: URL | undefined;
  try {
    url = e.length <= MAX_ENDPOINT ? new URL(e) : undefined;
  } catch {
    url = undefined;
  }
  if (!url)
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      'That is not a web address. Give the Ethereum node’s JSON-RPC address, like https://rpc.example.org or http://127.0.0.1:8545.',
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new JointKeyError(
      'INVALID_ARGUMENT',
      `JointKey sends transactions only to http:// or https:// addresses, not to a ${url.protocol.replace(/:$/, '')} address. Give the node’s JSON-RPC address, like https://rpc.example.org.`,
    );
  return e;
}

/** The settings; defaults for a missing file, and for a file that cannot be read as settings. */
export function readSettings(dataDir: string): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(settingsPath(dataDir), 'utf8'));
  } catch {
    return { ...DEFAULTS };
  }
  const v = (raw ?? {}) as Record<string, unknown>;
  let ethEndpoint: string | null = null;
  if (typeof v['ethEndpoint'] === 'string')
    try {
      ethEndpoint = checkEndpoint(v['ethEndpoint']);
    } catch {
      ethEndpoint = null;
    }
  const m = v['checkEveryMonths'];
  const checkEveryMonths =
    typeof m === 'number' && Number.isInteger(m) && m >= CHECK_MONTHS.min && m <= CHECK_MONTHS.max
      ? m
      : CHECK_MONTHS.default;
  return { ethEndpoint, checkEveryMonths };
}

/**
 * Saves the settings (replacing the previous ones, atomically: main/files/atomic.ts replaceFile).
 * JointKeyError DISK_FULL, or FILE_UNREADABLE naming the file; nothing is left on failure, and the
 * previous settings stay whole.
 */
export function writeSettings(dataDir: string, settings: Settings): void {
  ensureDir(dataDir);
  replaceFile(settingsPath(dataDir), JSON.stringify(settings, null, 2) + '\n');
}
