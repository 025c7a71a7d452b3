// Real PostgreSQL: KIOSK24_TEST_PG if set, else a throwaway cluster (Debian's `postgresql`).
import { postgresBackend } from '../central/support/backends.ts';
import { definePublishingSuite } from './support/publishing-suite.ts';

definePublishingSuite(postgresBackend());
