// 发布: who gets the draft (all kiosks, districts, a list, a share of the fleet) and for how long.
// Kiosks verify the signed catalog and switch to it between two citizens' sessions.
import { useState } from 'react';
import type { Catalog } from '../../../../catalog/schema.ts';
import type { PublicationSummary } from '../../../../contract/catalog-publishing.ts';
import type { ConsoleApi } from '../../api/console-api.ts';
import {
  buildTarget,
  EMPTY_TARGET_INPUT,
  parseValidDays,
  type TargetInput,
  type TargetKind,
} from '../../state/publish-target.ts';
import { DoneNote, ErrorNote } from '../parts.tsx';
import { useAction } from '../use-load.ts';

const KINDS: { value: TargetKind; label: string }[] = [
  { value: 'all', label: '全部终端' },
  { value: 'districts', label: '指定区' },
  { value: 'kiosks', label: '指定终端' },
  { value: 'percentage', label: '按比例（灰度发布）' },
];

export function PublishPanel(props: {
  api: ConsoleApi;
  draft: Catalog;
  changes: string[];
  blocked: string | null;
  canPublish: boolean;
  onPublished(summary: PublicationSummary): void;
}) {
  const { api, draft, changes, blocked, canPublish, onPublished } = props;
  const [input, setInput] = useState<TargetInput>(EMPTY_TARGET_INPUT);
  const [days, setDays] = useState('30');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const publish = () => {
    setProblem(null);
    const target = buildTarget(input);
    if (!target.ok) return setProblem(target.error);
    const validForDays = parseValidDays(days);
    if (validForDays === null) return setProblem('有效期应为 1 到 366 天');
    void action
      .run(() =>
        api.publish({
          catalog: draft as unknown as Record<string, unknown>,
          target: target.target,
          validForDays,
        }),
      )
      .then((summary) => summary && onPublished(summary));
  };

  const reason = !canPublish ? '需要“事项目录编辑”角色才能发布' : blocked;
  return (
    <section className="panel" aria-labelledby="publish-title">
      <h2 id="publish-title">发布</h2>
      <p>
        {changes.length === 0
          ? '与当前版本相比没有改动（也可以原样重新发布）。'
          : `本次改动：${changes.join('、')}`}
      </p>
      <fieldset className="checks">
        <legend>发布范围</legend>
        {KINDS.map((k) => (
          <label className="check" key={k.value}>
            <input
              type="radio"
              name="publish-target"
              value={k.value}
              checked={input.kind === k.value}
              onChange={() => setInput({ ...input, kind: k.value })}
            />
            {k.label}
          </label>
        ))}
      </fieldset>
      {input.kind === 'districts' && (
        <label className="field">
          <span>区（多个用逗号或顿号分隔）</span>
          <input
            value={input.districts}
            onChange={(e) => setInput({ ...input, districts: e.target.value })}
          />
        </label>
      )}
      {input.kind === 'kiosks' && (
        <label className="field">
          <span>终端编号（每行一个，或用逗号分隔）</span>
          <textarea
            rows={3}
            value={input.kioskIds}
            onChange={(e) => setInput({ ...input, kioskIds: e.target.value })}
          />
        </label>
      )}
      {input.kind === 'percentage' && (
        <label className="field">
          <span>终端比例（%）</span>
          <input
            type="number"
            min={1}
            max={100}
            value={input.percent}
            onChange={(e) => setInput({ ...input, percent: e.target.value })}
          />
        </label>
      )}
      <label className="field">
        <span>有效期（天）</span>
        <input
          type="number"
          min={1}
          max={366}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
      </label>
      <ErrorNote error={problem ?? action.error} />
      <DoneNote text={action.done} />
      {reason && <p className="muted">{reason}</p>}
      <button
        type="button"
        className="btn btn-primary"
        disabled={action.busy || reason !== null}
        onClick={publish}
      >
        {action.busy ? '正在发布…' : '发布'}
      </button>
    </section>
  );
}
