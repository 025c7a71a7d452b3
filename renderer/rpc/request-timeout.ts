// How long the screen waits for each kind of request before telling the citizen something went
// wrong. A card read waits on the reader by design; a submission waits on delivery and printing.
import type { KioskMethod } from '../../contract/kiosk-api.ts';

const DEFAULT_MS = 15_000;
const SUBMIT_MS = 90_000;
const READ_CARD_MARGIN_MS = 10_000;

export function requestTimeoutMs(method: KioskMethod, params: unknown): number {
  if (method === 'session.submit') return SUBMIT_MS;
  if (method === 'session.readCard') {
    const waitMs = (params as { waitMs?: unknown } | null)?.waitMs;
    return (typeof waitMs === 'number' ? waitMs : 0) + READ_CARD_MARGIN_MS;
  }
  return DEFAULT_MS;
}

/** 0.25 s, 0.5 s, 1 s, … up to 10 s between reconnection attempts. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(10_000, 250 * 2 ** Math.min(attempt, 10));
}

export const TIMEOUT_MESSAGE = '自助终端响应超时，请稍后重试';
export const DISCONNECTED_MESSAGE = '与自助终端服务的连接中断，请稍后重试';
