// Every HTTP route of the central platform, as data: method, path, who may call it, and the zod
// schemas of its parameters, body and answers. The schemas are the contract modules' own (the
// server validates with them); this table only says which goes where. Two things are generated
// from it: the OpenAPI 3.1 document the centre serves (openapi.ts) and the typed calls of the
// kiosk (api-client.ts). A coverage test compares it with the routes Fastify registered, so a
// route added without a line here turns the suite red.
//
// Browser-safe: zod and plain data only.
import { z } from 'zod';
import { Catalog } from '../catalog/schema.ts';
import {
  AccountCreateRequest,
  AccountUpdateRequest,
  AccountWithPassword,
  ADMIN_PATHS,
  AdminAccount,
  AdminAccountList,
  AdminSelf,
  AuditPage,
  AuditQuery,
  AuditVerification,
  CONSOLE_HEADER,
  CurrentCatalog,
  PasswordChangeRequest,
  PublicationContent,
  SignInRequest,
  Statistics,
  StatisticsQuery,
  StatusChangeRequest,
  SubmissionDetail,
  SubmissionPage,
  SubmissionQuery,
  type AdminRole,
} from './admin-api.ts';
import {
  PUBLISHING_PATHS,
  PublicationSummary,
  PublishRequest,
  RootAdded,
  RUNNING_CATALOG_HEADER,
  SignedEnvelope,
  SigningKeyRotation,
} from './catalog-publishing.ts';
import {
  ApiError,
  CENTRAL_PATHS,
  CHUNK_MEDIA_TYPE,
  ChunkParams,
  FaceVerificationRequest,
  FaceVerificationResult,
  HealthAnswer,
  RatingAck,
  RatingRequest,
  StatusFeedPage,
  StatusFeedQuery,
  SubmissionAck,
  SubmissionRequest,
  TrackingCode,
  UploadDeclaration,
  UploadParams,
  UploadState,
} from './central-api.ts';
import {
  CERTIFICATE_PATHS,
  CertificateVerification,
  CertificateVerifyRequest,
} from './certificate-verification-api.ts';
import {
  ENROLMENT_PATHS,
  EnrolledKioskId,
  EnrolmentAnswer,
  EnrolmentRequest,
  EnrolmentTokenAnswer,
  EnrolmentTokenRequest,
  KioskRecord,
} from './enrolment-api.ts';
import {
  FLEET_PATHS,
  FleetAlertList,
  FleetAlertQuery,
  FleetKioskDetail,
  FleetKioskPage,
  FleetKioskQuery,
  FleetSummary,
  HeartbeatAnswer,
  HeartbeatRequest,
  RemoteActionList,
  RemoteActionRecord,
  RemoteActionRequest,
} from './fleet-api.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. `kiosk-signed`: an enrolled, unrevoked kiosk's Ed25519 request signature
 * (request-signing.ts). `admin`: the admin bearer token or a console session; `role` null means
 * any admin (reads), otherwise the role the change needs.
 */
export type RouteAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'kiosk-signed' }
  | { readonly kind: 'admin'; readonly role: AdminRole | null };

export const API_TAGS = {
  platform: 'Health, the bundled catalog and this description',
  intake: 'Submissions and ratings from kiosks (exactly once by idempotency key)',
  attachments: 'Resumable attachment uploads of a submission',
  'status-feed': "The kiosk's status changes (受理, 办结, 退回)",
  enrolment: 'Kiosk identity: one-time tokens, enrolment, revocation',
  'catalog-publishing': 'Signed catalogs in the way of TUF: roots, publications, keys',
  'face-verification': 'Real-person verification provider seam',
  certificates: 'Verification of certificates printed at kiosks',
  fleet: 'Heartbeats, kiosk state, alerts and remote actions',
  'admin-session': 'Admin sign-in and password',
  audit: 'The hash-chained audit log of admin actions',
  inbox: 'Submissions inbox and status changes',
  statistics: 'Transactions and 好差评 statistics',
  accounts: 'Admin accounts of the console (account-admin)',
} as const;
export type ApiTag = keyof typeof API_TAGS;

