// The admin side of the central platform (issue 6): what the admin console (central/console/) and
// scripts call. Browser-safe: zod and plain data only.
//
// Authentication: the console signs in (`ADMIN_PATHS.session`) and the centre sets an HttpOnly,
// SameSite=Strict cookie on Path=/api/v1/admin; scripts send `Authorization: Bearer <token>`
// instead. Every non-GET request authenticated by the cookie must carry `x-kiosk24-console: 1`
// (CONSOLE_HEADER), and so must sign-in and sign-out: a cross-site form cannot set a header, so a
// missing one is refused with 403. Requests with a bearer token need no such header.
// Errors are `{ error, message }` (contract/central-api.ts ApiError): 401 not signed in or session
// expired, 403 `admin-role-required` ("this action needs the ROLE role") or `console-header-required`,
// 429 with Retry-After (too many attempts; also `admin-locked` for a username).
//
// Other admin paths the console uses live with their areas: ENROLMENT_PATHS (tokens, kiosks,
// revoke) in enrolment-api.ts, PUBLISHING_PATHS (publish, list, keys, roots) in
// catalog-publishing.ts, and the fleet paths in fleet-api.ts.
import { z } from 'zod';
import { PublicationSummary } from './catalog-publishing.ts';
import { Applicant, SubmissionStatus, TrackingCode } from './central-api.ts';

/** Send with value "1" on every mutating request authenticated by the session cookie. */
export const CONSOLE_HEADER = 'x-kiosk24-console';
/** The console's session cookie (HttpOnly, SameSite=Strict), sent back to the admin API only. */
export const ADMIN_SESSION_COOKIE = 'kiosk24_admin';
export const ADMIN_SESSION_COOKIE_PATH = '/api/v1/admin';

/**
 * catalog-editor: items, templates, publishing, signing keys. fleet-operator: enrolment tokens,
 * revocation, remote actions. auditor: reads only (incl. the audit log). case-officer (窗口受理人员):
 * the only role that sees unmasked applicant data and changes a submission's status.
 * Every admin may read (GET) everything else.
 */
export const ADMIN_ROLE_NAMES = [
  'catalog-editor',
  'fleet-operator',
  'auditor',
  'case-officer',
] as const;
export const AdminRole = z.enum(ADMIN_ROLE_NAMES);
export type AdminRole = z.infer<typeof AdminRole>;

export const Username = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/);
export const MIN_PASSWORD_LENGTH = 12;
export const Password = z.string().min(MIN_PASSWORD_LENGTH).max(256);

// ---- session ----------------------------------------------------------------------------------

export const SignInRequest = z.object({
  username: z.string().min(1).max(64),
  /** Not checked for length here: a too-short password is simply wrong. */
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/** Who is signed in (answer of sign-in and of "who am I"). */
export const AdminSelf = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(AdminRole),
});
export type AdminSelf = z.infer<typeof AdminSelf>;

export const PasswordChangeRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>;

// ---- audit log --------------------------------------------------------------------------------

