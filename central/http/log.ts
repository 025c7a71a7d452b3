// The central platform's log: events with non-personal fields only (method, path, status,
// tracking code, error codes). Applicant data is stored, never logged.
export type CentralLogLevel = 'info' | 'warn' | 'error';
export type CentralLogFields = Record<string, string | number | boolean | null | undefined>;
export type CentralLog = (level: CentralLogLevel, event: string, fields?: CentralLogFields) => void;

/** Default for a platform started without a log: warnings and errors as JSON lines on stderr. */
export const stderrWarnings: CentralLog = (level, event, fields = {}) => {
  if (level === 'info') return;
  process.stderr.write(
    `${JSON.stringify({ at: new Date().toISOString(), level, scope: 'central', event, ...fields })}\n`,
  );
};