export interface ResponseSpec {
  readonly description: string;
  /** The JSON body; absent for an answer without a body (204, 304). */
  readonly schema?: z.ZodType;
}

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Fastify-style, `:name` for a path parameter; the contract's path constants. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: ApiTag;
  readonly auth: RouteAuth;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Request headers the route reads besides authentication (lower case). */
  readonly headers?: z.ZodObject;
  /** A JSON body. */
  readonly body?: z.ZodType;
  /** A body of raw bytes of this media type instead of JSON. */
  readonly bytes?: { readonly mediaType: string };
  readonly responses: { readonly [status: number]: ResponseSpec };
}

/** Keeps the literal types of one route (the typed client infers from them). */
const route = <const R extends RouteSpec>(r: R): R => r;

const NONE = { kind: 'none' } as const;
const KIOSK = { kind: 'kiosk-signed' } as const;
const ANY_ADMIN = { kind: 'admin', role: null } as const;
const admin = <const R extends AdminRole>(role: R) => ({ kind: 'admin', role }) as const;

/** Why the centre refuses, by status; every refusal is an ApiError `{ error, message }`. */
const ERROR_TEXT = {
  400: 'Malformed request (invalid-request, invalid-json, …); nothing was stored',
  401: 'Not authenticated (signature, timestamp, nonce, unknown kiosk, no admin credentials)',
  403: 'Refused: a revoked kiosk, a missing admin role, the admin API off',
  404: 'Not found',
  409: 'Conflict with what the centre holds',
  413: 'Request body too large',
  415: 'Unsupported media type (the API speaks JSON)',
  429: 'Too many requests; see Retry-After',
  503: 'Unavailable (database, publishing without keys)',
} as const;
type ErrorStatus = keyof typeof ERROR_TEXT;

function errors<const S extends ErrorStatus>(
  ...statuses: S[]
): { readonly [K in S]: { readonly description: string; readonly schema: typeof ApiError } } {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_TEXT[s], schema: ApiError }]),
  ) as never;
}

/** What every kiosk-signed route may answer besides its own refusals. */
const KIOSK_ERRORS = errors(400, 401, 403, 413, 415, 429);
const ADMIN_ERRORS = errors(400, 401, 403, 429);

const ok = <const S extends z.ZodType>(description: string, schema: S) => ({ description, schema });

const NotModified = { description: 'Not modified: the ETag in If-None-Match is current' };
const CatalogPollHeaders = z.object({
  'if-none-match': z.string().max(200).optional(),
  [RUNNING_CATALOG_HEADER]: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
});
/** Sent by the console on sign-in and on every change a session cookie authenticates. */
const ConsoleHeader = z.object({ [CONSOLE_HEADER]: z.literal('1') });
const KioskIdParams = z.object({ kioskId: EnrolledKioskId });
const VersionParams = z.object({ version: z.coerce.number<number>().int().positive() });
const TrackingCodeParams = z.object({ trackingCode: TrackingCode });
const UsernameParams = z.object({ username: z.string().min(1).max(64) });
/** The JSON `{}` a body-less POST sends (Fastify refuses an empty JSON body). */
const EmptyObject = z.object({});

/** The OpenAPI document itself, as far as a client needs to recognise it. */
export const OpenApiDocumentShape = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const OPENAPI_PATH = '/api/v1/openapi.json';

