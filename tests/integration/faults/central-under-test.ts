// The real central platform (embedded PGlite in memory) for the fault tests, with kiosks named by
// the `x-kiosk-id` header through the platform's Authenticate seam. Enrolment and request
// signatures (issue 6) are tested on their own; here they would only add rate limits and keys to
// what is about exactly-once delivery.
import type { IncomingHttpHeaders } from 'node:http';
import { CentralError, startCentral, type CentralPlatform } from '../../../central/index.ts';
import type { Authenticate } from '../../../central/http/authenticate.ts';

export type { CentralPlatform };

function kioskIdOf(headers: IncomingHttpHeaders): string {
  const id = headers['x-kiosk-id'];
  if (typeof id !== 'string' || !/^[\x21-\x7e]{1,64}$/.test(id)) {
    throw new CentralError('unauthenticated', 'kiosk-id-missing', 'x-kiosk-id header required');
  }
  return id;
}

/**
 * Names the kiosk by header; `failNext(n)` makes the next n requests fail inside the platform
 * with an unexpected error, which it answers as a real 500.
 */
export function headerAuthentication(): Authenticate & { failNext(n: number): void } {
  let failures = 0;
  return {
    failNext(n) {
      failures = n;
    },
    async begin(req) {
      if (failures > 0) {
        failures--;
        throw new Error('injected failure inside the central platform');
      }
      const kioskId = kioskIdOf(req.headers);
      return { kioskId, finish: async () => ({ kioskId }) };
    },
  };
}

export async function startCentralUnderTest(
  opts: { db?: string; port?: number; auth?: Authenticate } = {},
): Promise<CentralPlatform> {
  return startCentral({
    port: opts.port ?? 0,
    db: opts.db ?? 'pglite:memory',
    authenticate: opts.auth ?? headerAuthentication(),
    log: () => {},
  });
}
