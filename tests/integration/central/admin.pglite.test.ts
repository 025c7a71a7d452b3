// Admin API on embedded PGlite.
import { pgliteMemory } from './support/backends.ts';
import { defineAdminSuite } from './support/admin-suite.ts';

defineAdminSuite(pgliteMemory);
