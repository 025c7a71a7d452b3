// One item's editor: texts, identity requirement, materials, form fields, outputs and offline
// policy, as catalog/schema.ts describes them. Every change goes straight into the draft catalog;
// the schema's issues come back at the input they concern.
import type { Catalog, CardType, FormField, Item, Material } from '../../../../catalog/schema.ts';
import {
  linesToList,
  linesToOptions,
  listToLines,
  moveEntry,
  newField,
  newMaterial,
  optionsToLines,
  removeEntry,
  updateEntry,
} from '../../state/catalog-edit.ts';
import { CARD_TYPE_NAME, MATERIAL_SOURCE_NAME } from '../../state/flow-preview.ts';
import {
  CheckInput,
  Group,
  issueAt,
  NumberInput,
  SelectInput,
  TextInput,
  type Issues,
} from './inputs.tsx';

const FIELD_KIND = [
  { value: 'text', label: '文本' },
  { value: 'textarea', label: '多行文本' },
  { value: 'select', label: '选项' },
  { value: 'date', label: '日期' },
  { value: 'phone', label: '手机号码' },
  { value: 'number', label: '数字' },
] as const;

/** A field's prefill as one choice: none, a card field, a kiosk fact, or a constant. */
const PREFILL_CHOICES = [
  { value: '', label: '无（本人填写）' },
  { value: 'card:name', label: '证件：姓名' },
  { value: 'card:idNumber', label: '证件：证件号码' },
  { value: 'card:gender', label: '证件：性别' },
  { value: 'card:nation', label: '证件：民族' },
  { value: 'card:birthDate', label: '证件：出生日期' },
  { value: 'card:address', label: '证件：住址' },
  { value: 'card:englishName', label: '证件：英文姓名' },
  { value: 'card:cardType', label: '证件：证件类型' },
  { value: 'card:nationality', label: '证件：国籍' },
  { value: 'kiosk:district', label: '终端：所在区' },
  { value: 'kiosk:street', label: '终端：所在街道' },
  { value: 'kiosk:servicePoint', label: '终端：服务点名称' },
  { value: 'kiosk:today', label: '终端：当天日期' },
  { value: 'constant', label: '固定值' },
] as const;
type PrefillChoice = (typeof PREFILL_CHOICES)[number]['value'];

function prefillChoice(field: FormField): PrefillChoice {
  const p = field.prefill;
  if (!p) return '';
  if (p.from === 'constant') return 'constant';
  return `${p.from}:${p.field}` as PrefillChoice;
}

function withPrefill(field: FormField, choice: PrefillChoice): FormField {
  const { prefill: _old, ...rest } = field;
  if (choice === '') return rest;
  if (choice === 'constant') {
    return {
      ...rest,
      prefill: { from: 'constant', value: _old?.from === 'constant' ? _old.value : '' },
    };
  }
  const [from, name] = choice.split(':') as ['card' | 'kiosk', string];
  return { ...rest, prefill: { from, field: name } as FormField['prefill'] };
}

/** Sets or removes an optional property (an empty text removes it). */
function optional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const out = { ...obj };
  if (value === undefined || value === '') delete out[key];
  else out[key] = value;
  return out;
}

