// One citizen's session, from the attract screen to the thank-you. Everything personal lives in
// this component's state; App remounts it (new key) to wipe the session.
import { useCallback, useMemo, useReducer, useState, type ReactNode } from 'react';
import {
  SESSION_TOUCH_EVERY_MS,
  type KioskApi,
  type KioskStatus,
} from '../../contract/kiosk-api.ts';
import type { ConnectionState } from '../rpc/ws-transport.ts';
import {
  currentItem,
  endReason,
  holdsEntries,
  INITIAL_JOURNEY,
  journeyReducer,
} from '../state/journey.ts';
import { citizenMessage } from './errors.ts';
import { FlowContext, type FlowChrome } from './kiosk-context.ts';
import { ConfirmDialog } from './parts/ConfirmDialog.tsx';
import { ConnectionBanner } from './parts/ConnectionBanner.tsx';
import { IdleGuard } from './parts/IdleGuard.tsx';
import { AttractScreen } from './screens/AttractScreen.tsx';
import { ConfirmScreen } from './screens/ConfirmScreen.tsx';
import { FaceScreen } from './screens/FaceScreen.tsx';
import { FormScreen } from './screens/FormScreen.tsx';
import { IdentifyScreen } from './screens/IdentifyScreen.tsx';
import { IntroScreen } from './screens/IntroScreen.tsx';
import { ItemsScreen } from './screens/ItemsScreen.tsx';
import { RatingScreen } from './screens/RatingScreen.tsx';
import { ResultScreen } from './screens/ResultScreen.tsx';
import { ThanksScreen } from './screens/ThanksScreen.tsx';

export function SessionFlow(props: {
  api: KioskApi;
  status: KioskStatus | null;
  linkState: ConnectionState;
  hasToken: boolean;
  onWipe(): void;
}) {
  const { api, status, linkState, hasToken, onWipe } = props;
  const [state, dispatch] = useReducer(journeyReducer, INITIAL_JOURNEY);
  const [busy, setBusy] = useState(false);
  const [askExit, setAskExit] = useState(false);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const { screen, sessionId } = state;

  const endSession = useCallback(
    (reason: 'completed' | 'idle' | 'cancelled') => {
      // The host forgets the card too; the screen does not wait for it (errors are moot here).
      if (sessionId) api['session.end']({ sessionId, reason }).catch(() => undefined);
      onWipe();
    },
    [api, sessionId, onWipe],
  );

  const loadCatalog = useCallback(() => {
    setCatalogError(null);
    api['catalog.current']({}).then(
      (catalog) => dispatch({ type: 'catalogLoaded', catalog }),
      (err: unknown) => setCatalogError(citizenMessage(err)),
    );
  }, [api]);

  const start = useCallback(() => {
    dispatch({ type: 'start' });
    loadCatalog();
  }, [loadCatalog]);

  const chrome = useMemo<FlowChrome | null>(
    () =>
      status && {
        api,
        status,
        elder: state.elder,
        setElder: (on) => dispatch({ type: 'elder', on }),
        exit: () => (holdsEntries(screen) ? setAskExit(true) : endSession(endReason(screen))),
      },
    [api, status, state.elder, screen, endSession],
  );

  const item = currentItem(state);
  let body: ReactNode = null;
  if (!chrome || screen === 'attract') {
    body = (
      <AttractScreen
        status={status}
        linkState={linkState}
        hasToken={hasToken}
        elder={state.elder}
        onElder={(on) => dispatch({ type: 'elder', on })}
        onStart={start}
      />
    );
  } else if (screen === 'items') {
    body = (
      <ItemsScreen
        catalog={state.catalog}
        error={catalogError}
        onRetry={loadCatalog}
        onChoose={(code) => dispatch({ type: 'chooseItem', code })}
      />
    );
  } else if (screen === 'thanks') {
    body = <ThanksScreen onDone={onWipe} />;
  } else if (item && state.catalog) {
    switch (screen) {
      case 'intro':
        body = (
          <IntroScreen
            item={item}
            catalog={state.catalog}
            onBack={() => dispatch({ type: 'backToItems' })}
            onBegun={(id) => dispatch({ type: 'sessionBegun', sessionId: id })}
          />
        );
        break;
      case 'identify':
        body = sessionId && (
          <IdentifyScreen
            item={item}
            sessionId={sessionId}
            onCard={(card, draft) => dispatch({ type: 'cardAccepted', card, draft })}
            onLeave={() => {
              api['session.end']({ sessionId, reason: 'cancelled' }).catch(() => undefined);
              dispatch({ type: 'sessionDropped' });
            }}
          />
        );
        break;
      case 'face':
        body = sessionId && (
          <FaceScreen
            item={item}
            sessionId={sessionId}
            onVerified={() => dispatch({ type: 'faceVerified' })}
          />
        );
        break;
      case 'form':
        body = state.card && (
          <FormScreen
            item={item}
            card={state.card}
            draft={state.draft}
            onEdit={(fieldId, value) => dispatch({ type: 'edit', fieldId, value })}
            onDone={(values) => dispatch({ type: 'formDone', values })}
          />
        );
        break;
      case 'confirm':
        body = sessionId && state.values && (
          <ConfirmScreen
            item={item}
            sessionId={sessionId}
            values={state.values}
            onBusy={setBusy}
            onBack={() => dispatch({ type: 'backToForm' })}
            onSubmitted={(result) => dispatch({ type: 'submitted', result })}
          />
        );
        break;
      case 'result':
        body = state.result && (
          <ResultScreen
            item={item}
            catalog={state.catalog}
            result={state.result}
            onDone={() => dispatch({ type: 'toRating' })}
          />
        );
        break;
      case 'rating':
        body = sessionId && (
          <RatingScreen
            sessionId={sessionId}
            onBusy={setBusy}
            onFinished={() => dispatch({ type: 'finished' })}
          />
        );
        break;
    }
  }

  const idleWatched = chrome !== null && screen !== 'attract' && screen !== 'thanks' && !busy;
  return (
    <div className={state.elder ? 'kiosk kiosk--elder' : 'kiosk'}>
      <ConnectionBanner linkState={linkState} />
      {chrome ? <FlowContext.Provider value={chrome}>{body}</FlowContext.Provider> : body}
      {status && (
        <IdleGuard
          enabled={idleWatched}
          idleSeconds={status.session.idleSeconds}
          countdownSeconds={status.session.countdownSeconds}
          onExpire={() => endSession('idle')}
          onEndNow={() => endSession(endReason(screen))}
          activityEveryMs={SESSION_TOUCH_EVERY_MS}
          onActivity={() => {
            if (!sessionId) return false;
            api['session.touch']({ sessionId }).catch(() => undefined);
            return true;
          }}
        />
      )}
      {askExit && (
        <ConfirmDialog
          title="确定退出吗？"
          message="退出后，您已填写的信息将被清除，需要重新办理。"
          confirmLabel="退出办理"
          cancelLabel="继续办理"
          onConfirm={() => endSession(endReason(screen))}
          onCancel={() => setAskExit(false)}
        />
      )}
    </div>
  );
}
