import { expect, it } from 'vitest';
import { canMoveTo } from '../../../central/services/status-transitions.ts';

it('moves received → accepted → completed or returned, and never back', () => {
  expect(canMoveTo('received', 'accepted')).toBe(true);
  expect(canMoveTo('received', 'completed')).toBe(true); // 即办件
  expect(canMoveTo('received', 'returned')).toBe(true);
  expect(canMoveTo('accepted', 'completed')).toBe(true);
  expect(canMoveTo('accepted', 'returned')).toBe(true);
  expect(canMoveTo('accepted', 'received')).toBe(false);
  for (const final of ['completed', 'returned'] as const) {
    for (const to of ['received', 'accepted', 'completed', 'returned'] as const) {
      expect(canMoveTo(final, to)).toBe(false);
    }
  }
});
