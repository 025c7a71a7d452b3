// Where the centre's private keys live: PKCS#8 PEM files (mode 0600) in a key folder, never in the
// database. `root.key` signs roots; take it offline after the first start (copy it away and delete
// it here) and the centre still publishes with its catalog-signing key; rotating that key then
// takes a root signed offline (POST PUBLISHING_PATHS.adminRoots). A folder of null keeps the keys
// in memory: for a throwaway database (`pglite:memory`) only.
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateEd25519, privateKeyFromPem, privateKeyToPem, publicKeyEntry } from './ed25519.ts';

export interface KeyStore {
  /** The folder, or 'memory'. */
  readonly location: string;
  /** The root key if it is online here; read from disk at each call, so removing it takes effect. */
  rootKey(): KeyObject | null;
  createRootKey(): KeyObject;
  signingKey(keyid: string): KeyObject | null;
  createSigningKey(): KeyObject;
}

const ROOT_FILE = 'root.key';
const signingFile = (keyid: string) => `catalog-signing-${keyid}.key`;

export function openKeyStore(dir: string | null): KeyStore {
  if (dir === null) return memoryKeyStore();
  const folder = path.resolve(dir);
  const read = (file: string): KeyObject | null => {
    const full = path.join(folder, file);
    if (!existsSync(full)) return null;
    return privateKeyFromPem(readFileSync(full, 'utf8'));
  };
  const write = (file: string, key: KeyObject) => {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key that exists (it may still be the only copy).
    writeFileSync(path.join(folder, file), privateKeyToPem(key), { mode: 0o600, flag: 'wx' });
  };
  const signing = new Map<string, KeyObject>();
  return {
    location: folder,
    rootKey: () => read(ROOT_FILE),
    createRootKey() {
      const key = generateEd25519();
      write(ROOT_FILE, key);
      return key;
    },
    signingKey(keyid) {
      if (!/^[0-9a-f]{64}$/.test(keyid)) return null;
      const cached = signing.get(keyid);
      if (cached) return cached;
      const key = read(signingFile(keyid));
      if (key) signing.set(keyid, key);
      return key;
    },
    createSigningKey() {
      const key = generateEd25519();
      const { keyid } = publicKeyEntry(key);
      write(signingFile(keyid), key);
      signing.set(keyid, key);
      return key;
    },
  };
}

function memoryKeyStore(): KeyStore {
  let root: KeyObject | null = null;
  const signing = new Map<string, KeyObject>();
  return {
    location: 'memory',
    rootKey: () => root,
    createRootKey: () => (root = generateEd25519()),
    signingKey: (keyid) => signing.get(keyid) ?? null,
    createSigningKey() {
      const key = generateEd25519();
      signing.set(publicKeyEntry(key).keyid, key);
      return key;
    },
  };
}
