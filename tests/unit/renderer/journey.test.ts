import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import type { SubmitResult } from '../../../contract/kiosk-api.ts';
import {
  currentItem,
  endReason,
  INITIAL_JOURNEY,
  journeyReducer,
  type JourneyAction,
  type JourneyState,
} from '../../../renderer/state/journey.ts';
import { RESIDENT_CARD } from '../../support/resident-card.ts';

const catalog = loadBundledCatalog();
// A card-only item: the face step has its own tests (tests/unit/face, tests/e2e/face.spec.ts).
const code = catalog.items.find((i) => i.name === '城乡居民医保参保登记')!.code;
const card = RESIDENT_CARD;
const result: SubmitResult = {
  trackingCode: 'ABCD-EFGH-JKLM',
  delivery: 'acknowledged',
  receipt: { status: 'printed', message: null },
  document: { status: 'printed', message: null },
};
const run = (actions: JourneyAction[], from: JourneyState = INITIAL_JOURNEY) =>
  actions.reduce(journeyReducer, from);

const toForm: JourneyAction[] = [
  { type: 'start' },
  { type: 'catalogLoaded', catalog },
  { type: 'chooseItem', code },
  { type: 'sessionBegun', sessionId: 'abcdefghijklmnop1234' },
  { type: 'cardAccepted', card, draft: { name: card.name, phone: '' } },
];

describe('journey', () => {
  it('walks attract → items → intro → identify → form → confirm → result → rating → thanks', () => {
    const screens: string[] = [];
    let state = INITIAL_JOURNEY;
    for (const action of [
      ...toForm,
      { type: 'edit', fieldId: 'phone', value: '13912345678' },
      { type: 'formDone', values: { name: card.name, phone: '13912345678' } },
      { type: 'submitted', result },
      { type: 'toRating' },
      { type: 'finished' },
    ] as JourneyAction[]) {
      state = journeyReducer(state, action);
      screens.push(state.screen);
    }
    expect(screens).toEqual([
      'items',
      'items',
      'intro',
      'identify',
      'form',
      'form',
      'confirm',
      'result',
      'rating',
      'thanks',
    ]);
  });

  it('finishing lets go of everything personal and of the session', () => {
    const done = run([
      ...toForm,
      { type: 'formDone', values: { name: card.name } },
      { type: 'submitted', result },
      { type: 'finished' },
    ]);
    expect(done).toEqual({ ...INITIAL_JOURNEY, screen: 'thanks' });
    expect(JSON.stringify(done)).not.toContain(card.name);
  });

  it('ignores a card read that arrives after the citizen left the card step', () => {
    const left = run([...toForm.slice(0, 4), { type: 'sessionDropped' }]);
    expect(left).toMatchObject({ screen: 'intro', sessionId: null });
    const late = journeyReducer(left, toForm[4]!);
    expect(late).toBe(left);
    expect(late.card).toBeNull();
  });

  it('keeps the draft when going back from confirm to the form', () => {
    const back = run([
      ...toForm,
      { type: 'edit', fieldId: 'phone', value: '13912345678' },
      { type: 'formDone', values: { phone: '13912345678' } },
      { type: 'backToForm' },
    ]);
    expect(back.screen).toBe('form');
    expect(back.draft.phone).toBe('13912345678');
    expect(back.values).toBeNull();
  });

  it('turns 大字模式 on for an elder card holder and keeps a manual choice', () => {
    const elder = run([
      ...toForm.slice(0, 4),
      { type: 'cardAccepted', card: { ...card, elder: true }, draft: {} },
    ]);
    expect(elder.elder).toBe(true);
    const chosen = run([{ type: 'elder', on: true }, ...toForm]);
    expect(chosen.elder).toBe(true);
  });

  it('refuses transitions out of order (an unknown item, a submit outside confirm)', () => {
    const items = run(toForm.slice(0, 2));
    expect(journeyReducer(items, { type: 'chooseItem', code: 'NOPE-0000' })).toBe(items);
    expect(journeyReducer(items, { type: 'submitted', result })).toBe(items);
    expect(currentItem(run(toForm.slice(0, 3)))?.code).toBe(code);
  });

  it('ends a session as completed once it is submitted, else as cancelled', () => {
    expect(endReason('form')).toBe('cancelled');
    expect(endReason('confirm')).toBe('cancelled');
    expect(endReason('result')).toBe('completed');
    expect(endReason('rating')).toBe('completed');
  });
});
