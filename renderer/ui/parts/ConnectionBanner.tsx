// Shown only while the screen has no link to the kiosk host (the host restarts, or the socket
// dropped): the citizen should know the kiosk is not ignoring them.
import type { ConnectionState } from '../../rpc/ws-transport.ts';

export function ConnectionBanner({ linkState }: { linkState: ConnectionState }) {
  if (linkState === 'open') return null;
  return (
    <div className="connection-banner" role="status">
      <span className="spinner spinner--small" aria-hidden="true" />
      正在连接自助终端服务，请稍候…
    </div>
  );
}
