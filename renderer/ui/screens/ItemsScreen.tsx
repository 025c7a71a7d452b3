// Choosing what to do: 热门事项 and the categories as tabs, and a search box with tappable
// completions. Each item appears once on screen (its tile carries data-testid item-<code>).
import { useId, useState } from 'react';
import { ITEM_TYPE_LABEL, type Catalog, type Item } from '../../../catalog/schema.ts';
import { itemsByCategory, popularItems } from '../../../catalog/catalog-query.ts';
import { searchItems, suggestTerms } from '../../state/item-search.ts';
import { CategoryIcon, SearchIcon } from '../parts/Icons.tsx';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';
import { Spinner } from '../parts/Spinner.tsx';

const HOT = 'hot';

export function ItemsScreen(props: {
  catalog: Catalog | null;
  error: string | null;
  onRetry(): void;
  onChoose(code: string): void;
}) {
  const { catalog, error, onRetry, onChoose } = props;
  return (
    <ScreenFrame name="items" title="请选择要办理的事项">
      {catalog ? (
        <ItemChooser catalog={catalog} onChoose={onChoose} />
      ) : error ? (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            重新加载
          </button>
        </div>
      ) : (
        <Spinner label="正在加载事项，请稍候…" />
      )}
    </ScreenFrame>
  );
}

function ItemChooser({ catalog, onChoose }: { catalog: Catalog; onChoose(code: string): void }) {
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState(HOT);
  const searchId = useId();
  const groups = itemsByCategory(catalog);
  const searching = query.trim() !== '';
  const suggestions = suggestTerms(catalog, query);
  const shown: Item[] = searching
    ? searchItems(catalog, query)
    : tab === HOT
      ? popularItems(catalog)
      : (groups.find((g) => g.category.id === tab)?.items ?? []);

  return (
    <>
      <div className="search" role="search">
        <label htmlFor={searchId} className="search-label">
          <SearchIcon />
          搜索事项
        </label>
        <div className="search-row">
          <input
            id={searchId}
            className="input search-input"
            type="search"
            value={query}
            placeholder="输入事项名称或关键词，如：社保卡"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="search-input"
          />
          {searching && (
            <button type="button" className="btn btn-secondary" onClick={() => setQuery('')}>
              清除
            </button>
          )}
        </div>
        {suggestions.length > 0 && (
          <ul className="chips" aria-label="您可能要找">
            {suggestions.map((term) => (
              <li key={term}>
                <button type="button" className="btn chip" onClick={() => setQuery(term)}>
                  {term}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      {!searching && (
        <div className="tabs" role="tablist" aria-label="事项分类">
          <CategoryTab
            id={HOT}
            icon="hot"
            name="热门事项"
            selected={tab === HOT}
            onSelect={setTab}
          />
          {groups.map(({ category }) => (
            <CategoryTab
              key={category.id}
              id={category.id}
              icon={category.icon}
              name={category.name}
              selected={tab === category.id}
              onSelect={setTab}
            />
          ))}
        </div>
      )}

      <h2 className="section-title">
        {searching ? `“${query.trim()}”的搜索结果（${shown.length}项）` : tabName(catalog, tab)}
      </h2>
      {shown.length === 0 ? (
        <p className="notice">没有找到相关事项，请换个词试试，或到政务服务窗口咨询。</p>
      ) : (
        <ul className="tiles" role={searching ? undefined : 'tabpanel'}>
          {shown.map((item) => (
            <li key={item.code}>
              <ItemTile item={item} onChoose={onChoose} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function tabName(catalog: Catalog, tab: string): string {
  if (tab === HOT) return '热门事项';
  return catalog.categories.find((c) => c.id === tab)?.name ?? '';
}

function CategoryTab(props: {
  id: string;
  icon: string;
  name: string;
  selected: boolean;
  onSelect(id: string): void;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={props.selected}
      className={props.selected ? 'btn tab tab--selected' : 'btn tab'}
      data-testid={`category-${props.id}`}
      onClick={() => props.onSelect(props.id)}
    >
      <CategoryIcon name={props.icon} />
      <span>{props.name}</span>
    </button>
  );
}

function ItemTile({ item, onChoose }: { item: Item; onChoose(code: string): void }) {
  return (
    <button
      type="button"
      className="btn tile"
      data-testid={`item-${item.code}`}
      onClick={() => onChoose(item.code)}
    >
      <span className="tile-name">{item.name}</span>
      <span className="tile-meta">
        <span className="badge">{ITEM_TYPE_LABEL[item.type]}</span>
        <span>{item.department}</span>
      </span>
      {item.offline.policy === 'online-only' && <span className="tile-note">需联网办理</span>}
    </button>
  );
}
