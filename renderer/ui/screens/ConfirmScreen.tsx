// 请核对: the values as they will be submitted (personal ones masked), then 确认提交. The host
// re-validates, saves to its outbox and prints; a failure leaves the citizen able to retry.
import { useState } from 'react';
import type { Item } from '../../../catalog/schema.ts';
import type { SubmitResult } from '../../../contract/kiosk-api.ts';
import { summaryRows } from '../../state/form-model.ts';
import { citizenMessage } from '../errors.ts';
import { useFlow } from '../kiosk-context.ts';
import { WarningIcon } from '../parts/Icons.tsx';
import { ScreenFrame } from '../parts/ScreenFrame.tsx';
import { BusyOverlay } from '../parts/Spinner.tsx';

export function ConfirmScreen(props: {
  item: Item;
  sessionId: string;
  values: Record<string, string>;
  onBusy(busy: boolean): void;
  onBack(): void;
  onSubmitted(result: SubmitResult): void;
}) {
  const { item, sessionId, values, onBusy, onBack, onSubmitted } = props;
  const { api } = useFlow();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    setSending(true);
    setError(null);
    onBusy(true);
    api['session.submit']({ sessionId, form: values }).then(
      (result) => {
        onBusy(false);
        onSubmitted(result);
      },
      (err: unknown) => {
        onBusy(false);
        setSending(false);
        setError(citizenMessage(err));
      },
    );
  };

  return (
    <ScreenFrame
      name="confirm"
      title="请核对您的信息"
      subtitle={item.name}
      actions={
        <>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="confirm-back"
            disabled={sending}
            onClick={onBack}
          >
            返回修改
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="confirm-submit"
            disabled={sending}
            onClick={submit}
          >
            {error ? '重新提交' : '确认提交'}
          </button>
        </>
      }
    >
      {error && (
        <div className="notice notice--error" role="alert">
          <p className="notice-head">
            <WarningIcon />
            提交未成功
          </p>
          <p>{error}</p>
          <p>您可以点“重新提交”再试一次，或点“返回修改”检查填写的内容。</p>
        </div>
      )}
      <p className="lead">核对无误后请点“确认提交”。为保护您的隐私，部分信息只显示一部分。</p>
      <dl className="summary">
        {summaryRows(item, values).map((row) => (
          <div className="summary-row" key={row.id} data-testid={`summary-${row.id}`}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
      {sending && (
        <BusyOverlay label="提交中，请稍候" detail="正在保存您的申请并打印，请不要离开" />
      )}
    </ScreenFrame>
  );
}
