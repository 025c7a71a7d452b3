// The outcome: the tracking code (受理编号), whether the centre has the application or it waits
// for the network, and what the printers did — told truthfully, a failure included.
import type { Catalog, Item } from '../../../catalog/schema.ts';
import type { OutputResult, SubmitResult } from '../../../contract/kiosk-api.ts';
import { documentTitle, timeLimitText } from '../../state/item-facts.ts';
import { CheckIcon, WarningIcon } from '../parts/Icons.tsx';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';

export function ResultScreen(props: {
  item: Item;
  catalog: Catalog;
  result: SubmitResult;
  onDone(): void;
}) {
  const { item, catalog, result, onDone } = props;
  const acknowledged = result.delivery === 'acknowledged';
  const docTitle = documentTitle(item, catalog) ?? '证明';
  const outputs = [
    outputLine(result.receipt, '请取走回执'),
    outputLine(result.document, `请取走${docTitle}`),
  ].filter((o): o is OutputLineView => o !== null);

  return (
    <ScreenFrame
      name="result"
      title={acknowledged ? '办理成功' : '申请已保存'}
      subtitle={item.name}
      actions={
        <button
          type="button"
          className="btn btn-primary"
          data-testid="result-done"
          onClick={onDone}
        >
          完成
        </button>
      }
    >
      <div className={acknowledged ? 'outcome outcome--ok' : 'outcome outcome--queued'}>
        <span className="outcome-icon" aria-hidden="true">
          {acknowledged ? <CheckIcon /> : <WarningIcon />}
        </span>
        <p className="outcome-text" data-testid="result-delivery">
          {acknowledged ? '已提交' : '已保存，联网后自动提交'}
        </p>
      </div>
      {!acknowledged && (
        <p className="lead">
          网络暂时中断，您的申请已安全保存在本机，网络恢复后自动提交，无需再次办理。
        </p>
      )}

      <section className="panel tracking" aria-labelledby="tracking-label">
        <h2 id="tracking-label" className="section-title">
          受理编号
        </h2>
        <p className="tracking-code" data-testid="result-tracking-code">
          {result.trackingCode}
        </p>
        <p className="muted">凭受理编号可在任一政务服务窗口或自助终端查询办理进度。</p>
      </section>

      {outputs.length > 0 && (
        <ul className="output-list" aria-label="打印情况">
          {outputs.map((o) => (
            <li key={o.text} className={o.ok ? 'output output--ok' : 'output output--problem'}>
              {o.ok ? <CheckIcon /> : <WarningIcon />}
              <span>{o.text}</span>
            </li>
          ))}
        </ul>
      )}

      {item.type === 'committed' && (
        <p className="notice">办理时限：{timeLimitText(item)}。办理结果将通过短信通知您。</p>
      )}
      <p className="notice notice--strong">
        离开前请带好您的身份证{outputs.some((o) => o.ok) ? '和打印的材料' : ''}。
      </p>
    </ScreenFrame>
  );
}

interface OutputLineView {
  ok: boolean;
  text: string;
}

function outputLine(output: OutputResult, printedText: string): OutputLineView | null {
  if (output.status === 'none') return null;
  if (output.status === 'printed') return { ok: true, text: printedText };
  return { ok: false, text: output.message ?? '打印未完成，请凭受理编号到政务服务窗口领取' };
}
