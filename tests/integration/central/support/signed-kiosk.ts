// Kiosks as the tests drive them: each one a real Ed25519 key enrolled over HTTP with a token the
// admin service issued, signing its requests with the kiosk's own signer (offline-cache/).
import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import type { CentralPlatform } from '../../../../central/index.ts';
import {
  createRequestSigner,
  enrolKiosk,
  type RequestSigner,
} from '../../../../offline-cache/request-signing.ts';

export interface TestKiosk {
  kioskId: string;
  district: string;
  privateKey: KeyObject;
  sign: RequestSigner;
}

export async function enrolTestKiosk(
  central: CentralPlatform,
  kioskId: string,
  district = '天河区',
): Promise<TestKiosk> {
  const privateKey = generateKeyPairSync('ed25519').privateKey;
  const { token } = await central.services.enrolment.createToken({ kioskId });
  await enrolKiosk({ centralUrl: central.url, token, kioskId, district, privateKey });
  return { kioskId, district, privateKey, sign: createRequestSigner({ kioskId, privateKey }) };
}

/** Enrols each kiosk id the first time it is used. */
export function kioskPool(central: () => CentralPlatform) {
  const enrolled = new Map<string, Promise<TestKiosk>>();
  return (kioskId: string): Promise<TestKiosk> => {
    let kiosk = enrolled.get(kioskId);
    if (!kiosk) {
      kiosk = enrolTestKiosk(central(), kioskId);
      enrolled.set(kioskId, kiosk);
    }
    return kiosk;
  };
}
