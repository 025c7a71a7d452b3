// What the citizen is told when a request fails: the host's own words when it addressed them
// (its errors are written for the screen), a plain sentence otherwise.
import { RpcError } from '../../contract/rpc.ts';

const GENERIC = '操作未成功，请稍后重试。如多次失败，请联系工作人员';

export function citizenMessage(err: unknown): string {
  if (err instanceof RpcError && err.code === 'failed' && /[\u4e00-\u9fff]/.test(err.message)) {
    return err.message;
  }
  return GENERIC;
}

/**
 * V8 keeps the subject of the last successful RegExp match reachable (RegExp.input, $_) until
 * the next match; validating a form leaves a typed phone number there. A match on an empty
 * string replaces it when a session is wiped.
 */
export function forgetLastRegExpMatch(): void {
  /^/.exec('');
}
