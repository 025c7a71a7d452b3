// A small typed IPP client over the `ipp` package's message encoder and parser (the package is
// CommonJS and untyped). The HTTP exchange is our own, for a real timeout and no console output.
import http from 'node:http';
import { createRequire } from 'node:module';

type IppGroup = Record<string, unknown>;
interface IppMessage {
  version: string;
  operation?: string;
  statusCode?: string;
  id: number;
  'operation-attributes-tag'?: IppGroup;
  'printer-attributes-tag'?: IppGroup;
  'job-attributes-tag'?: IppGroup;
  data?: Buffer;
}
interface IppModule {
  serialize(msg: IppMessage): Buffer;
  parse(buf: Buffer): IppMessage;
}

const ipp = createRequire(import.meta.url)('ipp') as IppModule;

export type JobState =
  | 'pending'
  | 'pending-held'
  | 'processing'
  | 'processing-stopped'
  | 'canceled'
  | 'aborted'
  | 'completed';

export interface PrinterAttributes {
  state: 'idle' | 'processing' | 'stopped' | string;
  reasons: string[];
  message: string;
  acceptingJobs: boolean;
}

export interface JobAttributes {
  id: number;
  state: JobState | string;
  reasons: string[];
}

/** The IPP exchange failed: unreachable server, HTTP error, or an IPP error status. */
export class IppError extends Error {
  constructor(
    message: string,
    /** IPP status keyword (client-error-not-found…) or 'unreachable'. */
    readonly status: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IppError';
  }
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);

let nextId = 1;

export class IppPrinterClient {
  private readonly url: URL;

  constructor(
    /** ipp://HOST:PORT/printers/QUEUE */
    readonly printerUri: string,
    private readonly timeoutMs = 5000,
  ) {
    this.url = new URL(printerUri.replace(/^ipp:/, 'http:'));
    if (!this.url.port) this.url.port = '631';
  }

  async printerAttributes(): Promise<PrinterAttributes> {
    const res = await this.call('Get-Printer-Attributes', {
      'requested-attributes': [
        'printer-state',
        'printer-state-reasons',
        'printer-state-message',
        'printer-is-accepting-jobs',
      ],
    });
    const p = res['printer-attributes-tag'] ?? {};
    return {
      state: String(p['printer-state'] ?? 'unknown'),
      reasons: list(p['printer-state-reasons']).filter((r) => r !== 'none'),
      message: String(p['printer-state-message'] ?? ''),
      acceptingJobs: p['printer-is-accepting-jobs'] !== false,
    };
  }

  async printJob(
    document: Buffer,
    jobName: string,
    format = 'application/pdf',
  ): Promise<JobAttributes> {
    const res = await this.call(
      'Print-Job',
      { 'requesting-user-name': 'kiosk24', 'job-name': jobName, 'document-format': format },
      document,
    );
    return jobOf(res['job-attributes-tag'] ?? {});
  }

  async jobAttributes(jobId: number): Promise<JobAttributes> {
    const res = await this.call('Get-Job-Attributes', {
      'job-id': jobId,
      'requested-attributes': ['job-id', 'job-state', 'job-state-reasons'],
    });
    return jobOf({ 'job-id': jobId, ...res['job-attributes-tag'] });
  }

  async cancelJob(jobId: number): Promise<void> {
    await this.call('Cancel-Job', { 'job-id': jobId, 'requesting-user-name': 'kiosk24' });
  }

  private async call(operation: string, attrs: IppGroup, data?: Buffer): Promise<IppMessage> {
    const body = ipp.serialize({
      version: '2.0',
      operation,
      id: nextId++,
      'operation-attributes-tag': {
        'attributes-charset': 'utf-8',
        'attributes-natural-language': 'zh-cn',
        'printer-uri': this.printerUri,
        ...attrs,
      },
      ...(data ? { data } : {}),
    });
    const res = ipp.parse(await this.post(body));
    const status = res.statusCode ?? 'unknown';
    if (!status.startsWith('successful')) {
      throw new IppError(`${operation} on ${this.url.host}${this.url.pathname}: ${status}`, status);
    }
    return res;
  }

  private post(body: Buffer): Promise<Buffer> {
    const where = `${this.url.host}${this.url.pathname}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: Number(this.url.port),
          path: this.url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode === 200) resolve(Buffer.concat(chunks));
            else
              reject(
                new IppError(`IPP ${where}: HTTP ${res.statusCode}`, `http-${res.statusCode}`),
              );
          });
          res.on('error', (err) =>
            reject(new IppError(`IPP ${where}: ${err.message}`, 'unreachable')),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${this.timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          new IppError(`IPP ${where}: ${err.code ?? err.message}`, 'unreachable', { cause: err }),
        ),
      );
      req.end(body);
    });
  }
}

function jobOf(j: IppGroup): JobAttributes {
  return {
    id: Number(j['job-id'] ?? 0),
    state: String(j['job-state'] ?? 'unknown'),
    reasons: list(j['job-state-reasons']).filter((r) => r !== 'none'),
  };
}