export function ItemEditor(props: {
  item: Item;
  catalog: Catalog;
  issues: Issues;
  disabled: boolean;
  onChange(item: Item): void;
}) {
  const { item, catalog, issues, disabled, onChange } = props;
  const at = (...path: (string | number)[]) => issueAt(issues, path);
  const set = <K extends keyof Item>(key: K, value: Item[K]) => onChange({ ...item, [key]: value });

  return (
    <div className="editor" aria-label={`编辑事项：${item.name}`} role="region">
      <Group legend="基本信息">
        <div className="grid">
          <TextInput
            label="事项名称"
            value={item.name}
            problem={at('name')}
            disabled={disabled}
            onChange={(v) => set('name', v)}
          />
          <TextInput
            label="事项编码"
            value={item.code}
            problem={at('code')}
            disabled={disabled}
            hint="大写字母、数字和连字符，6–40位"
            onChange={(v) => set('code', v)}
          />
          <SelectInput
            label="所属分类"
            value={item.category}
            options={catalog.categories.map((c) => ({ value: c.id, label: c.name }))}
            problem={at('category')}
            disabled={disabled}
            onChange={(v) => set('category', v)}
          />
          <SelectInput
            label="事项类型"
            value={item.type}
            options={[
              { value: 'instant', label: '即办件（当场办结）' },
              { value: 'committed', label: '承诺件' },
            ]}
            disabled={disabled}
            onChange={(v) => set('type', v)}
          />
          <TextInput
            label="主管部门"
            value={item.department}
            problem={at('department')}
            disabled={disabled}
            onChange={(v) => set('department', v)}
          />
          <TextInput
            label="实施主体"
            value={item.implementingBody}
            problem={at('implementingBody')}
            disabled={disabled}
            onChange={(v) => set('implementingBody', v)}
          />
          <NumberInput
            label="法定办结时限（工作日）"
            value={item.legalTimeLimitDays}
            problem={at('legalTimeLimitDays')}
            disabled={disabled}
            onChange={(v) => set('legalTimeLimitDays', v ?? 0)}
          />
          <NumberInput
            label="承诺办结时限（工作日）"
            value={item.promisedTimeLimitDays}
            problem={at('promisedTimeLimitDays')}
            disabled={disabled}
            onChange={(v) => set('promisedTimeLimitDays', v ?? 0)}
          />
          <TextInput
            label="收费标准"
            value={item.fee}
            problem={at('fee')}
            disabled={disabled}
            onChange={(v) => set('fee', v)}
          />
          <NumberInput
            label="跑动次数"
            value={item.visits}
            problem={at('visits')}
            disabled={disabled}
            onChange={(v) => set('visits', v ?? 0)}
          />
        </div>
        <CheckInput
          label="热门事项（首页显示）"
          checked={item.popular}
          disabled={disabled}
          onChange={(v) => set('popular', v)}
        />
        <div className="grid">
          <TextInput
            label="设定依据（每行一条）"
            multiline
            canonical={canonicalLines}
            value={listToLines(item.legalBasis)}
            problem={at('legalBasis')}
            disabled={disabled}
            onChange={(v) => set('legalBasis', linesToList(v))}
          />
          <TextInput
            label="办理条件（每行一条）"
            multiline
            canonical={canonicalLines}
            value={listToLines(item.conditions)}
            disabled={disabled}
            onChange={(v) => set('conditions', linesToList(v))}
          />
          <TextInput
            label="搜索关键词（每行一个）"
            multiline
            canonical={canonicalLines}
            value={listToLines(item.keywords)}
            disabled={disabled}
            onChange={(v) => set('keywords', linesToList(v))}
          />
        </div>
      </Group>

      <IdentityEditor item={item} issues={issues} disabled={disabled} onChange={onChange} />

      <Group legend="申请材料">
        {item.materials.length === 0 && <p className="muted">无需材料。</p>}
        {item.materials.map((material, j) => (
          <MaterialEditor
            key={j}
            index={j}
            count={item.materials.length}
            material={material}
            issues={issues}
            disabled={disabled}
            onChange={(m) => set('materials', updateEntry(item.materials, j, m))}
            onMove={(by) => set('materials', moveEntry(item.materials, j, by))}
            onRemove={() => set('materials', removeEntry(item.materials, j))}
          />
        ))}
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => set('materials', [...item.materials, newMaterial(item)])}
        >
          添加材料
        </button>
      </Group>

      <Group legend="表单字段">
        <p className="muted">{at('form', 'fields')}</p>
        {item.form.fields.map((field, j) => (
          <FieldEditor
            key={j}
            index={j}
            count={item.form.fields.length}
            field={field}
            issues={issues}
            disabled={disabled}
            onChange={(f) => set('form', { fields: updateEntry(item.form.fields, j, f) })}
            onMove={(by) => set('form', { fields: moveEntry(item.form.fields, j, by) })}
            onRemove={() => set('form', { fields: removeEntry(item.form.fields, j) })}
          />
        ))}
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => set('form', { fields: [...item.form.fields, newField(item)] })}
        >
          添加字段
        </button>
      </Group>

      <Group legend="办理结果与离线办理">
        <div className="grid">
          <SelectInput
            label="A4 文书模板"
            value={item.outputs.document ?? ''}
            options={[
              { value: '', label: '不打印文书' },
              ...catalog.templates.map((t) => ({ value: t.id, label: `${t.title}（${t.id}）` })),
            ]}
            problem={at('outputs', 'document')}
            disabled={disabled}
            onChange={(v) => set('outputs', optional(item.outputs, 'document', v))}
          />
          <TextInput
            label="电子证照名称"
            value={item.outputs.electronicLicence ?? ''}
            disabled={disabled}
            onChange={(v) => set('outputs', optional(item.outputs, 'electronicLicence', v))}
          />
          <SelectInput
            label="离线时"
            value={item.offline.policy}
            options={[
              { value: 'queue', label: '可离线受理，联网后自动提交' },
              { value: 'online-only', label: '仅联网办理' },
            ]}
            disabled={disabled}
            onChange={(v) => set('offline', { ...item.offline, policy: v })}
          />
          <TextInput
            label="离线说明"
            value={item.offline.note ?? ''}
            disabled={disabled}
            onChange={(v) => set('offline', optional(item.offline, 'note', v))}
          />
        </div>
        <CheckInput
          label="打印办理回执（凭条）"
          checked={item.outputs.receipt}
          disabled={disabled}
          onChange={(v) => set('outputs', { ...item.outputs, receipt: v })}
        />
      </Group>
    </div>
  );
}

