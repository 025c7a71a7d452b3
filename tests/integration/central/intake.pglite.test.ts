import { pgliteMemory } from './support/backends.ts';
import { defineIntakeSuite } from './support/intake-suite.ts';

defineIntakeSuite(pgliteMemory);
