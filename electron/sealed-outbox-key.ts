// In the Electron shell the outbox key never lies on the disk in plain form: it is kept sealed
// with the OS keyring (safeStorage: libsecret/kwallet on Linux, DPAPI, Keychain) in the app's
// own folder, and handed to the host child in KIOSK24_OUTBOX_KEY.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The part of Electron's safeStorage this needs (a seam for tests). */
export interface KeySealer {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export const SEALED_KEY_FILE = 'outbox.key.sealed';

/**
 * The hex outbox key, unsealed; made and sealed on first start. Null when the OS offers no
 * keyring: the host then falls back to its own key sources, and the caller logs that.
 */
export function unsealOutboxKey(sealer: KeySealer, appDataDir: string): string | null {
  if (!sealer.isEncryptionAvailable()) return null;
  const file = path.join(appDataDir, SEALED_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(appDataDir, { recursive: true, mode: 0o700 });
    const sealed = sealer.encryptString(randomBytes(32).toString('hex'));
    writeFileSync(`${file}.tmp`, sealed, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  const hex = sealer.decryptString(readFileSync(file));
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} does not unseal to an outbox key`);
  return hex;
}
