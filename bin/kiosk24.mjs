#!/usr/bin/env node
// The `kiosk24` command. TypeScript runs through tsx's loader, so there is no build step
// between a technician's checkout and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
