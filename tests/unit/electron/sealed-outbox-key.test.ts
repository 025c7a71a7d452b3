// The Electron shell's outbox key: made once, kept only sealed, the same after a restart.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SEALED_KEY_FILE,
  unsealOutboxKey,
  type KeySealer,
} from '../../../electron/sealed-outbox-key.ts';

/** Stands in for the OS keyring with a real cipher, so sealed bytes are truly unreadable. */
function keyring(available = true): KeySealer {
  const secret = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', secret, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('sealed outbox key', () => {
  it('makes a key once, stores it only sealed (0600), and unseals the same key later', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-seal-'));
    const sealer = keyring();
    const key = unsealOutboxKey(sealer, dir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dir, SEALED_KEY_FILE);
    expect(readFileSync(file).toString('latin1')).not.toContain(key!);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(unsealOutboxKey(sealer, dir)).toBe(key);
  });

  it('gives null without a keyring, and fails loudly when the sealed file is not a key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-seal-'));
    expect(unsealOutboxKey(keyring(false), dir)).toBeNull();
    const liar: KeySealer = { ...keyring(), decryptString: () => 'not a key' };
    expect(() => unsealOutboxKey(liar, dir)).toThrow(/does not unseal/);
  });
});