const canonicalLines = (text: string) => listToLines(linesToList(text));

const CARD_TYPES = Object.keys(CARD_TYPE_NAME) as CardType[];

function IdentityEditor(props: {
  item: Item;
  issues: Issues;
  disabled: boolean;
  onChange(item: Item): void;
}) {
  const { item, issues, disabled, onChange } = props;
  const identity = item.identity;
  const setIdentity = (next: Item['identity']) => onChange({ ...item, identity: next });
  const cardsProblem = issueAt(issues, ['identity', 'acceptedCardTypes']);
  return (
    <Group legend="身份核验">
      <div className="grid">
        <SelectInput
          label="核验方式"
          value={identity.level}
          options={[
            { value: 'id-card', label: '读取证件' },
            { value: 'id-card-and-face', label: '读取证件 + 人脸核验（实人核验）' },
          ]}
          disabled={disabled}
          onChange={(level) =>
            setIdentity(
              level === 'id-card-and-face'
                ? { ...identity, level, face: identity.face ?? { threshold: 0.6 } }
                : optional({ ...identity, level }, 'face', undefined),
            )
          }
        />
        {identity.level === 'id-card-and-face' && (
          <NumberInput
            label="人脸相似度阈值（0.30–0.95）"
            step={0.01}
            value={identity.face?.threshold}
            problem={issueAt(issues, ['identity', 'face', 'threshold'])}
            disabled={disabled}
            onChange={(v) => setIdentity({ ...identity, face: { threshold: v ?? 0.6 } })}
          />
        )}
        <NumberInput
          label="最低年龄（周岁，可不填）"
          value={identity.minimumAge}
          problem={issueAt(issues, ['identity', 'minimumAge'])}
          disabled={disabled}
          onChange={(v) => setIdentity(optional(identity, 'minimumAge', v))}
        />
      </div>
      <fieldset className="checks">
        <legend>可用证件</legend>
        {CARD_TYPES.map((t) => (
          <CheckInput
            key={t}
            label={CARD_TYPE_NAME[t]}
            checked={identity.acceptedCardTypes.includes(t)}
            disabled={disabled}
            onChange={(on) =>
              setIdentity({
                ...identity,
                acceptedCardTypes: on
                  ? CARD_TYPES.filter((c) => c === t || identity.acceptedCardTypes.includes(c))
                  : identity.acceptedCardTypes.filter((c) => c !== t),
              })
            }
          />
        ))}
        {cardsProblem && <span className="field-error">至少选择一种证件</span>}
      </fieldset>
    </Group>
  );
}

function RowTools(props: {
  index: number;
  count: number;
  what: string;
  disabled: boolean;
  onMove(by: number): void;
  onRemove(): void;
}) {
  const { index, count, what, disabled } = props;
  return (
    <div className="row-tools">
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled || index === 0}
        aria-label={`上移${what}`}
        onClick={() => props.onMove(-1)}
      >
        上移
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled || index === count - 1}
        aria-label={`下移${what}`}
        onClick={() => props.onMove(1)}
      >
        下移
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={disabled}
        aria-label={`删除${what}`}
        onClick={props.onRemove}
      >
        删除
      </button>
    </div>
  );
}

