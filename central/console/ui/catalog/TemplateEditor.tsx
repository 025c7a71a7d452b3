// A4 document templates (published with the items): title, issuer, sections of rows whose values
// may hold {{placeholders}} of the document data, and footer lines. The schema names an unknown
// placeholder, so a template never prints a blank where a value was meant.
import type { DocumentTemplate } from '../../../../catalog/schema.ts';
import { TEMPLATE_DATA_PATHS } from '../../../../catalog/schema.ts';
import { linesToList, linesToRows, listToLines, rowsToLines } from '../../state/catalog-edit.ts';
import { Group, issueAt, TextInput, type Issues } from './inputs.tsx';

export function TemplateEditor(props: {
  template: DocumentTemplate;
  index: number;
  issues: Issues;
  disabled: boolean;
  onChange(t: DocumentTemplate): void;
}) {
  const { template, index, issues, disabled, onChange } = props;
  const at = (...path: (string | number)[]) => issueAt(issues, ['templates', index, ...path]);
  const sectionProblem = (j: number) =>
    issues.find(
      (i) =>
        i.path[0] === 'templates' &&
        i.path[1] === index &&
        i.path[2] === 'sections' &&
        i.path[3] === j,
    )?.message ?? null;
  return (
    <div className="editor" role="region" aria-label={`编辑文书模板：${template.title}`}>
      <Group legend="文书信息">
        <div className="grid">
          <TextInput
            label="模板标识"
            value={template.id}
            problem={at('id')}
            disabled={disabled}
            onChange={(v) => onChange({ ...template, id: v })}
          />
          <TextInput
            label="标题"
            value={template.title}
            problem={at('title')}
            disabled={disabled}
            onChange={(v) => onChange({ ...template, title: v })}
          />
          <TextInput
            label="副标题（可不填）"
            value={template.subtitle ?? ''}
            disabled={disabled}
            onChange={(v) => {
              const { subtitle: _s, ...rest } = template;
              onChange(v ? { ...rest, subtitle: v } : rest);
            }}
          />
          <TextInput
            label="出具单位"
            value={template.issuer}
            problem={at('issuer')}
            disabled={disabled}
            onChange={(v) => onChange({ ...template, issuer: v })}
          />
        </div>
      </Group>
      {template.sections.map((section, j) => (
        <Group key={j} legend={`第${j + 1}部分${section.heading ? `：${section.heading}` : ''}`}>
          <TextInput
            label="小标题（可不填）"
            value={section.heading ?? ''}
            disabled={disabled}
            onChange={(v) => {
              const { heading: _h, ...rest } = section;
              const next = v ? { ...rest, heading: v } : rest;
              onChange({
                ...template,
                sections: template.sections.map((s, k) => (k === j ? next : s)),
              });
            }}
          />
          <TextInput
            label="内容行（每行“标签 | 值”）"
            multiline
            wide
            canonical={(t) => rowsToLines(linesToRows(t))}
            value={rowsToLines(section.rows)}
            problem={sectionProblem(j)}
            disabled={disabled}
            onChange={(v) =>
              onChange({
                ...template,
                sections: template.sections.map((s, k) =>
                  k === j ? { ...s, rows: linesToRows(v) } : s,
                ),
              })
            }
          />
        </Group>
      ))}
      <Group legend="页脚">
        <TextInput
          label="页脚（每行一条）"
          multiline
          wide
          canonical={(t) => listToLines(linesToList(t))}
          value={listToLines(template.footer)}
          problem={at('footer')}
          disabled={disabled}
          onChange={(v) => onChange({ ...template, footer: linesToList(v) })}
        />
      </Group>
      <p className="hint">
        可用占位符：{TEMPLATE_DATA_PATHS.map((p) => `{{${p}}}`).join(' ')}，以及使用本模板的事项的
        {'{{form.字段标识}}'}
      </p>
    </div>
  );
}
