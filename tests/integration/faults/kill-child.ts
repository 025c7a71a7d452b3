// The kiosk process of the SIGKILL loop (sigkill-loop.test.ts), run as
//   node --import tsx tests/integration/faults/kill-child.ts work|drain
// with KIOSK24_DIR, KIOSK24_CENTRAL and KIOSK24_KIOSK_ID in the environment. It opens the real
// outbox and sync engine against the real central platform and, in `work` mode, commits
// submissions and tries to deliver them as the screen does, until the parent kills it. It prints
// "committed KEY CODE" only after enqueue returned: what a citizen would have been told.
// In `drain` mode it delivers what is queued and exits, printing the outbox's counts.
import { writeSync } from 'node:fs';
import { openKiosk } from './kiosk-under-test.ts';

const [mode] = process.argv.slice(2);
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const say = (line: string) => writeSync(1, `${line}\n`); // synchronous: no buffered lines lost

const kiosk = openKiosk({
  dir: env('KIOSK24_DIR'),
  centralUrl: env('KIOSK24_CENTRAL'),
  kioskId: env('KIOSK24_KIOSK_ID'),
  chunkBytes: 1024,
  backoff: { baseMs: 10, maxMs: 100 },
});
kiosk.engine.start();
say('ready');

if (mode === 'drain') {
  const until = Date.now() + 60_000;
  while (kiosk.outbox.pending() > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const counts = kiosk.outbox.counts();
  await kiosk.close();
  say(`drained ${JSON.stringify(counts)}`);
  process.exit(counts.pending === 0 && counts.parked === 0 ? 0 : 1);
} else {
  for (;;) {
    const req = kiosk.enqueue(Math.random() < 0.3 ? 2000 + Math.floor(Math.random() * 6000) : 0);
    say(`committed ${req.idempotencyKey} ${req.trackingCode}`);
    await kiosk.engine.deliverNow(req.idempotencyKey, 20);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
  }
}
