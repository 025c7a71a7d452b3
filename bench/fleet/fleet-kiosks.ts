// A simulated fleet: N kiosks, each with its own Ed25519 key pair and request signer, enrolled by
// writing their rows straight into the kiosks table (what enrolment leaves behind), because
// spending 20,000 one-time tokens over HTTP would measure enrolment, not the fleet.
import { createHash, createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createRequestSigner, type RequestSigner } from '../../offline-cache/request-signing.ts';

export interface SimulatedKiosk {
  kioskId: string;
  district: string;
  sign: RequestSigner;
}

const DISTRICTS = ['天河区', '越秀区', '海珠区', '荔湾区', '白云区', '黄埔区', '番禺区', '花都区'];

export function makeFleet(
  size: number,
  prefix = 'GZ-FLEET',
): {
  kiosks: SimulatedKiosk[];
  publicKeys: string[];
} {
  const kiosks: SimulatedKiosk[] = [];
  const publicKeys: string[] = [];
  for (let i = 0; i < size; i++) {
    // Encoded by the key generation itself: exporting the fresh KeyObject as JWK in this loop
    // deadlocks Node 20 now and then (a GC finalising an earlier key job takes the same lock).
    // (@types/node has no overload for JWK encodings; Node returns JWK objects.)
    const pair = generateKeyPairSync('ed25519', {
      publicKeyEncoding: { format: 'jwk' },
      privateKeyEncoding: { format: 'jwk' },
    } as never) as unknown as { publicKey: JsonWebKey; privateKey: JsonWebKey };
    const kioskId = `${prefix}-${String(i).padStart(5, '0')}`;
    const privateKey = createPrivateKey({ key: pair.privateKey, format: 'jwk' });
    kiosks.push({
      kioskId,
      district: DISTRICTS[i % DISTRICTS.length]!,
      sign: createRequestSigner({ kioskId, privateKey }),
    });
    // JWK's x is the raw 32-byte public key, base64url: the form kiosks enrol with.
    publicKeys.push(pair.publicKey.x!);
  }
  return { kiosks, publicKeys };
}

/** Inserts the fleet's kiosk rows in a few multi-row statements (the schema must exist). */
export async function enrolFleet(
  url: string,
  fleet: { kiosks: SimulatedKiosk[]; publicKeys: string[] },
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const enrolledAt = new Date().toISOString();
    const token = createHash('sha256').update('bench-fleet').digest('hex');
    for (let from = 0; from < fleet.kiosks.length; from += 5000) {
      const slice = fleet.kiosks.slice(from, from + 5000);
      await client.query(
        `INSERT INTO kiosks (kiosk_id, district, public_key, enrolled_at, enrolment_token_sha256)
         SELECT id, district, key, $4, $5
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, district, key)`,
        [
          slice.map((k) => k.kioskId),
          slice.map((k) => k.district),
          fleet.publicKeys.slice(from, from + 5000),
          enrolledAt,
          token,
        ],
      );
    }
  } finally {
    await client.end();
  }
}

/** The postmaster's pid: the parent of the backend serving this connection. */
export async function postmasterPid(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const stat = readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } finally {
    await client.end();
  }
}
