// 好差评: five levels as large buttons; a 差评 asks what went wrong. Submitting (or skipping)
// ends the session; a rating that cannot be saved never keeps the citizen here.
import { useId, useState } from 'react';
import {
  BAD_RATING_REASONS,
  COMMENT_MAX,
  isBadRating,
  RATING_LEVELS,
  ratingInput,
  type RatingLevel,
} from '../../state/rating.ts';
import { useFlow } from '../kiosk-context.ts';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';
import { Spinner } from '../parts/Spinner.tsx';

export function RatingScreen(props: {
  sessionId: string;
  onBusy(busy: boolean): void;
  onFinished(): void;
}) {
  const { sessionId, onBusy, onFinished } = props;
  const { api } = useFlow();
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const commentId = useId();

  const finish = async (rated: boolean) => {
    setSending(true);
    onBusy(true);
    if (rated && level !== null) {
      await api['session.rate']({ sessionId, ...ratingInput(level, reasons, comment) }).catch(
        () => undefined,
      );
    }
    await api['session.end']({ sessionId, reason: 'completed' }).catch(() => undefined);
    onBusy(false);
    onFinished();
  };

  const toggleReason = (reason: string) =>
    setReasons((rs) => (rs.includes(reason) ? rs.filter((r) => r !== reason) : [...rs, reason]));

  return (
    <ScreenFrame
      name="rating"
      title="请您对本次服务进行评价"
      subtitle="好差评：您的评价将帮助我们改进服务"
      actions={
        <>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="rating-skip"
            disabled={sending}
            onClick={() => void finish(false)}
          >
            跳过
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="rating-submit"
            disabled={sending || level === null}
            onClick={() => void finish(true)}
          >
            提交评价
          </button>
        </>
      }
    >
      <div className="rating-levels" role="radiogroup" aria-label="满意程度">
        {RATING_LEVELS.map(({ level: value, label }) => {
          const chosen = value === level;
          return (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={chosen}
              className={
                chosen ? `btn rate rate--${value} rate--chosen` : `btn rate rate--${value}`
              }
              data-testid={`rate-${value}`}
              onClick={() => setLevel(value)}
            >
              <Face level={value} />
              <span className="rate-label">{label}</span>
              <span className="option-mark" aria-hidden="true">
                {chosen ? '✓ 已选' : ''}
              </span>
            </button>
          );
        })}
      </div>

      {level !== null && isBadRating(level) && (
        <section className="panel" aria-labelledby="rating-why">
          <h2 id="rating-why" className="section-title">
            很抱歉没能让您满意，请告诉我们原因（可多选）
          </h2>
          <div className="options">
            {BAD_RATING_REASONS.map((reason) => {
              const chosen = reasons.includes(reason);
              return (
                <button
                  key={reason}
                  type="button"
                  role="checkbox"
                  aria-checked={chosen}
                  className={chosen ? 'btn option option--chosen' : 'btn option'}
                  data-testid={`rating-reason-${reason}`}
                  onClick={() => toggleReason(reason)}
                >
                  <span className="option-mark" aria-hidden="true">
                    {chosen ? '✓' : ''}
                  </span>
                  {reason}
                </button>
              );
            })}
          </div>
          <label className="field-label" htmlFor={commentId}>
            其他意见<span className="field-need">（选填）</span>
          </label>
          <textarea
            id={commentId}
            className="input"
            rows={3}
            maxLength={COMMENT_MAX}
            value={comment}
            autoComplete="off"
            data-testid="rating-comment"
            onChange={(e) => setComment(e.target.value)}
          />
        </section>
      )}
      {sending && <Spinner label="正在提交，请稍候…" />}
    </ScreenFrame>
  );
}

/** A face from smiling to frowning; the label beside it says the same in words. */
function Face({ level }: { level: RatingLevel }) {
  const mouth = {
    5: 'M15 29c4 6 14 6 18 0',
    4: 'M16 30c4 3 12 3 16 0',
    3: 'M16 31h16',
    2: 'M16 33c4-3 12-3 16 0',
    1: 'M15 35c4-6 14-6 18 0',
  }[level];
  return (
    <svg className="face" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" strokeWidth="3" />
      <circle cx="17" cy="19" r="2.5" fill="currentColor" />
      <circle cx="31" cy="19" r="2.5" fill="currentColor" />
      <path d={mouth} fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
