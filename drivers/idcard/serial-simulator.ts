// The simulator on a serial device (usually one end of a socat pty pair), as a technician's bench
// peer or for tests that drive the real serial path.
import type { CardFixture } from './fixture.ts';
import { IdCardSimulator } from './simulator.ts';
import { openSerialTransport } from './transport.ts';

export async function startSerialSimulator(opts: {
  path: string;
  card: CardFixture | null;
  baudRate?: number;
  samId?: string;
}): Promise<{ simulator: IdCardSimulator; close(): Promise<void> }> {
  const transport = await openSerialTransport({
    path: opts.path,
    baudRate: opts.baudRate ?? 115200,
  });
  const simulator = new IdCardSimulator({
    transport,
    card: opts.card,
    ...(opts.samId ? { samId: opts.samId } : {}),
  });
  return { simulator, close: () => simulator.close() };
}
