import { pgliteMemory } from '../central/support/backends.ts';
import { definePublishingSuite } from './support/publishing-suite.ts';

definePublishingSuite(pgliteMemory);
