// The simulator on a serial device (usually one end of a socat pty pair), as a technician's bench
// peer or for tests that drive the real serial path.
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator.ts';
import { openSerialTransport } from './transport.ts';

export async function startSerialSimulator(
  opts: {
    path: string;
    baudRate?: number;
  } & Omit<IdCardSimulatorOptions, 'transport'>,
): Promise<{ simulator: IdCardSimulator; close(): Promise<void> }> {
  const { path, baudRate, ...simOpts } = opts;
  const transport = await openSerialTransport({ path, baudRate: baudRate ?? 115200 });
  const simulator = new IdCardSimulator({ transport, ...simOpts });
  return { simulator, close: () => simulator.close() };
}
