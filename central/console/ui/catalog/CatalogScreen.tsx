// 事项目录: the catalog the fleet runs (the newest publication, or the bundled one before any),
// edited as a draft in the browser, checked with the kiosk's own schema at every change, previewed
// as the kiosk will show it, then published with a target; below, the publications and rollback.
import { useCallback, useMemo, useState } from 'react';
import { parseCatalog } from '../../../../catalog/catalog-query.ts';
import type { Catalog, Item } from '../../../../catalog/schema.ts';
import type { ConsoleApi } from '../../api/console-api.ts';
import {
  catalogLevelIssues,
  changedItems,
  freshId,
  itemIssues,
  itemsWithIssues,
  pathText,
  removeEntry,
  replaceItem,
  templatesChanged,
  validateDraft,
} from '../../state/catalog-edit.ts';
import type { Permissions } from '../../state/permissions.ts';
import { DoneNote, ErrorNote, Loading, ScreenHead } from '../parts.tsx';
import { describeTarget } from '../../state/publish-target.ts';
import type { PublicationSummary } from '../../../../contract/catalog-publishing.ts';
import { useLoad } from '../use-load.ts';
import { FlowPreview } from './FlowPreview.tsx';
import { ItemEditor } from './ItemEditor.tsx';
import { PublicationList } from './PublicationList.tsx';
import { PublishPanel } from './PublishPanel.tsx';
import { TemplateEditor } from './TemplateEditor.tsx';

export function CatalogScreen(props: { api: ConsoleApi; can: Permissions }) {
  const { api, can } = props;
  const current = useLoad(useCallback(() => api.currentCatalog(), [api]));
  const publications = useLoad(useCallback(() => api.publications(), [api]));
  const [round, setRound] = useState(0);
  // Kept here: the editor below starts afresh from the newly published catalog.
  const [published, setPublished] = useState<string | null>(null);

  const base = useMemo(() => {
    if (!current.data) return null;
    try {
      return { catalog: parseCatalog(current.data.catalog), error: null };
    } catch (err) {
      return { catalog: null, error: `当前目录未通过校验：${(err as Error).message}` };
    }
  }, [current.data]);

  const refresh = () => {
    setPublished(null);
    current.reload();
    publications.reload();
    setRound((r) => r + 1);
  };

  return (
    <section>
      <ScreenHead title="事项目录" onRefresh={refresh}>
        {current.data && (
          <span className="muted" data-testid="catalog-version">
            当前版本：第 {current.data.version} 版
            {current.data.source === 'bundled' ? '（随软件提供）' : ''}
          </span>
        )}
      </ScreenHead>
      <Loading loading={current.loading && !current.data} />
      <ErrorNote error={current.error ?? base?.error ?? null} />
      <DoneNote text={published} />
      {base?.catalog && (
        <CatalogEditor
          key={`${current.data?.version}-${round}`}
          api={api}
          can={can}
          base={base.catalog}
          onPublished={(s) => {
            refresh();
            setPublished(
              `已发布第 ${s.version} 版（${describeTarget(s.target)}）。终端将在当前办理结束后启用新版本。`,
            );
          }}
        />
      )}
      <PublicationList
        api={api}
        list={publications}
        canPublish={can.publish}
        onRolledBack={refresh}
      />
    </section>
  );
}

