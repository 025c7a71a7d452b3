import path from 'node:path';
import type { Verb } from './main.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { untilSignal } from './wait-for-signal.ts';

export const centralVerb: Verb = {
  usage: `Usage: kiosk24 central [--port N] [--db URL] [--host ADDR]

  --port N     port to listen on (default 8025)
  --db URL     postgres://USER:PASS@HOST/DB for a real deployment,
               pglite:DIR for an embedded database kept in DIR (default .kiosk24/central),
               pglite:memory for a throwaway one
  --host ADDR  address to bind (default 127.0.0.1)`,
  async run(args) {
    const { values } = parseFlags(args, {
      port: { type: 'string' },
      db: { type: 'string' },
      host: { type: 'string' },
    });
    const db = values.db ?? `pglite:${path.resolve('.kiosk24', 'central')}`;
    if (!/^(postgres(ql)?:\/\/|pglite:)/.test(db)) {
      throw new UsageError(`--db must be postgres://… or pglite:DIR or pglite:memory, got "${db}"`);
    }
    const { startCentral } = await import('../central/index.ts');
    const central = await startCentral({
      port: portFlag(values.port) ?? 8025,
      host: values.host ?? '127.0.0.1',
      db,
    });
    console.log(`kiosk24 central: listening on ${central.url} (database ${db.startsWith('pglite:') ? db : 'postgres'})`);
    await untilSignal();
    await central.close();
    return 0;
  },
};
