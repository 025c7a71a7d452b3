// The item's form, generic over the catalog's field list: what the card says (locked), what the
// kiosk knows (pre-filled), and what the citizen adds. Checked with the host's own rules.
import { useMemo, useState } from 'react';
import type { FormField, Item } from '../../../catalog/schema.ts';
import type { CardPerson } from '../../../contract/identity.ts';
import { checkDraft, fieldViews, type FieldView } from '../../state/form-model.ts';
import { todayInShanghai } from '../../state/shanghai-date.ts';
import { useFlow } from '../kiosk-context.ts';
import { CheckIcon, WarningIcon } from '../parts/Icons.tsx';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';

const inputId = (fieldId: string) => `form-field-${fieldId}`;

export function FormScreen(props: {
  item: Item;
  card: CardPerson;
  draft: Record<string, string>;
  onEdit(fieldId: string, value: string): void;
  onDone(values: Record<string, string>): void;
}) {
  const { item, card, draft, onEdit, onDone } = props;
  const { status } = useFlow();
  const [today] = useState(() => todayInShanghai(new Date()));
  const [showErrors, setShowErrors] = useState(false);
  const ctx = useMemo(
    () => ({ card, servicePoint: status.servicePoint, today }),
    [card, status.servicePoint, today],
  );
  const views = fieldViews(item, ctx);
  const check = checkDraft(item, draft, ctx);
  const errors = showErrors ? check.errors : {};
  const fromCard = views.filter((v) => v.mode === 'card-locked');
  const rest = views.filter((v) => v.mode !== 'card-locked');

  const next = () => {
    if (check.valid) {
      onDone(check.values);
      return;
    }
    setShowErrors(true);
    const first = views.find((v) => check.errors[v.field.id]);
    const target = first && document.getElementById(inputId(first.field.id));
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: 'center' });
  };

  const errorCount = Object.keys(errors).length;
  return (
    <ScreenFrame
      name="form"
      title="请填写申请信息"
      subtitle={item.name}
      actions={
        <button type="button" className="btn btn-primary" data-testid="form-next" onClick={next}>
          下一步
        </button>
      }
    >
      {fromCard.length > 0 && (
        <section className="panel panel--card" aria-labelledby="form-card-title">
          <h2 id="form-card-title" className="section-title">
            <CheckIcon />
            已读取您的证件信息（不可修改）
          </h2>
          <dl className="card-facts">
            {fromCard.map(({ field, lockedValue }) => (
              <div className="fact" key={field.id}>
                <dt>{field.label}</dt>
                <dd data-testid={`field-${field.id}`}>{lockedValue}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {errorCount > 0 && (
        <p className="notice notice--error" role="alert">
          <WarningIcon />
          还有{errorCount}项需要填写或修改，请查看标出的项目。
        </p>
      )}

      <div className="fields">
        {rest.map((view) => (
          <Field
            key={view.field.id}
            view={view}
            value={draft[view.field.id] ?? ''}
            error={errors[view.field.id]}
            onChange={(value) => onEdit(view.field.id, value)}
          />
        ))}
      </div>
    </ScreenFrame>
  );
}

function Field(props: {
  view: FieldView;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const { view, value, error, onChange } = props;
  const { field } = view;
  const id = inputId(field.id);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [field.help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ');
  const label = (
    <>
      {field.label}
      <span className="field-need">{field.required ? '（必填）' : '（选填）'}</span>
    </>
  );
  const help = field.help && (
    <p className="field-help" id={helpId}>
      {field.help}
    </p>
  );
  const problem = error && (
    <p className="field-error" id={errorId}>
      <WarningIcon />
      {error}
    </p>
  );

  if (field.kind === 'select' && view.mode === 'editable') {
    return (
      <div className={error ? 'field field--invalid' : 'field'}>
        <p className="field-label" id={`${id}-label`}>
          {label}
        </p>
        {help}
        <div
          className="options"
          role="radiogroup"
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy || undefined}
          aria-invalid={error ? true : undefined}
        >
          {(field.options ?? []).map((option, i) => {
            const chosen = option.value === value;
            return (
              <button
                key={option.value}
                id={i === 0 ? id : undefined}
                type="button"
                role="radio"
                aria-checked={chosen}
                className={chosen ? 'btn option option--chosen' : 'btn option'}
                data-testid={`field-${field.id}-option-${option.value}`}
                onClick={() => onChange(option.value)}
              >
                <span className="option-mark" aria-hidden="true">
                  {chosen ? '✓' : ''}
                </span>
                {option.label}
              </button>
            );
          })}
        </div>
        {problem}
      </div>
    );
  }

  const common = {
    id,
    value,
    className: 'input',
    autoComplete: 'off',
    spellCheck: false,
    'data-testid': `field-${field.id}`,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required,
  } as const;
  const locked = view.mode === 'locked';
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
        {locked && <span className="field-need">（自动填写）</span>}
      </label>
      {help}
      {locked ? (
        <input {...common} type="text" value={view.lockedValue ?? value} readOnly />
      ) : field.kind === 'textarea' ? (
        <textarea
          {...common}
          rows={3}
          maxLength={field.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...common}
          type={inputType(field)}
          inputMode={inputMode(field)}
          maxLength={field.kind === 'date' ? undefined : field.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {problem}
    </div>
  );
}

function inputType(field: FormField): string {
  if (field.kind === 'date') return 'date';
  if (field.kind === 'phone') return 'tel';
  return 'text';
}

function inputMode(field: FormField): 'tel' | 'numeric' | 'text' {
  if (field.kind === 'phone') return 'tel';
  if (field.kind === 'number') return 'numeric';
  return 'text';
}
