// Every call the console makes, typed by the contracts of the areas it administers.
import type {
  AccountCreateRequest,
  AccountUpdateRequest,
  AccountWithPassword,
  AdminAccount,
  AdminSelf,
  AuditPage,
  AuditQuery,
  AuditVerification,
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
} from '../../../contract/admin-api.ts';
import {
  accountPasswordPath,
  accountPath,
  ADMIN_PATHS,
  publicationPath,
  submissionPath,
  submissionStatusPath,
} from '../../../contract/admin-api.ts';
import {
  PUBLISHING_PATHS,
  type CatalogTarget,
  type PublicationSummary,
} from '../../../contract/catalog-publishing.ts';
import {
  ENROLMENT_PATHS,
  type EnrolmentTokenAnswer,
  type EnrolmentTokenRequest,
  type KioskRecord,
} from '../../../contract/enrolment-api.ts';
import {
  FLEET_PATHS,
  fleetKioskPath,
  type FleetAlert,
  type FleetKioskDetail,
  type FleetKioskPage,
  type FleetSummary,
  type RemoteActionKind,
  type RemoteActionRecord,
} from '../../../contract/fleet-api.ts';
import { createHttpClient, fillPath, type FetchLike, type HttpClient } from './http-client.ts';

type Query = Record<string, string | number | undefined>;

export function createConsoleApi(fetchImpl?: FetchLike) {
  const http: HttpClient = createHttpClient(fetchImpl);
  return {
    onSessionEnded: (listener: () => void) => http.onUnauthenticated(listener),
    signIn: (body: SignInRequest) =>
      http.send<AdminSelf>('POST', ADMIN_PATHS.session, body, { unauthorizedIsAnswer: true }),
    whoAmI: () => http.get<AdminSelf>(ADMIN_PATHS.session),
    signOut: () => http.send<null>('DELETE', ADMIN_PATHS.session),
    changePassword: (body: PasswordChangeRequest) =>
      http.send<null>('POST', ADMIN_PATHS.password, body, { unauthorizedIsAnswer: true }),

    currentCatalog: () => http.get<CurrentCatalog>(ADMIN_PATHS.catalogCurrent),
    publications: () => http.get<PublicationSummary[]>(PUBLISHING_PATHS.adminPublications),
    publication: (version: number) => http.get<PublicationContent>(publicationPath(version)),
    publish: (body: {
      catalog: Record<string, unknown>;
      target: CatalogTarget;
      validForDays: number;
    }) => http.send<PublicationSummary>('POST', PUBLISHING_PATHS.adminPublications, body),

    fleetSummary: () => http.get<FleetSummary>(FLEET_PATHS.adminSummary),
    fleetKiosks: (query: Query = {}) => http.get<FleetKioskPage>(FLEET_PATHS.adminKiosks, query),
    fleetKiosk: (kioskId: string) =>
      http.get<FleetKioskDetail>(fleetKioskPath(FLEET_PATHS.adminKiosk, kioskId)),
    fleetAlerts: (query: Query = {}) => http.get<FleetAlert[]>(FLEET_PATHS.adminAlerts, query),
    remoteAction: (kioskId: string, kind: RemoteActionKind) =>
      http.send<RemoteActionRecord>('POST', fleetKioskPath(FLEET_PATHS.adminActions, kioskId), {
        kind,
      }),

    enrolledKiosks: () => http.get<KioskRecord[]>(ENROLMENT_PATHS.adminKiosks),
    createEnrolmentToken: (body: EnrolmentTokenRequest) =>
      http.send<EnrolmentTokenAnswer>('POST', ENROLMENT_PATHS.adminTokens, body),
    revokeKiosk: (kioskId: string) =>
      http.send<KioskRecord>('POST', fillPath(ENROLMENT_PATHS.adminRevoke, { kioskId })),

    submissions: (query: SubmissionQuery) =>
      http.get<SubmissionPage>(ADMIN_PATHS.submissions, query as Query),
    submission: (trackingCode: string) => http.get<SubmissionDetail>(submissionPath(trackingCode)),
    changeStatus: (trackingCode: string, body: StatusChangeRequest) =>
      http.send<SubmissionDetail>('POST', submissionStatusPath(trackingCode), body),

    statistics: (query: StatisticsQuery = {}) =>
      http.get<Statistics>(ADMIN_PATHS.statistics, query as Query),
    audit: (query: AuditQuery = {}) => http.get<AuditPage>(ADMIN_PATHS.audit, query as Query),
    auditVerification: () => http.get<AuditVerification>(ADMIN_PATHS.auditVerification),

    accounts: () => http.get<AdminAccount[]>(ADMIN_PATHS.accounts),
    createAccount: (body: AccountCreateRequest) =>
      http.send<AccountWithPassword>('POST', ADMIN_PATHS.accounts, body),
    updateAccount: (username: string, body: AccountUpdateRequest) =>
      http.send<AdminAccount>('PATCH', accountPath(username), body),
    resetAccountPassword: (username: string) =>
      http.send<AccountWithPassword>('POST', accountPasswordPath(username)),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