export const AuditEntry = z.object({
  /** Position in the log (bigint as decimal text). */
  seq: z.string(),
  at: z.string(),
  /** Admin username, 'admin-token' for the bearer token, or 'anonymous' (failed sign-in etc.). */
  actor: z.string(),
  /** Method and route pattern, e.g. "POST /api/v1/admin/submissions/:trackingCode/status". */
  action: z.string(),
  /** The route's parameters, e.g. { trackingCode: "…" }. */
  target: z.record(z.string(), z.string()),
  /** HTTP status of the answer. */
  status: z.number().int(),
  /** Short note the action added (e.g. "published version 12"); never personal data. */
  detail: z.string().nullable(),
  ip: z.string().nullable(),
  /** SHA-256 (hex) over the previous entry's hash and this entry's fields. */
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** GET audit query string; all optional. */
export const AuditQuery = z.object({
  actor: z.string().max(64).optional(),
  /** Substring of the action, e.g. "/session" or "POST". */
  action: z.string().max(200).optional(),
  /** "ok" = 2xx/3xx, "refused" = 4xx/5xx. */
  outcome: z.enum(['ok', 'refused']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** `next` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** Newest first; `next` is null on the last page. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), next: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Entries checked. */
  checked: z.number().int(),
  /** seq of the first entry whose hash does not match (edited, inserted or removed before it). */
  brokenAt: z.string().nullable(),
  /** Hash of the newest entry: keep it elsewhere to detect removal of the newest entries. */
  head: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

// ---- submissions inbox ------------------------------------------------------------------------

/** Applicant as every admin sees it: masked name and ID number (contract/masking.ts). */
export const MaskedApplicant = z.object({
  cardType: Applicant.shape.cardType,
  name: z.string(),
  idNumber: z.string(),
});
export type MaskedApplicant = z.infer<typeof MaskedApplicant>;

export const SubmissionSummary = z.object({
  trackingCode: TrackingCode,
  kioskId: z.string(),
  itemCode: z.string(),
  catalogVersion: z.number().int(),
  status: SubmissionStatus,
  submittedAt: z.string(),
  receivedAt: z.string(),
  statusChangedAt: z.string(),
  applicant: MaskedApplicant,
});
export type SubmissionSummary = z.infer<typeof SubmissionSummary>;

/** GET submissions query string; all optional. from/to bound submittedAt. */
export const SubmissionQuery = z.object({
  status: SubmissionStatus.optional(),
  itemCode: z.string().max(64).optional(),
  kioskId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SubmissionQuery = z.input<typeof SubmissionQuery>;

/** Newest received first. */
export const SubmissionPage = z.object({
  submissions: z.array(SubmissionSummary),
  next: z.string().nullable(),
});
export type SubmissionPage = z.infer<typeof SubmissionPage>;

export const StatusHistoryEntry = z.object({
  status: SubmissionStatus,
  at: z.string(),
  /** Username of the case officer; null for changes made outside the console. */
  by: z.string().nullable(),
  /** The officer's note; null when masked (not a case officer) or none was given. */
  note: z.string().nullable(),
});
export type StatusHistoryEntry = z.infer<typeof StatusHistoryEntry>;

export const SubmissionDetail = SubmissionSummary.extend({
  /** false: the full applicant and form (case-officer); true: masked, form hidden. */
  masked: z.boolean(),
  /** Full Applicant for a case officer, else MaskedApplicant. */
  applicant: z.union([Applicant, MaskedApplicant]),
  /** The form as submitted; null when masked. */
  form: z.record(z.string(), z.string()).nullable(),
  identityMethod: z.string(),
  history: z.array(StatusHistoryEntry),
});
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

/** 受理 accepted, 办结 completed, 退回 returned: the codes of the kiosks' status feed. */
export const StatusChangeRequest = z.object({
  status: z.enum(['accepted', 'completed', 'returned']),
  note: z.string().max(500).optional(),
});
export type StatusChangeRequest = z.infer<typeof StatusChangeRequest>;

// ---- statistics -------------------------------------------------------------------------------

/** Default: the last 30 days. Transactions count by submittedAt, ratings by ratedAt. */
export const StatisticsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

const Count = z.number().int().min(0);
/** Counts of levels 1..5, index 0 = level 1 (非常不满意) … index 4 = level 5 (非常满意). */
export const LevelCounts = z.array(Count).length(5);

export const Statistics = z.object({
  from: z.string(),
  to: z.string(),
  transactions: z.object({
    total: Count,
    perItem: z.array(z.object({ itemCode: z.string(), count: Count })),
    perKiosk: z.array(z.object({ kioskId: z.string(), count: Count })),
    /** Calendar days in China Standard Time (UTC+8), "YYYY-MM-DD", ascending. */
    perDay: z.array(z.object({ day: z.string(), count: Count })),
  }),
  ratings: z.object({
    total: Count,
    levels: LevelCounts,
    perItem: z.array(z.object({ itemCode: z.string(), levels: LevelCounts })),
    /** Reasons given with 差评 (levels 1–2), most frequent first. */
    badReasons: z.array(z.object({ reason: z.string(), count: Count })),
  }),
});
export type Statistics = z.infer<typeof Statistics>;

// ---- catalog content for the editor ------------------------------------------------------------

export const CurrentCatalog = z.object({
  version: z.number().int(),
  /** 'published': the newest publication's content; 'bundled': none yet, the shipped catalog. */
  source: z.enum(['published', 'bundled']),
  /** A catalog (catalog/schema.ts). */
  catalog: z.record(z.string(), z.unknown()),
});
export type CurrentCatalog = z.infer<typeof CurrentCatalog>;

export const PublicationContent = z.object({
  summary: PublicationSummary,
  catalog: z.record(z.string(), z.unknown()),
});
export type PublicationContent = z.infer<typeof PublicationContent>;

// ---- paths ------------------------------------------------------------------------------------

export const ADMIN_PATHS = {
  /**
   * POST SignInRequest, open (rate-limited per IP, locked per username after 10 failures in
   * 15 min) → 200 AdminSelf + session cookie; 401 `sign-in-failed` for unknown user or wrong
   * password alike. GET, any admin → AdminSelf. DELETE, any admin → 204, cookie cleared.
   */
  session: '/api/v1/admin/session',
  /** POST PasswordChangeRequest, any admin signed in with a session → 204; 401 wrong current. */
  password: '/api/v1/admin/password',
  /** GET ?AuditQuery, any admin → AuditPage. */
  audit: '/api/v1/admin/audit',
  /** GET, any admin → AuditVerification (walks the whole hash chain). */
  auditVerification: '/api/v1/admin/audit/verification',
  /** GET ?SubmissionQuery, any admin → SubmissionPage (applicants always masked). */
  submissions: '/api/v1/admin/submissions',
  /** GET, any admin → SubmissionDetail (unmasked for case-officer only); 404 unknown code. */
  submission: '/api/v1/admin/submissions/:trackingCode',
  /**
   * POST StatusChangeRequest, case-officer → SubmissionDetail; 409 `status-transition` for a
   * move the life cycle forbids (e.g. from completed). Kiosks get it through their status feed.
   */
  submissionStatus: '/api/v1/admin/submissions/:trackingCode/status',
  /** GET ?StatisticsQuery, any admin → Statistics. */
  statistics: '/api/v1/admin/statistics',
  /** GET, any admin → CurrentCatalog. */
  catalogCurrent: '/api/v1/admin/catalog/current',
  /** GET, any admin → PublicationContent; 404 unknown version. */
  publication: '/api/v1/admin/catalog/publications/:version',
} as const;

export const submissionPath = (trackingCode: string) =>
  `/api/v1/admin/submissions/${encodeURIComponent(trackingCode)}`;
export const submissionStatusPath = (trackingCode: string) =>
  `${submissionPath(trackingCode)}/status`;
export const publicationPath = (version: number) => `/api/v1/admin/catalog/publications/${version}`;