function MaterialEditor(props: {
  index: number;
  count: number;
  material: Material;
  issues: Issues;
  disabled: boolean;
  onChange(m: Material): void;
  onMove(by: number): void;
  onRemove(): void;
}) {
  const { index: j, material, issues, disabled, onChange } = props;
  const at = (key: string) => issueAt(issues, ['materials', j, key]);
  const what = `材料 ${j + 1}：${material.name}`;
  return (
    <fieldset className="entry">
      <legend>{what}</legend>
      <div className="grid">
        <TextInput
          label="材料名称"
          value={material.name}
          problem={at('name')}
          disabled={disabled}
          onChange={(v) => onChange({ ...material, name: v })}
        />
        <TextInput
          label="材料标识"
          value={material.id}
          problem={at('id')}
          disabled={disabled}
          onChange={(v) => onChange({ ...material, id: v })}
        />
        <SelectInput
          label="提供方式"
          value={material.source}
          options={(Object.keys(MATERIAL_SOURCE_NAME) as Material['source'][]).map((s) => ({
            value: s,
            label: MATERIAL_SOURCE_NAME[s],
          }))}
          disabled={disabled}
          onChange={(v) => onChange({ ...material, source: v })}
        />
        <TextInput
          label="说明（可不填）"
          value={material.note ?? ''}
          disabled={disabled}
          onChange={(v) => onChange(optional(material, 'note', v))}
        />
      </div>
      <CheckInput
        label="必须提供"
        checked={material.required}
        disabled={disabled}
        onChange={(v) => onChange({ ...material, required: v })}
      />
      <RowTools {...props} what={what} />
    </fieldset>
  );
}

function FieldEditor(props: {
  index: number;
  count: number;
  field: FormField;
  issues: Issues;
  disabled: boolean;
  onChange(f: FormField): void;
  onMove(by: number): void;
  onRemove(): void;
}) {
  const { index: j, field, issues, disabled, onChange } = props;
  const at = (...rest: (string | number)[]) => issueAt(issues, ['form', 'fields', j, ...rest]);
  const choice = prefillChoice(field);
  const what = `字段 ${j + 1}：${field.label}`;
  const optionsProblem =
    at() ?? issues.find((i) => i.path.join('.').startsWith(`form.fields.${j}.options`))?.message;
  return (
    <fieldset className="entry">
      <legend>{what}</legend>
      <div className="grid">
        <TextInput
          label="字段名称"
          value={field.label}
          problem={at('label')}
          disabled={disabled}
          onChange={(v) => onChange({ ...field, label: v })}
        />
        <TextInput
          label="字段标识"
          value={field.id}
          problem={at('id')}
          disabled={disabled}
          hint="英文字母开头，字母、数字、下划线"
          onChange={(v) => onChange({ ...field, id: v })}
        />
        <SelectInput
          label="输入方式"
          value={field.kind}
          options={FIELD_KIND}
          disabled={disabled}
          onChange={(v) => onChange({ ...field, kind: v })}
        />
        <SelectInput
          label="预填来源"
          value={choice}
          options={PREFILL_CHOICES}
          disabled={disabled}
          onChange={(v) => onChange(withPrefill(field, v))}
        />
        {field.prefill?.from === 'constant' && (
          <TextInput
            label="固定值"
            value={field.prefill.value}
            disabled={disabled}
            onChange={(v) => onChange({ ...field, prefill: { from: 'constant', value: v } })}
          />
        )}
        <TextInput
          label="填写提示（可不填）"
          value={field.help ?? ''}
          disabled={disabled}
          onChange={(v) => onChange(optional(field, 'help', v))}
        />
        <TextInput
          label="格式（正则表达式，可不填）"
          value={field.pattern ?? ''}
          problem={at('pattern')}
          disabled={disabled}
          onChange={(v) => onChange(optional(field, 'pattern', v))}
        />
        <TextInput
          label="格式不符时的提示"
          value={field.patternMessage ?? ''}
          disabled={disabled}
          onChange={(v) => onChange(optional(field, 'patternMessage', v))}
        />
        <NumberInput
          label="最多字数（可不填）"
          value={field.maxLength}
          problem={at('maxLength')}
          disabled={disabled}
          onChange={(v) => onChange(optional(field, 'maxLength', v))}
        />
        {field.kind === 'select' && (
          <TextInput
            label="选项（每行一个；值=显示文字）"
            multiline
            canonical={(t) => optionsToLines(linesToOptions(t))}
            value={optionsToLines(field.options)}
            problem={optionsProblem ?? null}
            disabled={disabled}
            onChange={(v) => onChange({ ...field, options: linesToOptions(v) })}
          />
        )}
      </div>
      <div className="checks-row">
        <CheckInput
          label="必填"
          checked={field.required}
          disabled={disabled}
          onChange={(v) => onChange({ ...field, required: v })}
        />
        <CheckInput
          label="预填后不可修改"
          checked={field.lockedWhenPrefilled}
          disabled={disabled}
          onChange={(v) => onChange({ ...field, lockedWhenPrefilled: v })}
        />
        <CheckInput
          label="个人信息（回执与确认页遮盖显示）"
          checked={field.personal}
          disabled={disabled}
          onChange={(v) => onChange({ ...field, personal: v })}
        />
      </div>
      <RowTools {...props} what={what} />
    </fieldset>
  );
}
