/**
 * The packaging configuration (build/electron-builder.yml), read with electron-builder's own YAML
 * parser: app id, product name and icon; AppImage and deb, dmg, NSIS; the native keychain module
 * unpacked from the asar archive; and Electron's fuses set as SECURITY.md says. Packaging itself
 * (`npm run dist`) downloads Electron, so it cannot run on the development machines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = load(readFileSync(`${ROOT}build/electron-builder.yml`, 'utf8')) as Record<string, any>;

describe('electron-builder configuration', () => {
  it('names the app and packages it for Linux, macOS and Windows', () => {
    expect(config['appId']).toBe('org.jointkey.app');
    expect(config['productName']).toBe('JointKey');
    expect(existsSync(`${ROOT}${config['icon']}`)).toBe(true);
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    expect(config['mac'].target).toEqual(['dmg']);
    expect(config['win'].target).toEqual(['nsis']);
  });

  it('unpacks the native keychain module from the asar archive', () => {
    expect(config['asar']).toBe(true);
    expect(config['asarUnpack']).toEqual(
      expect.arrayContaining(['node_modules/@napi-rs/keyring/**/*', 'node_modules/@napi-rs/keyring-*/**/*']),
    );
  });

  it('flips the fuses: no Node mode, no NODE_OPTIONS or inspector, asar only and checked', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('npm run dist runs electron-builder with this file', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['dist']).toBe(
      'npm run build && electron-builder --config build/electron-builder.yml --publish never',
    );
  });
});
