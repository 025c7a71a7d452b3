// `kiosk24 sync now`: one delivery pass at once, ignoring the backoff, and what it did. Through
// the running kiosk when there is one; otherwise this process drains the outbox itself.
import { centralClient } from '../host/adapters/submission-queue.ts';
import { SyncEngine, type SyncReport } from '../offline-cache/index.ts';
import type { Verb } from './main.ts';
import { parseFlags, UsageError } from './usage-error.ts';
import {
  askKiosk,
  DATA_DIR_FLAGS,
  DATA_DIR_USAGE,
  outboxAccess,
  writeOutbox,
} from './verb-queue.ts';

const usage = `Usage: kiosk24 sync now [--json] [--data-dir DIR] [--config FILE]

Delivers what is queued now, ignoring the backoff, and pulls status changes from the central
platform. While the kiosk runs it does so itself; otherwise this command does.

  --json            machine-readable report
${DATA_DIR_USAGE}

Exit status: 0 the pass ran through, 1 the central platform failed or was not reached (the
items stay queued and are tried again), or the outbox could not be opened.`;

function print(report: SyncReport, via: string): void {
  const c = report.counts;
  console.log(
    [
      `sync (${via}): ${report.acknowledged} delivered, ${report.parked} parked, ` +
        `${report.retried} failed attempt(s) to be retried`,
      `queue: ${c.pending} pending, ${c.parked} parked, ${c.acknowledged} acknowledged`,
      ...(report.statusEvents > 0 ? [`status changes pulled: ${report.statusEvents}`] : []),
      ...(report.halted ? [`central platform: ${report.lastError ?? 'not reached'}`] : []),
      ...(c.parked > 0 ? ['parked items: kiosk24 queue list --state parked'] : []),
    ].join('\n'),
  );
}

export const syncVerb: Verb = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'now')
      throw new UsageError(sub ? `unknown sync command "${sub}"` : 'sync needs a command: now');
    const { values } = parseFlags(rest, { ...DATA_DIR_FLAGS, json: { type: 'boolean' } });
    const access = outboxAccess(values);
    let via = 'running kiosk';
    let report = await askKiosk<SyncReport>(access, { op: 'sync' });
    if (!report) {
      via = 'this command';
      report = await writeOutbox(access, async (outbox) => {
        const engine = new SyncEngine({
          outbox,
          client: centralClient(access.config),
          log: () => {},
          retentionMs: access.config.outbox.retentionHours * 3600_000,
        });
        try {
          return await engine.syncNow();
        } finally {
          await engine.stop();
        }
      });
    }
    if (values.json) console.log(JSON.stringify({ via, ...report }));
    else print(report, via);
    return report.halted ? 1 : 0;
  },
};
