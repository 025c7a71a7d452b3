// Per-address limits (@fastify/rate-limit) for the routes anyone can call without a kiosk
// signature or an admin session: sign-in (guessing passwords), enrolment (guessing tokens),
// certificate verification and catalog roots; and changes under /api/v1/admin/, each of which is
// audited. Signed kiosk routes keep their per-kiosk bucket
// (security/rate-limiter.ts) instead: many kiosks may share one address behind a NAT. A refusal
// is a 429 ApiError with Retry-After.
//
// The address is the socket's: behind a reverse proxy every client shares the proxy's address,
// so put the proxy's own limit in front, or start Fastify with trustProxy (not done here).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_PATHS } from '../../contract/admin-api.ts';
import { PUBLISHING_PATHS } from '../../contract/catalog-publishing.ts';
import { ENROLMENT_PATHS } from '../../contract/enrolment-api.ts';
import { CERTIFICATE_VERIFY_PATH } from '../controllers/certificate-verification-controller.ts';
import { CentralError } from '../errors.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

export interface IpRateLimits {
  /** Sign-in attempts per address; default 10 a minute (the per-username lockout is separate). */
  signIn?: Limit;
  /** Enrolment, certificate verification and roots per address; default 300 a minute. */
  open?: Limit;
  /**
   * Other changes under /api/v1/admin/ per address; default 120 a minute. Each one, refused or
   * not, writes an audit row, so an anonymous client must not be able to grow the log at will.
   */
  admin?: Limit;
  /**
   * Loopback addresses skip the open routes' limit (demo, tests and benchmarks enrol many kiosks
   * from one host); never the sign-in limit. Default true.
   */
  exemptLoopback?: boolean;
}

export const DEFAULT_IP_LIMITS = {
  signIn: { max: 10, windowMs: 60_000 },
  open: { max: 300, windowMs: 60_000 },
  admin: { max: 120, windowMs: 60_000 },
} as const;

const ADMIN_PREFIX = '/api/v1/admin/';
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const SIGN_IN = `POST ${ADMIN_PATHS.session}`;
const OPEN = new Set([
  `POST ${ENROLMENT_PATHS.enrol}`,
  `POST ${CERTIFICATE_VERIFY_PATH}`,
  `GET ${PUBLISHING_PATHS.root}`,
]);

const isLoopback = (ip: string) =>
  ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const refused = new WeakSet<FastifyRequest>();

/** True when this request was turned away by an address limit (the audit log skips those). */
export function refusedByAddressLimit(request: FastifyRequest): boolean {
  return refused.has(request);
}

export function installIpRateLimits(app: FastifyInstance, limits: IpRateLimits = {}): void {
  const signIn = limits.signIn ?? DEFAULT_IP_LIMITS.signIn;
  const open = limits.open ?? DEFAULT_IP_LIMITS.open;
  const admin = limits.admin ?? DEFAULT_IP_LIMITS.admin;
  const exemptLoopback = limits.exemptLoopback ?? true;
  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (request, context) => {
      refused.add(request);
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new CentralError(
        'rate-limited',
        'too-many-requests',
        `too many requests from this address: try again in ${seconds} s`,
        seconds,
      );
    },
  });
  // Routes are declared before the plugin has loaded, so its per-route hooks would miss them: the
  // limiters are made once it has, and one global hook picks the one a route needs.
  let hooks: { signIn: Hook; open: Hook; admin: Hook } | null = null;
  app.after(() => {
    hooks = {
      signIn: app.rateLimit({ max: signIn.max, timeWindow: signIn.windowMs }) as Hook,
      open: app.rateLimit({
        max: open.max,
        timeWindow: open.windowMs,
        allowList: (request) => exemptLoopback && isLoopback(request.ip),
      }) as Hook,
      admin: app.rateLimit({
        max: admin.max,
        timeWindow: admin.windowMs,
        allowList: (request) => exemptLoopback && isLoopback(request.ip),
      }) as Hook,
    };
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!hooks) return;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    if (route === SIGN_IN) await hooks.signIn(request, reply);
    else if (OPEN.has(route)) await hooks.open(request, reply);
    // Unknown admin paths too: they are audited as well.
    else if (!READS.has(request.method) && request.url.startsWith(ADMIN_PREFIX)) {
      await hooks.admin(request, reply);
    }
  });
}
