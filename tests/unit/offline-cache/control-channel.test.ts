// The control socket on a real Unix socket: one JSON request and answer per connection, owner-only,
// a stale socket file from a killed kiosk replaced, and "nobody there" told apart from a refusal.
import { statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  callControl,
  ControlUnavailableError,
  serveControl,
  type ControlRequest,
} from '../../../offline-cache/index.ts';
import { tmpDirs } from './tmp-dir.ts';

const newDir = tmpDirs('control');

describe('the control channel', () => {
  it('answers requests, replacing a stale socket file, owner-only', async () => {
    const socket = path.join(newDir(), 'outbox.sock');
    writeFileSync(socket, 'left behind by a killed kiosk');
    const seen: ControlRequest[] = [];
    const server = serveControl(socket, async (req) => {
      seen.push(req);
      if (req.op === 'retry') throw new Error('no such item');
      return { pong: req.op };
    });
    await server.ready;
    expect(statSync(socket).mode & 0o077).toBe(0);
    expect(await callControl(socket, { op: 'status' })).toEqual({ pong: 'status' });
    await expect(callControl(socket, { op: 'retry', id: 'x' })).rejects.toThrow(
      /the running kiosk refused: no such item/,
    );
    // Garbage gets an error answer, not a crash.
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const c = net.createConnection(socket, () => c.write('not json\n'));
      c.on('data', (d) => (text += d.toString()));
      c.on('end', () => resolve(text));
    });
    expect(JSON.parse(answer)).toEqual({ ok: false, error: 'bad request' });
    expect(seen.map((r) => r.op)).toEqual(['status', 'retry']);
    await server.close();
  });

  it('tells "no kiosk there" apart: no socket file, or nobody listening on it', async () => {
    const dir = newDir();
    await expect(callControl(path.join(dir, 'none.sock'), { op: 'status' })).rejects.toBeInstanceOf(
      ControlUnavailableError,
    );
    const socket = path.join(dir, 'outbox.sock');
    const server = serveControl(socket, async () => 'ok');
    await server.ready;
    await server.close();
    writeFileSync(socket, ''); // a file where the socket was: connecting is refused
    await expect(callControl(socket, { op: 'status' })).rejects.toBeInstanceOf(
      ControlUnavailableError,
    );
  });
});
