// 账号管理 (account-admin) on embedded PGlite.
import { pgliteMemory } from './support/backends.ts';
import { defineAdminAccountsSuite } from './support/admin-accounts-suite.ts';

defineAdminAccountsSuite(pgliteMemory);
