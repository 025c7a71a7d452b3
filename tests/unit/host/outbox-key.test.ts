// The outbox key's sources in order: the environment (Electron's sealed key, a supervisor), a
// systemd credential, then the 0600 fallback file beside the data.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  outboxKey,
  outboxKeySource,
  readOutboxKey,
} from '../../../host/adapters/submission-queue.ts';

const HEX = 'ab'.repeat(32);
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kiosk24-key-'));

describe('outbox key', () => {
  it('takes the key from KIOSK24_OUTBOX_KEY and writes nothing to the disk', () => {
    const dir = tmp();
    const env = { KIOSK24_OUTBOX_KEY: HEX };
    expect(outboxKey(dir, env).toString('hex')).toBe(HEX);
    expect(outboxKeySource(dir, env).kind).toBe('env');
    expect(readOutboxKey(dir, {})).toBeNull();
  });

  it('refuses a malformed key with a clear error rather than a weaker one', () => {
    const dir = tmp();
    expect(() => outboxKey(dir, { KIOSK24_OUTBOX_KEY: 'abc' })).toThrow(/32-byte key in hex/);
    expect(() => outboxKey(dir, { KIOSK24_OUTBOX_KEY: `${'zz'.repeat(32)}` })).toThrow(/32-byte/);
  });

  it('reads a systemd credential before the fallback file', () => {
    const dir = tmp();
    const creds = tmp();
    writeFileSync(path.join(creds, 'kiosk24-outbox-key'), `${'cd'.repeat(32)}\n`);
    const env = { CREDENTIALS_DIRECTORY: creds };
    expect(outboxKeySource(dir, env).kind).toBe('credential');
    expect(outboxKey(dir, env).toString('hex')).toBe('cd'.repeat(32));
  });

  it('makes the fallback file once, 0600, and keeps it', () => {
    const dir = tmp();
    const first = outboxKey(dir, {});
    const file = path.join(dir, 'outbox.key');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(outboxKey(dir, {})).toEqual(first);
    expect(readFileSync(file, 'utf8')).toBe(first.toString('hex'));
  });
});