function CatalogEditor(props: {
  api: ConsoleApi;
  can: Permissions;
  base: Catalog;
  onPublished(summary: PublicationSummary): void;
}) {
  const { api, can, base, onPublished } = props;
  const [draft, setDraft] = useState<Catalog>(base);
  const [selected, setSelected] = useState(0);
  const [tab, setTab] = useState<'items' | 'templates'>('items');
  const [template, setTemplate] = useState(0);
  const [now] = useState(() => new Date());
  const issues = useMemo(
    () => validateDraft(draft as unknown as Record<string, unknown>, now),
    [draft, now],
  );
  const broken = itemsWithIssues(issues);
  const changes = useMemo(() => {
    const names = changedItems(base, draft);
    return templatesChanged(base, draft) ? [...names, '文书模板'] : names;
  }, [base, draft]);
  const readOnly = !can.editCatalog;
  const index = Math.min(selected, draft.items.length - 1);
  const item = draft.items[index];

  const addItem = () => {
    const source = item ?? base.items[0]!;
    const code = freshId(
      `${source.code.slice(0, 30)}-N`,
      draft.items.map((i) => i.code),
    );
    const copy: Item = { ...source, code, name: `${source.name}（副本）`, popular: false };
    setDraft({ ...draft, items: [...draft.items, copy] });
    setSelected(draft.items.length);
  };
  const removeItem = () => {
    if (draft.items.length <= 1) return;
    setDraft({ ...draft, items: removeEntry(draft.items, index) });
    setSelected(Math.max(0, index - 1));
  };

  const otherIssues = catalogLevelIssues(issues);
  const blocked = issues.length > 0 ? `目录有 ${issues.length} 处问题，修改后才能发布` : null;

  return (
    <>
      <div className="tabs" role="group" aria-label="编辑内容">
        <button
          type="button"
          className="tab"
          aria-pressed={tab === 'items'}
          onClick={() => setTab('items')}
        >
          事项（{draft.items.length}）
        </button>
        <button
          type="button"
          className="tab"
          aria-pressed={tab === 'templates'}
          onClick={() => setTab('templates')}
        >
          文书模板（{draft.templates.length}）
        </button>
        {readOnly && <span className="muted">只读：需要“事项目录编辑”角色才能修改</span>}
        <button
          type="button"
          className="btn"
          disabled={changes.length === 0}
          onClick={() => setDraft(base)}
        >
          放弃全部修改
        </button>
      </div>

      <div className="check-summary" role="status" aria-live="polite">
        {issues.length === 0 ? (
          <p className="note note--ok">校验通过：终端将接受此目录。</p>
        ) : (
          <div className="note note--error">
            <p>校验未通过（{issues.length} 处）：</p>
            <ul>
              {issues.slice(0, 12).map((i, k) => (
                <li key={k}>
                  {describeIssuePlace(draft, i.path)}：{i.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      {tab === 'items' && item && (
        <div className="catalog-layout">
          <nav className="item-list" aria-label="事项列表">
            <ul>
              {draft.items.map((it, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="item-button"
                    aria-current={i === index ? 'true' : undefined}
                    onClick={() => setSelected(i)}
                  >
                    <span className="item-name">
                      {it.name}
                      {broken.has(i) && <span className="flag flag--error">有问题</span>}
                      {changes.includes(it.name) && <span className="flag">已修改</span>}
                    </span>
                    <span className="item-code">{it.code}</span>
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="btn" disabled={readOnly} onClick={addItem}>
              复制为新事项
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={readOnly || draft.items.length <= 1}
              onClick={removeItem}
            >
              删除所选事项
            </button>
          </nav>
          <ItemEditor
            item={item}
            catalog={draft}
            issues={itemIssues(issues, index)}
            disabled={readOnly}
            onChange={(next) => setDraft(replaceItem(draft, index, next))}
          />
          <FlowPreview item={item} catalog={draft} />
        </div>
      )}

      {tab === 'templates' && (
        <div className="catalog-layout catalog-layout--templates">
          <nav className="item-list" aria-label="模板列表">
            <ul>
              {draft.templates.map((t, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="item-button"
                    aria-current={i === template ? 'true' : undefined}
                    onClick={() => setTemplate(i)}
                  >
                    <span className="item-name">{t.title}</span>
                    <span className="item-code">{t.id}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {draft.templates[template] && (
            <TemplateEditor
              template={draft.templates[template]}
              index={template}
              issues={otherIssues}
              disabled={readOnly}
              onChange={(t) =>
                setDraft({
                  ...draft,
                  templates: draft.templates.map((old, i) => (i === template ? t : old)),
                })
              }
            />
          )}
        </div>
      )}

      <PublishPanel
        api={api}
        draft={draft}
        changes={changes}
        blocked={blocked}
        canPublish={can.publish}
        onPublished={onPublished}
      />
    </>
  );
}

/** "个人就业登记 › form.fields[7].label" — the item by name rather than by position. */
function describeIssuePlace(catalog: Catalog, path: readonly (string | number)[]): string {
  if (path[0] === 'items' && typeof path[1] === 'number') {
    const name = catalog.items[path[1]]?.name ?? `事项 ${path[1] + 1}`;
    return `${name} › ${pathText(path.slice(2)) || '(事项)'}`;
  }
  if (path[0] === 'templates' && typeof path[1] === 'number') {
    const title = catalog.templates[path[1]]?.title ?? `模板 ${path[1] + 1}`;
    return `模板 ${title} › ${pathText(path.slice(2))}`;
  }
  return pathText(path) || '(目录)';
}
