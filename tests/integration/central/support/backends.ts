// The databases the central tests run against: embedded PGlite always; PostgreSQL when
// KIOSK24_TEST_PG names a server (postgres://…), otherwise a throwaway cluster from Debian's
// binaries when `postgresql` is installed. Each test uses fresh random keys, tracking codes and
// kiosk ids, so a shared server may hold rows from earlier runs.
import {
  findPostgresBinDir,
  startTestPostgres,
} from '../../../../central/testing/start-test-postgres.ts';

export interface Backend {
  name: string;
  /** Why it is skipped, or null when it can run here. */
  unavailable: string | null;
  /** A `db` option for startCentral/openDatabase. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export const pgliteMemory: Backend = {
  name: 'pglite',
  unavailable: null,
  start: async () => 'pglite:memory',
  stop: async () => {},
};

export function postgresBackend(): Backend {
  const external = process.env.KIOSK24_TEST_PG;
  if (external) {
    return {
      name: 'postgres (KIOSK24_TEST_PG)',
      unavailable: null,
      start: async () => external,
      stop: async () => {},
    };
  }
  let cluster: Awaited<ReturnType<typeof startTestPostgres>> | null = null;
  return {
    name: 'postgres (throwaway cluster)',
    unavailable: findPostgresBinDir()
      ? null
      : 'PostgreSQL is not installed (apt-get install postgresql) and KIOSK24_TEST_PG is not set',
    async start() {
      cluster = await startTestPostgres();
      console.log(`throwaway PostgreSQL ready in ${cluster.startMs} ms at ${cluster.url}`);
      return cluster.url;
    },
    async stop() {
      await cluster?.stop();
      cluster = null;
    },
  };
}

export const backends: Backend[] = [pgliteMemory, postgresBackend()];
