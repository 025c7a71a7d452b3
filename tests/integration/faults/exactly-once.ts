// The one verdict every fault test ends with, counted at the central platform: each submission
// the kiosk committed is recorded there exactly once (with its attachments complete and intact),
// there is nothing else from this kiosk, and nothing is left pending or parked at the kiosk.
import { expect } from 'vitest';
import type { CentralPlatform } from '../../../central/index.ts';
import type { AttachmentRef } from '../../../contract/central-api.ts';
import type { Outbox } from '../../../offline-cache/index.ts';

export interface Committed {
  idempotencyKey: string;
  trackingCode: string;
  attachments?: AttachmentRef[] | undefined;
}

export async function expectExactlyOnce(
  central: CentralPlatform,
  kioskId: string,
  committed: readonly Committed[],
  outbox: Outbox,
): Promise<void> {
  const counts = outbox.counts();
  expect(counts.pending, 'nothing stuck pending at the kiosk').toBe(0);
  expect(counts.parked, 'nothing parked at the kiosk').toBe(0);
  const svc = central.services;
  // Everything the kiosk holds is at the centre once, and the centre holds nothing else from it.
  expect(await svc.submissions.count({ kioskId })).toBe(counts.acknowledged);
  for (const c of committed) {
    expect(await svc.submissions.count({ trackingCode: c.trackingCode }), c.trackingCode).toBe(1);
    const stored = await svc.submissions.get(c.trackingCode);
    expect(stored?.idempotencyKey).toBe(c.idempotencyKey);
    for (const ref of c.attachments ?? []) {
      const [held] = (await svc.attachments.list(kioskId, c.idempotencyKey)).filter(
        (u) => u.attachmentId === ref.id,
      );
      expect(held, `${c.trackingCode} ${ref.id}`).toMatchObject({
        complete: true,
        size: ref.size,
        sha256: ref.sha256,
        received: ref.size,
      });
    }
  }
}
