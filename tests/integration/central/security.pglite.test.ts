import { pgliteMemory } from './support/backends.ts';
import { defineSecuritySuite } from './support/security-suite.ts';

defineSecuritySuite(pgliteMemory);
