// The header and body halves of signed-request authentication, against an in-memory kiosk table
// and a clock the test holds: every refusal has its own code, and only a fully valid request
// spends a nonce and a rate token.
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { createSignedRequestAuthenticator } from '../../../central/http/signed-requests.ts';
import type { StoredKiosk } from '../../../central/repositories/kiosk-repository.ts';
import { createRateLimiter } from '../../../central/security/rate-limiter.ts';
import { canonicalRequest } from '../../../contract/request-signing.ts';
import { createRequestSigner, kioskPublicKey } from '../../../offline-cache/request-signing.ts';

const T0 = Date.parse('2026-11-20T08:00:00Z');
let clock = T0;
const key = generateKeyPairSync('ed25519').privateKey;
const otherKey = generateKeyPairSync('ed25519').privateKey;
let kiosks: Map<string, StoredKiosk>;
let nonces: Set<string>;

function enrolled(kioskId: string, revokedAt: string | null = null): StoredKiosk {
  return {
    kioskId,
    district: '天河区',
    publicKey: kioskPublicKey(key),
    enrolledAt: new Date(T0).toISOString(),
    enrolmentTokenSha256: 'x',
    revokedAt,
  };
}

function auth(burst = 100) {
  return createSignedRequestAuthenticator({
    kiosks: {
      findKiosk: async (id) => kiosks.get(id) ?? null,
      recordNonce: async (id, nonce) => {
        const fresh = !nonces.has(`${id}/${nonce}`);
        nonces.add(`${id}/${nonce}`);
        return fresh;
      },
    },
    limiter: createRateLimiter({ burst, perSecond: 1 }, () => clock),
    now: () => clock,
    windowMs: 60_000,
  });
}

const sign = createRequestSigner({ kioskId: 'GZ-TH-0001', privateKey: key, now: () => clock });
const body = Buffer.from('{"trackingCode":"AAAA-BBBB-CCCC"}');
const request = (
  headers: Record<string, string>,
  method = 'POST',
  url = '/api/v1/submissions',
) => ({
  method,
  url,
  headers,
});

beforeEach(() => {
  clock = T0;
  kiosks = new Map([['GZ-TH-0001', enrolled('GZ-TH-0001')]]);
  nonces = new Set();
});

it('accepts a request signed by the enrolled key, over the exact body', async () => {
  const headers = sign({ method: 'POST', path: '/api/v1/submissions', body });
  const pending = await auth().begin(request(headers));
  await expect(pending.finish(body)).resolves.toEqual({ kioskId: 'GZ-TH-0001' });
});

it('signs the documented canonical string', () => {
  expect(
    canonicalRequest({
      method: 'get',
      path: '/a?b=1',
      kioskId: 'K',
      timestamp: '1',
      nonce: 'n',
      bodySha256: 'h',
    }),
  ).toBe('kiosk24-request-v1\nGET\n/a?b=1\nK\n1\nn\nh');
});

it('refuses missing and malformed headers before looking anything up', async () => {
  const a = auth();
  await expect(a.begin(request({}))).rejects.toMatchObject({ code: 'signature-missing' });
  const headers = sign({ method: 'POST', path: '/api/v1/submissions', body });
  for (const [name, value] of [
    ['x-kiosk-nonce', 'short'],
    ['x-kiosk-timestamp', '12ab'],
    ['x-kiosk-signature', 'A'.repeat(85)],
    ['x-kiosk-id', 'has space'],
  ] as const) {
    await expect(a.begin(request({ ...headers, [name]: value }))).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'signature-malformed',
    });
  }
});

it('refuses a timestamp outside the window either way', async () => {
  const headers = sign({ method: 'POST', path: '/api/v1/submissions', body });
  clock = T0 + 61_000;
  await expect(auth().begin(request(headers))).rejects.toMatchObject({
    code: 'timestamp-out-of-window',
  });
  clock = T0 - 61_000;
  await expect(auth().begin(request(headers))).rejects.toMatchObject({
    code: 'timestamp-out-of-window',
  });
});

it('refuses an unknown kiosk (401) and a revoked one (403)', async () => {
  const stranger = createRequestSigner({
    kioskId: 'GZ-XX-0009',
    privateKey: key,
    now: () => clock,
  });
  await expect(
    auth().begin(request(stranger({ method: 'POST', path: '/api/v1/submissions', body }))),
  ).rejects.toMatchObject({ kind: 'unauthenticated', code: 'kiosk-not-enrolled' });
  kiosks.set('GZ-TH-0001', enrolled('GZ-TH-0001', new Date(T0).toISOString()));
  await expect(
    auth().begin(request(sign({ method: 'POST', path: '/api/v1/submissions', body }))),
  ).rejects.toMatchObject({ kind: 'forbidden', code: 'kiosk-revoked' });
});

it('refuses a changed body, method, path, or another key, spending no nonce', async () => {
  const a = auth();
  const headers = sign({ method: 'POST', path: '/api/v1/submissions', body });
  const changed = Buffer.from(body);
  changed[5] = changed[5]! ^ 1;
  await expect((await a.begin(request(headers))).finish(changed)).rejects.toMatchObject({
    code: 'signature-invalid',
  });
  await expect((await a.begin(request(headers, 'PUT'))).finish(body)).rejects.toMatchObject({
    code: 'signature-invalid',
  });
  await expect(
    (await a.begin(request(headers, 'POST', '/api/v1/ratings'))).finish(body),
  ).rejects.toMatchObject({ code: 'signature-invalid' });
  const forged = createRequestSigner({
    kioskId: 'GZ-TH-0001',
    privateKey: otherKey,
    now: () => clock,
  });
  const forgedHeaders = forged({ method: 'POST', path: '/api/v1/submissions', body });
  await expect((await a.begin(request(forgedHeaders))).finish(body)).rejects.toMatchObject({
    code: 'signature-invalid',
  });
  expect(nonces.size).toBe(0);
  // The genuine request still goes through: nothing was spent by the failures.
  await expect((await a.begin(request(headers))).finish(body)).resolves.toBeTruthy();
});

it('refuses the same request twice (nonce replay)', async () => {
  const a = auth();
  const headers = sign({ method: 'POST', path: '/api/v1/submissions', body });
  await (await a.begin(request(headers))).finish(body);
  await expect((await a.begin(request(headers))).finish(body)).rejects.toMatchObject({
    code: 'nonce-replayed',
  });
});

it('limits the rate per kiosk after the signature, with a retry time', async () => {
  const a = auth(2);
  const once = async () =>
    (await a.begin(request(sign({ method: 'POST', path: '/api/v1/submissions', body })))).finish(
      body,
    );
  await once();
  await once();
  await expect(once()).rejects.toMatchObject({
    kind: 'rate-limited',
    code: 'rate-limited',
    retryAfterSeconds: 1,
  });
  // Forged requests in the kiosk's name do not spend its budget.
  const forged = createRequestSigner({
    kioskId: 'GZ-TH-0001',
    privateKey: otherKey,
    now: () => clock,
  });
  clock += 1000;
  for (let i = 0; i < 5; i++) {
    const pending = await a.begin(
      request(forged({ method: 'POST', path: '/api/v1/submissions', body })),
    );
    await expect(pending.finish(body)).rejects.toMatchObject({ code: 'signature-invalid' });
  }
  await expect(once()).resolves.toBeTruthy();
});
