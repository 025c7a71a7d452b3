// 终端预览: the steps a citizen will go through for the item, and the form screen as the kiosk lays
// it out (card facts locked, kiosk facts filled in, the rest to type or choose). Inputs are inert.
import { useState } from 'react';
import type { Catalog, Item } from '../../../../catalog/schema.ts';
import { flowSteps, previewFields, type PreviewStep } from '../../state/flow-preview.ts';

export function FlowPreview(props: { item: Item; catalog: Catalog }) {
  const { item, catalog } = props;
  const steps = flowSteps(item, catalog);
  const [chosen, setChosen] = useState<PreviewStep['id']>('form');
  const step = steps.find((s) => s.id === chosen) ?? steps[0]!;
  return (
    <section className="preview" aria-label="终端预览">
      <h2>终端预览</h2>
      <ol className="preview-steps">
        {steps.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className={s.id === step.id ? 'step step--current' : 'step'}
              aria-pressed={s.id === step.id}
              onClick={() => setChosen(s.id)}
            >
              {i + 1}. {s.title}
            </button>
          </li>
        ))}
      </ol>
      <div className="kiosk-frame" role="group" aria-label={`预览：${step.title}`}>
        <div className="kiosk-frame-head">
          <strong>{step.id === 'form' ? '请填写申请信息' : step.title}</strong>
          <span>{item.name}</span>
        </div>
        {step.id === 'form' ? (
          <FormPreview item={item} />
        ) : (
          <ul className="kiosk-lines">
            {step.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function FormPreview(props: { item: Item }) {
  const fields = previewFields(props.item);
  const fromCard = fields.filter((f) => f.mode === 'card');
  const rest = fields.filter((f) => f.mode !== 'card');
  return (
    <div className="kiosk-form" data-testid="preview-form">
      {fromCard.length > 0 && (
        <div className="kiosk-card-panel">
          <p className="kiosk-card-title">已读取您的证件信息（不可修改）</p>
          <dl>
            {fromCard.map(({ field, shownAs }) => (
              <div key={field.id}>
                <dt>{field.label}</dt>
                <dd>{shownAs}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {rest.map(({ field, mode, shownAs }) => (
        <div className="kiosk-field" key={field.id}>
          <p className="kiosk-field-label">
            {field.label}
            <span className="kiosk-need">
              {mode === 'kiosk' ? '（自动填写）' : field.required ? '（必填）' : '（选填）'}
            </span>
          </p>
          {field.help && <p className="kiosk-help">{field.help}</p>}
          {field.kind === 'select' && mode === 'input' ? (
            <div className="kiosk-options">
              {(field.options ?? []).map((o) => (
                <span className="kiosk-option" key={o.value}>
                  {o.label}
                </span>
              ))}
            </div>
          ) : (
            <span className="kiosk-input">{shownAs ?? ''}</span>
          )}
        </div>
      ))}
    </div>
  );
}
