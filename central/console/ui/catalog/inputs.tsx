// Labelled inputs for the editor. Each shows the schema's complaint about its own path, so an
// admin sees the problem where it is; the full list is above the editor as well.
import { useId, useState, type ReactNode } from 'react';
import type { EditIssue } from '../../state/catalog-edit.ts';

export type Issues = readonly EditIssue[];

const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]) =>
  a.length === b.length && a.every((k, i) => k === b[i]);

export function issueAt(issues: Issues, path: readonly (string | number)[]): string | null {
  return issues.find((i) => samePath(i.path, path))?.message ?? null;
}

function Problem(props: { text: string | null; id: string }) {
  return props.text ? (
    <span className="field-error" id={props.id}>
      {props.text}
    </span>
  ) : null;
}

export function TextInput(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  problem?: string | null;
  disabled?: boolean;
  hint?: string;
  multiline?: boolean;
  wide?: boolean;
  /**
   * For a text parsed into a list: the text `value` stands for. While the admin's own text means
   * the same (a trailing new line, a blank line being typed), their text stays on screen.
   */
  canonical?: (text: string) => string;
}) {
  const id = useId();
  const [typed, setTyped] = useState(props.value);
  const shown = props.canonical && props.canonical(typed) === props.value ? typed : props.value;
  const change = (text: string) => {
    setTyped(text);
    props.onChange(text);
  };
  const problem = props.problem ?? null;
  const common = {
    id,
    value: shown,
    disabled: props.disabled,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? `${id}-error` : undefined,
  } as const;
  return (
    <div className={props.wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => change(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => change(e.target.value)} />
      )}
      {props.hint && <span className="hint">{props.hint}</span>}
      <Problem text={problem} id={`${id}-error`} />
    </div>
  );
}

export function NumberInput(props: {
  label: string;
  value: number | undefined;
  onChange(value: number | undefined): void;
  problem?: string | null;
  disabled?: boolean;
  step?: number;
  hint?: string;
}) {
  const id = useId();
  const problem = props.problem ?? null;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        step={props.step ?? 1}
        value={props.value ?? ''}
        disabled={props.disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {props.hint && <span className="hint">{props.hint}</span>}
      <Problem text={problem} id={`${id}-error`} />
    </div>
  );
}

export function SelectInput<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
  problem?: string | null;
  disabled?: boolean;
}) {
  const id = useId();
  const problem = props.problem ?? null;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Problem text={problem} id={`${id}-error`} />
    </div>
  );
}

export function CheckInput(props: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

export function Group(props: { legend: string; children: ReactNode; className?: string }) {
  return (
    <fieldset className={props.className ?? 'group'}>
      <legend>{props.legend}</legend>
      {props.children}
    </fieldset>
  );
}
