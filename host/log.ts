// Structured logging for technicians. Callers pass only non-personal facts; as a safety net,
// anything shaped like an ID number or a mainland phone number is redacted before it is written.
const ID_LIKE = /\b(?:\d{17}[\dXx]|[0-9A-Z]{15,18}|1[3-9]\d{9})\b/g;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

export function redact(text: string): string {
  return text.replace(ID_LIKE, '[redacted]');
}

export function createLogger(
  scope: string,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const log = (level: LogLevel, event: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, scope, event, ...fields });
    write(redact(line));
  };
  return {
    log,
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
    child: (sub) => createLogger(`${scope}.${sub}`, write),
  };
}

/** The message of an error without its stack; errors from drivers never carry personal data. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
