// What a kiosk pulls back after intake: the status changes of its own submissions (受理 accepted,
// 办结 completed, 退回 returned), after a cursor it keeps, so a citizen can check progress at the
// kiosk. Tracking codes and statuses only: no personal data leaves the centre this way.
import type { StatusFeedPage } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import type { StatusFeedRepository } from '../repositories/status-feed-repository.ts';

export interface StatusFeedService {
  page(kioskId: string, after: string, limit?: number): Promise<StatusFeedPage>;
}

export const MAX_FEED_PAGE = 500;

export function createStatusFeedService(repo: StatusFeedRepository): StatusFeedService {
  return {
    async page(kioskId, after, limit = 200) {
      if (!/^\d{1,19}$/.test(after) || BigInt(after) > 9_223_372_036_854_775_807n) {
        throw new CentralError(
          'invalid',
          'invalid-cursor',
          'after must be a cursor from this feed',
        );
      }
      const size = Math.min(Math.max(1, Math.trunc(limit)), MAX_FEED_PAGE);
      // One more than asked tells whether there is more without a count.
      const rows = await repo.after(kioskId, after, size + 1);
      const events = rows.slice(0, size);
      return {
        events: events.map((e) => ({
          trackingCode: e.trackingCode,
          status: e.status as StatusFeedPage['events'][number]['status'],
          at: e.at,
        })),
        cursor: events.at(-1)?.seq ?? after,
        more: rows.length > size,
      };
    },
  };
}
