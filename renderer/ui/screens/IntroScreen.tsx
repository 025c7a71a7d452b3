// What the citizen is about to do: who handles it, what it costs, how long it takes, what is
// needed and what they will take home. 开始办理 opens a session at the host.
import { useState } from 'react';
import { ITEM_TYPE_LABEL, type Catalog, type Item } from '../../../catalog/schema.ts';
import { citizenMessage } from '../errors.ts';
import { useFlow } from '../kiosk-context.ts';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';
import { outputsText, timeLimitText } from '../../state/item-facts.ts';

const MATERIAL_SOURCE: Record<Item['materials'][number]['source'], string> = {
  'id-card': '读取身份证即可，无需复印件',
  scan: '需在本机扫描',
  'e-licence': '由政府部门调取电子证照，无需提供',
  form: '在本机填写',
  none: '',
};

export function IntroScreen(props: {
  item: Item;
  catalog: Catalog;
  onBack(): void;
  onBegun(sessionId: string): void;
}) {
  const { item, catalog, onBack, onBegun } = props;
  const { api } = useFlow();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const begin = () => {
    setBusy(true);
    setError(null);
    api['session.begin']({ itemCode: item.code }).then(
      ({ sessionId }) => onBegun(sessionId),
      (err: unknown) => {
        setBusy(false);
        setError(citizenMessage(err));
      },
    );
  };

  const outputs = outputsText(item, catalog);
  return (
    <ScreenFrame
      name="intro"
      title={item.name}
      subtitle={item.department}
      actions={
        <>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="intro-back"
            onClick={onBack}
          >
            返回
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="item-start"
            disabled={busy}
            onClick={begin}
          >
            {busy ? '请稍候…' : '开始办理'}
          </button>
        </>
      }
    >
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <dl className="facts">
        <div className="fact">
          <dt>事项类型</dt>
          <dd>
            <span className="badge">{ITEM_TYPE_LABEL[item.type]}</span>
          </dd>
        </div>
        <div className="fact">
          <dt>办理时限</dt>
          <dd>{timeLimitText(item)}</dd>
        </div>
        <div className="fact">
          <dt>收费标准</dt>
          <dd>{item.fee}</dd>
        </div>
        <div className="fact">
          <dt>跑动次数</dt>
          <dd>{item.visits === 0 ? '0次（不用跑窗口）' : `${item.visits}次`}</dd>
        </div>
        <div className="fact">
          <dt>办理机构</dt>
          <dd>{item.implementingBody}</dd>
        </div>
      </dl>

      {outputs.length > 0 && (
        <section className="panel" aria-labelledby="intro-outputs">
          <h2 id="intro-outputs" className="section-title">
            办完可获得
          </h2>
          <ul className="bullets">
            {outputs.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </section>
      )}

      {item.conditions.length > 0 && (
        <section className="panel" aria-labelledby="intro-conditions">
          <h2 id="intro-conditions" className="section-title">
            办理条件
          </h2>
          <ul className="bullets">
            {item.conditions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="panel" aria-labelledby="intro-materials">
        <h2 id="intro-materials" className="section-title">
          所需材料
        </h2>
        <ul className="bullets">
          {item.materials.map((m) => (
            <li key={m.id}>
              {m.name}
              {!m.required && <span className="muted">（如有）</span>}
              {(m.note ?? MATERIAL_SOURCE[m.source]) && (
                <span className="muted">：{m.note ?? MATERIAL_SOURCE[m.source]}</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      {item.offline.policy === 'online-only' ? (
        <p className="notice">本事项需要联网办理。{item.offline.note ?? ''}</p>
      ) : (
        item.offline.note && <p className="notice">{item.offline.note}</p>
      )}
    </ScreenFrame>
  );
}