export const API_ROUTES = {
  // ---- platform ---------------------------------------------------------------------------------
  health: route({
    method: 'GET',
    path: CENTRAL_PATHS.health,
    summary: 'Is the centre up (its database answers)?',
    tag: 'platform',
    auth: NONE,
    responses: { 200: ok('Up', HealthAnswer), ...errors(503) },
  }),
  bundledCatalog: route({
    method: 'GET',
    path: CENTRAL_PATHS.catalog,
    summary: 'The catalog bundled with the centre (ETag = its version)',
    tag: 'platform',
    auth: NONE,
    headers: z.object({ 'if-none-match': z.string().max(200).optional() }),
    responses: { 200: ok('The catalog', Catalog), 304: NotModified },
  }),
  openApiDocument: route({
    method: 'GET',
    path: OPENAPI_PATH,
    summary: 'This description (OpenAPI 3.1)',
    tag: 'platform',
    auth: NONE,
    responses: { 200: ok('The OpenAPI document', OpenApiDocumentShape) },
  }),

  // ---- intake -----------------------------------------------------------------------------------
  submit: route({
    method: 'POST',
    path: CENTRAL_PATHS.submissions,
    summary: 'Deliver a submission (idempotent on its key)',
    description:
      'Inserted once per idempotency key; a repeat answers the stored acknowledgement with ' +
      '`replayed: true` (200). Attachments must be uploaded and complete first.',
    tag: 'intake',
    auth: KIOSK,
    body: SubmissionRequest,
    responses: {
      201: ok('Received for the first time', SubmissionAck),
      200: ok('Seen before: the stored answer', SubmissionAck),
      ...KIOSK_ERRORS,
      ...errors(409),
    },
  }),
  rate: route({
    method: 'POST',
    path: CENTRAL_PATHS.ratings,
    summary: 'Deliver a 好差评 rating (idempotent on its key)',
    tag: 'intake',
    auth: KIOSK,
    body: RatingRequest,
    responses: {
      201: ok('Received for the first time', RatingAck),
      200: ok('Seen before: the stored answer', RatingAck),
      ...KIOSK_ERRORS,
      ...errors(409),
    },
  }),

  // ---- attachments ------------------------------------------------------------------------------
  declareUpload: route({
    method: 'PUT',
    path: `${CENTRAL_PATHS.uploads}/:submissionKey/:attachmentId`,
    summary: 'Declare an attachment upload (idempotent); the answer says where to resume',
    tag: 'attachments',
    auth: KIOSK,
    params: UploadParams,
    body: UploadDeclaration,
    responses: { 200: ok('Where the upload stands', UploadState), ...KIOSK_ERRORS, ...errors(409) },
  }),
  putChunk: route({
    method: 'PUT',
    path: `${CENTRAL_PATHS.uploads}/:submissionKey/:attachmentId/chunks/:offset`,
    summary: 'Send bytes from an offset; bytes already held are acknowledged, not doubled',
    tag: 'attachments',
    auth: KIOSK,
    params: ChunkParams,
    bytes: { mediaType: CHUNK_MEDIA_TYPE },
    responses: {
      200: ok('Where the upload stands', UploadState),
      ...KIOSK_ERRORS,
      ...errors(404, 409),
    },
  }),
  completeUpload: route({
    method: 'POST',
    path: `${CENTRAL_PATHS.uploads}/:submissionKey/:attachmentId/complete`,
    summary: 'Verify size and SHA-256 and seal the upload (idempotent)',
    tag: 'attachments',
    auth: KIOSK,
    params: UploadParams,
    body: EmptyObject,
    responses: {
      200: ok('Sealed', UploadState),
      ...KIOSK_ERRORS,
      ...errors(404, 409),
    },
  }),

  // ---- status feed ------------------------------------------------------------------------------
  statusFeed: route({
    method: 'GET',
    path: CENTRAL_PATHS.statusFeed,
    summary: "The calling kiosk's status changes after a cursor",
    tag: 'status-feed',
    auth: KIOSK,
    query: StatusFeedQuery,
    responses: { 200: ok('A page of changes', StatusFeedPage), ...KIOSK_ERRORS },
  }),

  // ---- enrolment --------------------------------------------------------------------------------
  enrol: route({
    method: 'POST',
    path: ENROLMENT_PATHS.enrol,
    summary: "Enrol a kiosk's public key with a one-time token (the token is the credential)",
    tag: 'enrolment',
    auth: NONE,
    body: EnrolmentRequest,
    responses: {
      201: ok('Enrolled', EnrolmentAnswer),
      200: ok('The same enrolment again: confirmed', EnrolmentAnswer),
      ...errors(400, 401, 409, 413, 415, 429),
    },
  }),
  enrolmentSelf: route({
    method: 'GET',
    path: ENROLMENT_PATHS.self,
    summary: 'How the calling kiosk is enrolled',
    tag: 'enrolment',
    auth: KIOSK,
    responses: { 200: ok('The kiosk as stored', KioskRecord), ...KIOSK_ERRORS, ...errors(404) },
  }),
  createEnrolmentToken: route({
    method: 'POST',
    path: ENROLMENT_PATHS.adminTokens,
    summary: 'Issue a one-time enrolment token (shown once)',
    tag: 'enrolment',
    auth: admin('fleet-operator'),
    body: EnrolmentTokenRequest,
    responses: { 201: ok('The token', EnrolmentTokenAnswer), ...ADMIN_ERRORS },
  }),
  listKiosks: route({
    method: 'GET',
    path: ENROLMENT_PATHS.adminKiosks,
    summary: 'Every enrolled kiosk',
    tag: 'enrolment',
    auth: ANY_ADMIN,
    responses: { 200: ok('The kiosks', z.array(KioskRecord)), ...ADMIN_ERRORS },
  }),
  revokeKiosk: route({
    method: 'POST',
    path: ENROLMENT_PATHS.adminRevoke,
    summary: 'Revoke a kiosk: its requests are refused from now on',
    tag: 'enrolment',
    auth: admin('fleet-operator'),
    params: KioskIdParams,
    responses: { 200: ok('The kiosk, revoked', KioskRecord), ...ADMIN_ERRORS, ...errors(404) },
  }),

  // ---- catalog publishing -----------------------------------------------------------------------
  catalogRoot: route({
    method: 'GET',
    path: PUBLISHING_PATHS.root,
    summary: 'Root metadata version N, signed (404 past the latest)',
    tag: 'catalog-publishing',
    auth: NONE,
    params: VersionParams,
    responses: { 200: ok('The root envelope', SignedEnvelope), ...errors(404) },
  }),
  kioskCatalog: route({
    method: 'GET',
    path: PUBLISHING_PATHS.kioskCatalog,
    summary: 'The newest catalog publication targeted at the calling kiosk',
    tag: 'catalog-publishing',
    auth: KIOSK,
    headers: CatalogPollHeaders,
    responses: {
      200: ok('The publication envelope (ETag "catalog-vN")', SignedEnvelope),
      304: NotModified,
      ...KIOSK_ERRORS,
      ...errors(404),
    },
  }),
  listPublications: route({
    method: 'GET',
    path: PUBLISHING_PATHS.adminPublications,
    summary: 'Publications, newest first',
    tag: 'catalog-publishing',
    auth: ANY_ADMIN,
    responses: { 200: ok('Publications', z.array(PublicationSummary)), ...ADMIN_ERRORS },
  }),
  publishCatalog: route({
    method: 'POST',
    path: PUBLISHING_PATHS.adminPublications,
    summary: 'Sign and publish a catalog version for a target',
    tag: 'catalog-publishing',
    auth: admin('catalog-editor'),
    body: PublishRequest,
    responses: { 201: ok('Published', PublicationSummary), ...ADMIN_ERRORS, ...errors(503) },
  }),
  rotateSigningKey: route({
    method: 'POST',
    path: PUBLISHING_PATHS.adminSigningKeys,
    summary: 'New catalog-signing key in a new root (root key online)',
    tag: 'catalog-publishing',
    auth: admin('catalog-editor'),
    responses: { 201: ok('Rotated', SigningKeyRotation), ...ADMIN_ERRORS, ...errors(503) },
  }),
  addRoot: route({
    method: 'POST',
    path: PUBLISHING_PATHS.adminRoots,
    summary: 'Upload a root signed offline',
    tag: 'catalog-publishing',
    auth: admin('catalog-editor'),
    body: SignedEnvelope,
    responses: { 201: ok('Adopted', RootAdded), ...ADMIN_ERRORS, ...errors(503) },
  }),

  // ---- face and certificates --------------------------------------------------------------------
  verifyFace: route({
    method: 'POST',
    path: CENTRAL_PATHS.faceVerifications,
    summary: "Ask the centre's real-person verification provider (never stored or logged)",
    tag: 'face-verification',
    auth: KIOSK,
    body: FaceVerificationRequest,
    responses: { 200: ok('The decision', FaceVerificationResult), ...KIOSK_ERRORS },
  }),
  verifyCertificate: route({
    method: 'POST',
    path: CERTIFICATE_PATHS.verify,
    summary: 'Is this certificate what the kiosk printed?',
    tag: 'certificates',
    auth: NONE,
    body: CertificateVerifyRequest,
    responses: { 200: ok('Valid, or why not', CertificateVerification), ...errors(400) },
  }),

  // ---- fleet ------------------------------------------------------------------------------------
  heartbeat: route({
    method: 'POST',
    path: FLEET_PATHS.heartbeat,
    summary: "A kiosk's heartbeat; the answer hands over pending remote actions",
    tag: 'fleet',
    auth: KIOSK,
    body: HeartbeatRequest,
    responses: { 200: ok('Received', HeartbeatAnswer), ...KIOSK_ERRORS },
  }),
  fleetSummary: route({
    method: 'GET',
    path: FLEET_PATHS.adminSummary,
    summary: "The dashboard's counts",
    tag: 'fleet',
    auth: ANY_ADMIN,
    responses: { 200: ok('Counts', FleetSummary), ...ADMIN_ERRORS },
  }),
  fleetKiosks: route({
    method: 'GET',
    path: FLEET_PATHS.adminKiosks,
    summary: 'Kiosks with their latest state, by kiosk id',
    tag: 'fleet',
    auth: ANY_ADMIN,
    query: FleetKioskQuery,
    responses: { 200: ok('A page of kiosks', FleetKioskPage), ...ADMIN_ERRORS },
  }),
  fleetKiosk: route({
    method: 'GET',
    path: FLEET_PATHS.adminKiosk,
    summary: 'One kiosk with its alerts and actions',
    tag: 'fleet',
    auth: ANY_ADMIN,
    params: KioskIdParams,
    responses: { 200: ok('The kiosk', FleetKioskDetail), ...ADMIN_ERRORS, ...errors(404) },
  }),
  fleetAlerts: route({
    method: 'GET',
    path: FLEET_PATHS.adminAlerts,
    summary: 'Alerts, newest first',
    tag: 'fleet',
    auth: ANY_ADMIN,
    query: FleetAlertQuery,
    responses: { 200: ok('Alerts', FleetAlertList), ...ADMIN_ERRORS },
  }),
  requestRemoteAction: route({
    method: 'POST',
    path: FLEET_PATHS.adminActions,
    summary: 'Ask a kiosk for sync now, reload catalog or restart (on its next heartbeat)',
    tag: 'fleet',
    auth: admin('fleet-operator'),
    params: KioskIdParams,
    body: RemoteActionRequest,
    responses: {
      201: ok('Queued', RemoteActionRecord),
      200: ok('One of that kind is already pending: that one', RemoteActionRecord),
      ...ADMIN_ERRORS,
      ...errors(404),
    },
  }),
  listRemoteActions: route({
    method: 'GET',
    path: FLEET_PATHS.adminActions,
    summary: "A kiosk's remote actions, newest first",
    tag: 'fleet',
    auth: ANY_ADMIN,
    params: KioskIdParams,
    responses: { 200: ok('Actions', RemoteActionList), ...ADMIN_ERRORS, ...errors(404) },
  }),

  // ---- admin session, audit, inbox, statistics, catalog content ---------------------------------
  signIn: route({
    method: 'POST',
    path: ADMIN_PATHS.session,
    summary: 'Sign in; sets the session cookie',
    description: `Login CSRF guard: the request must carry \`${CONSOLE_HEADER}: 1\` (else 403).`,
    tag: 'admin-session',
    auth: NONE,
    headers: ConsoleHeader,
    body: SignInRequest,
    responses: { 200: ok('Signed in', AdminSelf), ...errors(400, 401, 403, 429) },
  }),
  adminSelf: route({
    method: 'GET',
    path: ADMIN_PATHS.session,
    summary: 'Who is signed in',
    tag: 'admin-session',
    auth: ANY_ADMIN,
    responses: { 200: ok('The admin', AdminSelf), ...ADMIN_ERRORS },
  }),
  signOut: route({
    method: 'DELETE',
    path: ADMIN_PATHS.session,
    summary: 'Sign out; clears the session cookie (204 even without a session)',
    tag: 'admin-session',
    auth: NONE,
    headers: z.object({ [CONSOLE_HEADER]: z.literal('1').optional() }),
    responses: { 204: { description: 'Signed out' }, ...errors(403) },
  }),
  changePassword: route({
    method: 'POST',
    path: ADMIN_PATHS.password,
    summary: "Change the signed-in admin's password",
    tag: 'admin-session',
    auth: ANY_ADMIN,
    body: PasswordChangeRequest,
    responses: { 204: { description: 'Changed' }, ...ADMIN_ERRORS },
  }),
  audit: route({
    method: 'GET',
    path: ADMIN_PATHS.audit,
    summary: 'The audit log, newest first',
    tag: 'audit',
    auth: ANY_ADMIN,
    query: AuditQuery,
    responses: { 200: ok('A page of entries', AuditPage), ...ADMIN_ERRORS },
  }),
  auditVerification: route({
    method: 'GET',
    path: ADMIN_PATHS.auditVerification,
    summary: "Walk the audit log's hash chain",
    tag: 'audit',
    auth: ANY_ADMIN,
    responses: { 200: ok('The verdict', AuditVerification), ...ADMIN_ERRORS },
  }),
  inbox: route({
    method: 'GET',
    path: ADMIN_PATHS.submissions,
    summary: 'Submissions, newest received first (applicants masked)',
    tag: 'inbox',
    auth: ANY_ADMIN,
    query: SubmissionQuery,
    responses: { 200: ok('A page of submissions', SubmissionPage), ...ADMIN_ERRORS },
  }),
  inboxSubmission: route({
    method: 'GET',
    path: ADMIN_PATHS.submission,
    summary: 'One submission (unmasked for a case officer)',
    tag: 'inbox',
    auth: ANY_ADMIN,
    params: TrackingCodeParams,
    responses: { 200: ok('The submission', SubmissionDetail), ...ADMIN_ERRORS, ...errors(404) },
  }),
  changeSubmissionStatus: route({
    method: 'POST',
    path: ADMIN_PATHS.submissionStatus,
    summary: 'Accept, complete or return a submission (kiosks learn it from their feed)',
    tag: 'inbox',
    auth: admin('case-officer'),
    params: TrackingCodeParams,
    body: StatusChangeRequest,
    responses: {
      200: ok('The submission after the change', SubmissionDetail),
      ...ADMIN_ERRORS,
      ...errors(404, 409),
    },
  }),
  statistics: route({
    method: 'GET',
    path: ADMIN_PATHS.statistics,
    summary: 'Transactions per item, kiosk and day; 好差评 distribution and 差评 reasons',
    tag: 'statistics',
    auth: ANY_ADMIN,
    query: StatisticsQuery,
    responses: { 200: ok('Statistics', Statistics), ...ADMIN_ERRORS },
  }),
  currentCatalog: route({
    method: 'GET',
    path: ADMIN_PATHS.catalogCurrent,
    summary: 'The catalog the editor starts from',
    tag: 'catalog-publishing',
    auth: ANY_ADMIN,
    responses: { 200: ok('The catalog', CurrentCatalog), ...ADMIN_ERRORS },
  }),
  publication: route({
    method: 'GET',
    path: ADMIN_PATHS.publication,
    summary: "One publication's summary and content",
    tag: 'catalog-publishing',
    auth: ANY_ADMIN,
    params: VersionParams,
    responses: { 200: ok('The publication', PublicationContent), ...ADMIN_ERRORS, ...errors(404) },
  }),

  // ---- admin accounts ------------------------------------------------------------------------
  listAccounts: route({
    method: 'GET',
    path: ADMIN_PATHS.accounts,
    summary: 'Every admin account (never a password hash)',
    tag: 'accounts',
    auth: admin('account-admin'),
    responses: { 200: ok('The accounts, by username', AdminAccountList), ...ADMIN_ERRORS },
  }),
  createAccount: route({
    method: 'POST',
    path: ADMIN_PATHS.accounts,
    summary: 'Create an account; answers a generated password, shown once',
    tag: 'accounts',
    auth: admin('account-admin'),
    body: AccountCreateRequest,
    responses: {
      201: ok('The account and its one-time password', AccountWithPassword),
      ...ADMIN_ERRORS,
      ...errors(409),
    },
  }),
  updateAccount: route({
    method: 'PATCH',
    path: ADMIN_PATHS.account,
    summary: "Change an account's display name, roles or disabled state",
    description:
      "Disabling ends the sessions. 409: disabling oneself, dropping one's own account-admin " +
      'role, or leaving no enabled account-admin.',
    tag: 'accounts',
    auth: admin('account-admin'),
    params: UsernameParams,
    body: AccountUpdateRequest,
    responses: {
      200: ok('The account after the change', AdminAccount),
      ...ADMIN_ERRORS,
      ...errors(404, 409),
    },
  }),
  resetAccountPassword: route({
    method: 'POST',
    path: ADMIN_PATHS.accountPassword,
    summary: "Reset an account's password to a generated one, shown once; ends its sessions",
    tag: 'accounts',
    auth: admin('account-admin'),
    params: UsernameParams,
    responses: {
      200: ok('The account and its new one-time password', AccountWithPassword),
      ...ADMIN_ERRORS,
      ...errors(404, 409),
    },
  }),
} as const satisfies Record<string, RouteSpec>;

export type ApiRoutes = typeof API_ROUTES;
export type RouteName = keyof ApiRoutes;

/** `METHOD /path` of a route, the key the coverage check compares. */
export const routeKey = (r: { method: string; path: string }) =>
  `${r.method.toUpperCase()} ${r.path}`;
