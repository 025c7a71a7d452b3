// 请将身份证放在感应区: asks the host to read the card, again and again, while this screen is
// shown. The first accepted card moves the citizen on to the form, pre-filled from it.
import { useEffect, useRef, useState } from 'react';
import type { Item } from '../../../catalog/schema.ts';
import type { CardPerson } from '../../../contract/identity.ts';
import { initialDraft } from '../../state/form-model.ts';
import { acceptedCardsText } from '../../state/item-facts.ts';
import { todayInShanghai } from '../../state/shanghai-date.ts';
import { citizenMessage } from '../errors.ts';
import { useFlow } from '../kiosk-context.ts';
import { WarningIcon } from '../parts/Icons.tsx';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';

const WAIT_MS = 3000;
/** Pause after a failed read, so a faulty reader is not hammered. */
const AFTER_ERROR_MS = 1500;

type ReadState =
  { kind: 'waiting' } | { kind: 'error'; message: string } | { kind: 'refused'; message: string };

export function IdentifyScreen(props: {
  item: Item;
  sessionId: string;
  onCard(card: CardPerson, draft: Record<string, string>): void;
  onLeave(): void;
}) {
  const { item, sessionId, onCard, onLeave } = props;
  const { api, status } = useFlow();
  const [read, setRead] = useState<ReadState>({ kind: 'waiting' });
  const [round, setRound] = useState(0);
  const onCardRef = useRef(onCard);
  useEffect(() => {
    onCardRef.current = onCard;
  }, [onCard]);
  const servicePoint = status.servicePoint;

  useEffect(() => {
    let active = true;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const poll = async () => {
      while (active) {
        let outcome;
        try {
          outcome = await api['session.readCard']({ sessionId, waitMs: WAIT_MS });
        } catch (err) {
          if (!active) return;
          setRead({ kind: 'error', message: citizenMessage(err) });
          await pause(AFTER_ERROR_MS);
          continue;
        }
        if (!active) return;
        switch (outcome.outcome) {
          case 'card': {
            const ctx = { card: outcome.card, servicePoint, today: todayInShanghai(new Date()) };
            onCardRef.current(outcome.card, initialDraft(item, ctx));
            return;
          }
          case 'refused':
            // The refused card itself is not kept: only the host's explanation.
            setRead({ kind: 'refused', message: outcome.message });
            return;
          case 'error':
            setRead({ kind: 'error', message: outcome.message });
            await pause(AFTER_ERROR_MS);
            break;
          case 'no-card':
            setRead((r) => (r.kind === 'waiting' ? r : { kind: 'waiting' }));
            break;
        }
      }
    };
    void poll();
    return () => {
      active = false;
    };
  }, [api, sessionId, item, servicePoint, round]);

  const retry = () => {
    setRead({ kind: 'waiting' });
    setRound((r) => r + 1);
  };

  return (
    <ScreenFrame
      name="identify"
      title="请将身份证放在感应区"
      subtitle={item.name}
      actions={
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="identify-back"
          onClick={onLeave}
        >
          返回
        </button>
      }
    >
      <CardReaderPicture />
      {read.kind === 'refused' ? (
        <div className="notice notice--error" role="alert">
          <p className="notice-head">
            <WarningIcon />
            无法使用此证件办理
          </p>
          <p>{read.message}</p>
          <div className="notice-actions">
            <button type="button" className="btn btn-secondary" onClick={onLeave}>
              返回
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="identify-retry"
              onClick={retry}
            >
              重新读卡
            </button>
          </div>
        </div>
      ) : (
        <div className="identify-help">
          <p className="identify-status" role="status" aria-live="polite">
            {read.kind === 'error' ? (
              <>
                <WarningIcon />
                {read.message}。正在重试…
              </>
            ) : (
              '正在等待读取证件…'
            )}
          </p>
          <ul className="bullets">
            <li>将证件平放在屏幕下方的感应区，不要移动，听到提示音后即可拿起</li>
            <li>可使用：{acceptedCardsText(item)}</li>
            <li>读取的信息只用于本次办理，退出后自动清除</li>
          </ul>
        </div>
      )}
    </ScreenFrame>
  );
}

/** A card settling onto the reader, drawn and animated with CSS (no external image). */
function CardReaderPicture() {
  return (
    <div className="reader-picture" aria-hidden="true">
      <svg viewBox="0 0 400 300" className="reader-svg" focusable="false">
        <rect x="60" y="170" width="280" height="110" rx="18" fill="#27313f" />
        <rect x="90" y="185" width="220" height="70" rx="10" fill="#3d4a5c" />
        <path
          d="M165 220a35 35 0 0 1 70 0M180 220a20 20 0 0 1 40 0"
          fill="none"
          stroke="#9fd0ff"
          strokeWidth="6"
          strokeLinecap="round"
          className="reader-waves"
        />
        <g className="reader-card">
          <rect
            x="110"
            y="40"
            width="180"
            height="112"
            rx="12"
            fill="#f4f7fb"
            stroke="#0b4f9c"
            strokeWidth="5"
          />
          <rect x="128" y="62" width="44" height="56" rx="6" fill="#c9d6e8" />
          <rect x="186" y="66" width="86" height="10" rx="5" fill="#8aa0bb" />
          <rect x="186" y="88" width="70" height="10" rx="5" fill="#8aa0bb" />
          <rect x="128" y="128" width="144" height="10" rx="5" fill="#8aa0bb" />
        </g>
      </svg>
    </div>
  );
}
