// Real PostgreSQL: KIOSK24_TEST_PG if set, else a throwaway cluster (Debian's `postgresql`).
// Here the ten concurrent copies race on separate connections, not one queue as in PGlite.
import { postgresBackend } from './support/backends.ts';
import { defineIntakeSuite } from './support/intake-suite.ts';

defineIntakeSuite(postgresBackend());
