// Admin API on real PostgreSQL: KIOSK24_TEST_PG if set, else a throwaway cluster.
import { postgresBackend } from './support/backends.ts';
import { defineAdminSuite } from './support/admin-suite.ts';

defineAdminSuite(postgresBackend());
