// 统计分析: transactions per item, kiosk and day, and 好差评: the distribution of the five levels
// and the reasons given with 差评, as plain tables with bars.
import { useCallback, useMemo, useState } from 'react';
import type { ConsoleApi } from '../api/console-api.ts';
import { dayEndIso, dayStartIso, daysBefore, todayInGuangzhou } from '../state/date-range.ts';
import { LEVEL_NAME, satisfaction } from '../state/ratings.ts';
import { BarTable, ErrorNote, Loading, ScreenHead } from './parts.tsx';
import { useLoad } from './use-load.ts';

export function StatisticsScreen(props: { api: ConsoleApi }) {
  const { api } = props;
  const [today] = useState(() => todayInGuangzhou(new Date()));
  const [from, setFrom] = useState(() => daysBefore(today, 29));
  const [to, setTo] = useState(today);
  const stats = useLoad(
    useCallback(
      () =>
        api.statistics({
          ...(from ? { from: dayStartIso(from) } : {}),
          ...(to ? { to: dayEndIso(to) } : {}),
        }),
      [api, from, to],
    ),
  );
  const catalog = useLoad(useCallback(() => api.currentCatalog(), [api]));
  const names = useMemo(() => {
    const items = (catalog.data?.catalog.items ?? []) as { code: string; name: string }[];
    return new Map(items.map((i) => [i.code, i.name]));
  }, [catalog.data]);
  const itemName = (code: string) => names.get(code) ?? code;
  const s = stats.data;

  return (
    <section>
      <ScreenHead title="统计分析" onRefresh={stats.reload} />
      <div className="filters" role="search" aria-label="统计时间">
        <label className="field">
          <span>开始日期</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          <span>结束日期</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <Loading loading={stats.loading && !s} />
      <ErrorNote error={stats.error} />
      {s && (
        <>
          <dl className="stats-cards" aria-label="概况">
            <div>
              <dt>办件总数</dt>
              <dd>{s.transactions.total}</dd>
            </div>
            <div>
              <dt>评价总数</dt>
              <dd>{s.ratings.total}</dd>
            </div>
            <div>
              <dt>满意率（满意及以上）</dt>
              <dd>{satisfaction(s.ratings.levels)}</dd>
            </div>
          </dl>
          <div className="stats-grid">
            <BarTable
              caption="按事项统计办件量"
              labelHeading="事项"
              rows={s.transactions.perItem.map((r) => ({
                label: itemName(r.itemCode),
                count: r.count,
              }))}
            />
            <BarTable
              caption="按终端统计办件量"
              labelHeading="终端"
              rows={s.transactions.perKiosk.map((r) => ({ label: r.kioskId, count: r.count }))}
            />
            <BarTable
              caption="按日统计办件量"
              labelHeading="日期"
              rows={s.transactions.perDay.map((r) => ({ label: r.day, count: r.count }))}
            />
            <BarTable
              caption="好差评分布"
              labelHeading="评价"
              rows={[4, 3, 2, 1, 0].map((i) => ({
                label: LEVEL_NAME[i]!,
                count: s.ratings.levels[i] ?? 0,
              }))}
            />
            <BarTable
              caption="差评原因"
              labelHeading="原因"
              rows={s.ratings.badReasons.map((r) => ({ label: r.reason, count: r.count }))}
            />
          </div>
          <table className="table">
            <caption>按事项的评价</caption>
            <thead>
              <tr>
                <th scope="col">事项</th>
                {[4, 3, 2, 1, 0].map((i) => (
                  <th scope="col" key={i}>
                    {LEVEL_NAME[i]}
                  </th>
                ))}
                <th scope="col">满意率</th>
              </tr>
            </thead>
            <tbody>
              {s.ratings.perItem.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    暂无数据
                  </td>
                </tr>
              )}
              {s.ratings.perItem.map((r) => (
                <tr key={r.itemCode}>
                  <th scope="row">{itemName(r.itemCode)}</th>
                  {[4, 3, 2, 1, 0].map((i) => (
                    <td className="num" key={i}>
                      {r.levels[i] ?? 0}
                    </td>
                  ))}
                  <td>{satisfaction(r.levels)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
