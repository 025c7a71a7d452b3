// A TCP proxy on 127.0.0.1 between the kiosk and the real central platform, to make the network
// fail the ways a street kiosk's does without touching either side's code:
//   down()               nothing listens: connection refused
//   'delay-response'     the centre's answers are held back (a slow link or a slow centre)
//   'reset-after-commit' the request reaches the centre, which commits and answers, and then the
//                        kiosk's connection is reset before a byte of the answer reaches it
//   'blackhole'          connections are accepted and requests swallowed: only a timeout ends it
// A mode applies to the next `times` answers (or connections, for 'blackhole'), then 'pass'.
import net from 'node:net';

export type ProxyMode = 'pass' | 'delay-response' | 'reset-after-commit' | 'blackhole';

export interface FaultProxy {
  readonly url: string;
  setMode(mode: ProxyMode, opts?: { times?: number; delayMs?: number }): void;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Answers the proxy cut or delayed so far, by mode. */
  readonly injected: Record<Exclude<ProxyMode, 'pass'>, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  let mode: ProxyMode = 'pass';
  let remaining = 0;
  let delayMs = 0;
  const injected = { 'delay-response': 0, 'reset-after-commit': 0, blackhole: 0 };
  const sockets = new Set<net.Socket>();

  /** Takes one use of the current mode, or 'pass' when it is used up. */
  const take = (): ProxyMode => {
    if (mode === 'pass' || remaining <= 0) return 'pass';
    const taken = mode;
    if (--remaining <= 0) mode = 'pass';
    return taken;
  };

  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode === 'blackhole' && take() === 'blackhole') {
      injected.blackhole++;
      client.resume(); // read and drop whatever comes
      return;
    }
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    client.on('data', (chunk) => upstream.write(chunk));
    // Decided once per answer: the first bytes of each answer take the mode.
    let answering = false;
    let verdict: ProxyMode = 'pass';
    client.on('data', () => {
      answering = false; // a new request on this connection: its answer gets a fresh verdict
    });
    upstream.on('data', (chunk) => {
      if (!answering) {
        answering = true;
        verdict = take();
        if (verdict !== 'pass') injected[verdict]++;
      }
      if (verdict === 'reset-after-commit') {
        // The centre has committed and answered; the kiosk never hears it.
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      if (verdict === 'delay-response') {
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk);
        }, delayMs);
        return;
      }
      client.write(chunk);
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next, opts = {}) {
      mode = next;
      remaining = opts.times ?? Number.POSITIVE_INFINITY;
      delayMs = opts.delayMs ?? delayMs;
    },
    down,
    up: () => (server.listening ? Promise.resolve() : listen(port)),
    injected,
    close: down,
  };
}
