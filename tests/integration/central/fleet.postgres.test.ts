// Real PostgreSQL: KIOSK24_TEST_PG if set, else a throwaway cluster (Debian's `postgresql`).
import { postgresBackend } from './support/backends.ts';
import { defineFleetSuite } from './support/fleet-suite.ts';

defineFleetSuite(postgresBackend());
