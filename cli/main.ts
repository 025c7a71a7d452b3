// Entry of the `kiosk24` command: one verb per module, each with its own --help.
import { UsageError } from './usage-error.ts';

export interface Verb {
  usage: string;
  run(args: string[]): Promise<number>;
}

// Verb modules load lazily: `kiosk24 sim` must not pay for the central platform's database.
const VERBS: Record<string, { summary: string; load: () => Promise<Verb> }> = {
  start: {
    summary: 'run the kiosk (simulated devices and an embedded central platform by default)',
    load: async () => (await import('./verb-start.ts')).startVerb,
  },
  central: {
    summary: 'run the central platform (embedded database, or PostgreSQL with --db)',
    load: async () => (await import('./verb-central.ts')).centralVerb,
  },
  sim: {
    summary: 'run device simulators (ID-card reader on a pty, virtual receipt printer)',
    load: async () => (await import('./verb-sim.ts')).simVerb,
  },
  device: {
    summary: 'technician checks: read one ID card (device read-card), reader SAM status',
    load: async () => (await import('./verb-device.ts')).deviceVerb,
  },
  print: {
    summary: 'technician: test receipt, certificate PDF, A4 via CUPS (print test-receipt|…)',
    load: async () => (await import('./verb-print.ts')).printVerb,
  },
  printer: {
    summary: 'technician: printer status as JSON (printer status --printer URI)',
    load: async () => (await import('./verb-printer.ts')).printerVerb,
  },
  queue: {
    summary: 'technician: the outbox (queue status --json, queue list, queue retry ID)',
    load: async () => (await import('./verb-queue.ts')).queueVerb,
  },
  sync: {
    summary: 'technician: deliver queued submissions now (sync now)',
    load: async () => (await import('./verb-sync.ts')).syncVerb,
  },
};

function help(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  return [
    'kiosk24 — software of a 24-hour self-service government kiosk (政务服务一体机)',
    '',
    'Usage: kiosk24 <command> [options]',
    '',
    'Commands:',
    ...Object.entries(VERBS).map(([name, verb]) => `  ${name.padEnd(width)}  ${verb.summary}`),
    '',
    'Run `kiosk24 <command> --help` for the options of a command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verbName, ...rest] = argv;
  if (!verbName || verbName === '--help' || verbName === '-h' || verbName === 'help') {
    console.log(help());
    return verbName ? 0 : 2;
  }
  if (verbName === '--version') {
    const { softwareVersion } = await import('./version.ts');
    console.log(softwareVersion());
    return 0;
  }
  const entry = Object.hasOwn(VERBS, verbName) ? VERBS[verbName] : undefined;
  if (!entry) {
    console.error(`kiosk24: unknown command "${verbName}"\n\n${help()}`);
    return 2;
  }
  const verb = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${entry.summary}\n\n${verb.usage}`);
    return 0;
  }
  try {
    return await verb.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(
        `kiosk24 ${verbName}: ${err.message}\nRun \`kiosk24 ${verbName} --help\` for usage.`,
      );
      return 2;
    }
    console.error(`kiosk24 ${verbName}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
