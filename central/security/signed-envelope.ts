// DSSE envelopes on the centre's side: sign a root or a catalog document with one or more keys,
// and check an uploaded root (signed offline) against the keys that must have signed it.
import type { KeyObject } from 'node:crypto';
import {
  pae,
  type PublicKeyEntry,
  type SignedEnvelope,
} from '../../contract/catalog-publishing.ts';
import { publicKeyEntry, publicKeyFromRaw, signBytes, verifyBytes } from './ed25519.ts';

export function signEnvelope(
  payloadType: string,
  document: unknown,
  keys: readonly KeyObject[],
): SignedEnvelope {
  const payload = Buffer.from(JSON.stringify(document), 'utf8');
  const message = pae(payloadType, payload);
  return {
    payloadType,
    payload: payload.toString('base64'),
    signatures: keys.map((key) => ({
      keyid: publicKeyEntry(key).keyid,
      sig: signBytes(key, message).toString('base64'),
    })),
  };
}

/** How many distinct keys of `trusted` made a valid signature over the envelope. */
export function countValidSignatures(
  envelope: SignedEnvelope,
  trusted: readonly PublicKeyEntry[],
): number {
  const message = pae(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  const valid = new Set<string>();
  for (const signature of envelope.signatures) {
    const entry = trusted.find((k) => k.keyid === signature.keyid);
    const key = entry && publicKeyFromRaw(entry.publicKey);
    if (key && verifyBytes(key, message, Buffer.from(signature.sig, 'base64'))) {
      valid.add(signature.keyid);
    }
  }
  return valid.size;
}

export function payloadOf(envelope: SignedEnvelope): unknown {
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as unknown;
}
