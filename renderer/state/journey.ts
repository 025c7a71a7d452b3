// One citizen's way through the screens, as a pure reducer. The whole state is per session: the
// screen drops it by remounting the flow (a new key), so there is no "reset" action here, and
// `finished` already lets go of everything personal while the thank-you shows.
import type { Catalog, Item } from '../../catalog/schema.ts';
import type { CardPerson } from '../../contract/identity.ts';
import type { SubmitResult } from '../../contract/kiosk-api.ts';

export type Screen =
  | 'attract'
  | 'items'
  | 'intro'
  | 'identify'
  | 'face'
  | 'form'
  | 'confirm'
  | 'result'
  | 'rating'
  | 'thanks';

export interface JourneyState {
  screen: Screen;
  /** Fetched for each session and dropped with it (it is data of this visit only). */
  catalog: Catalog | null;
  itemCode: string | null;
  sessionId: string | null;
  card: CardPerson | null;
  /** What the citizen has typed or chosen so far (kept when going back from confirm). */
  draft: Record<string, string>;
  /** The validated values shown on the confirm screen and sent on submit. */
  values: Record<string, string> | null;
  result: SubmitResult | null;
  /** 大字模式: the citizen's choice, or on by itself for a card holder of 65 or over. */
  elder: boolean;
}

export type JourneyAction =
  | { type: 'start' }
  | { type: 'catalogLoaded'; catalog: Catalog }
  | { type: 'chooseItem'; code: string }
  | { type: 'backToItems' }
  | { type: 'sessionBegun'; sessionId: string }
  | { type: 'sessionDropped' }
  | { type: 'cardAccepted'; card: CardPerson; draft: Record<string, string> }
  | { type: 'faceVerified' }
  | { type: 'edit'; fieldId: string; value: string }
  | { type: 'formDone'; values: Record<string, string> }
  | { type: 'backToForm' }
  | { type: 'submitted'; result: SubmitResult }
  | { type: 'toRating' }
  | { type: 'finished' }
  | { type: 'elder'; on: boolean };

export const INITIAL_JOURNEY: JourneyState = {
  screen: 'attract',
  catalog: null,
  itemCode: null,
  sessionId: null,
  card: null,
  draft: {},
  values: null,
  result: null,
  elder: false,
};

export function journeyReducer(state: JourneyState, action: JourneyAction): JourneyState {
  switch (action.type) {
    case 'start':
      return state.screen === 'attract' ? { ...state, screen: 'items' } : state;
    case 'catalogLoaded':
      return { ...state, catalog: action.catalog };
    case 'chooseItem':
      if (state.screen !== 'items' || !state.catalog?.items.some((i) => i.code === action.code)) {
        return state;
      }
      return { ...state, screen: 'intro', itemCode: action.code };
    case 'backToItems':
      return state.screen === 'intro' ? { ...state, screen: 'items', itemCode: null } : state;
    case 'sessionBegun':
      if (state.screen !== 'intro') return state;
      return { ...state, screen: 'identify', sessionId: action.sessionId };
    case 'sessionDropped':
      // Leaving the card step before a card was accepted: the host session was ended.
      if (state.screen !== 'identify') return state;
      return { ...state, screen: 'intro', sessionId: null };
    case 'cardAccepted':
      // A read that finishes after the citizen left the card step is ignored.
      if (state.screen !== 'identify') return state;
      return {
        ...state,
        // An item that needs 实人核验 goes through the face step first.
        screen: needsFace(currentItem(state)) ? 'face' : 'form',
        card: action.card,
        draft: action.draft,
        elder: state.elder || action.card.elder,
      };
    case 'faceVerified':
      return state.screen === 'face' ? { ...state, screen: 'form' } : state;
    case 'edit':
      if (state.screen !== 'form') return state;
      return { ...state, draft: { ...state.draft, [action.fieldId]: action.value } };
    case 'formDone':
      if (state.screen !== 'form') return state;
      return { ...state, screen: 'confirm', values: action.values };
    case 'backToForm':
      return state.screen === 'confirm' ? { ...state, screen: 'form', values: null } : state;
    case 'submitted':
      if (state.screen !== 'confirm') return state;
      return { ...state, screen: 'result', result: action.result };
    case 'toRating':
      return state.screen === 'result' ? { ...state, screen: 'rating' } : state;
    case 'finished':
      return { ...INITIAL_JOURNEY, screen: 'thanks', elder: state.elder };
    case 'elder':
      return { ...state, elder: action.on };
  }
}

export function currentItem(state: JourneyState): Item | null {
  if (!state.catalog || !state.itemCode) return null;
  return state.catalog.items.find((i) => i.code === state.itemCode) ?? null;
}

export function needsFace(item: Item | null): boolean {
  return item?.identity.level === 'id-card-and-face';
}

/** Screens on which what the citizen entered would be lost by leaving. */
export function holdsEntries(screen: Screen): boolean {
  return screen === 'form' || screen === 'confirm';
}

/** Once submitted, leaving ends the session as completed rather than cancelled. */
export function endReason(screen: Screen): 'completed' | 'cancelled' {
  return screen === 'result' || screen === 'rating' || screen === 'thanks'
    ? 'completed'
    : 'cancelled';
}
