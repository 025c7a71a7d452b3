// Ed25519 keys as the centre handles them: kiosk public keys arrive as raw 32 bytes (base64url),
// its own private keys live in PKCS#8 PEM files, and every key is named by the SHA-256 of its raw
// public bytes (the TUF key id).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { PublicKeyEntry } from '../../contract/catalog-publishing.ts';

export function generateEd25519(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

export function privateKeyToPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}

/** Raw 32-byte public key, base64url: the form kiosks enrol with and roots list. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

/** Null unless `raw` is exactly 32 bytes of base64url. */
export function publicKeyFromRaw(raw: string): KeyObject | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw) || Buffer.from(raw, 'base64url').length !== 32) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
  } catch {
    return null;
  }
}

export function keyIdOf(rawPublic: string): string {
  return createHash('sha256').update(Buffer.from(rawPublic, 'base64url')).digest('hex');
}

export function publicKeyEntry(key: KeyObject): PublicKeyEntry {
  const publicKey = rawPublicKey(key);
  return { keyid: keyIdOf(publicKey), scheme: 'ed25519', publicKey };
}

export function signBytes(key: KeyObject, data: Uint8Array): Buffer {
  return sign(null, data, key);
}

/** Never throws: a malformed signature is simply not valid. */
export function verifyBytes(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return signature.length === 64 && verify(null, data, key, signature);
  } catch {
    return false;
  }
}
