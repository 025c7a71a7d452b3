// 账号管理 (account-admin) on real PostgreSQL: KIOSK24_TEST_PG if set, else a throwaway cluster.
import { postgresBackend } from './support/backends.ts';
import { defineAdminAccountsSuite } from './support/admin-accounts-suite.ts';

defineAdminAccountsSuite(postgresBackend());
