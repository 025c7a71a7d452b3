// How a USB-HID reader model carries the SAM byte stream in its reports. No public description of
// any model's layout exists, so the layout is configuration: report size, an optional report-ID
// byte, an optional payload-length byte, and the byte that pads the rest of a report.
//
// Without a length byte the padding reaches the frame parser as bytes between frames, which it
// skips while looking for the next preamble; trailing pad bytes are never stripped, because a
// frame's own last byte (CHK) may equal the pad byte.

export interface HidFramingOptions {
  /**
   * Report ID written in front of every output report. node-hid wants the ID as the first byte
   * of each write; 0 for a device that does not number its reports. Default 0.
   */
  outputReportId?: number;
  /** Input reports arrive with a report-ID byte in front (numbered reports). Default false. */
  inputReportId?: boolean;
  /** A payload-length byte leads each report's payload. Default false. */
  lengthPrefix?: boolean;
  /** Fills the rest of a report. Default 0x00. */
  padByte?: number;
}

export interface HidFraming {
  /** Bytes of one report, report ID excluded (the device's declared report size). */
  readonly reportSize: number;
  readonly options: Required<HidFramingOptions>;
  /** Payload bytes one report carries. */
  readonly payloadSize: number;
  /** Host → device: bytes to output reports, each as HIDAsync.write takes it. */
  toOutputReports(bytes: Uint8Array): Uint8Array[];
  /** Device → host: one input report, as node-hid delivers it, to its payload. */
  fromInputReport(report: Uint8Array): Uint8Array;
  /** The device's side, for simulated devices: bytes to input reports. */
  toInputReports(bytes: Uint8Array): Uint8Array[];
  /** The device's side: one output report (as written by the host) to its payload. */
  fromOutputReport(report: Uint8Array): Uint8Array;
}

function checkByte(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xff)
    throw new RangeError(`${name} must be a byte (0-255), got ${v}`);
}

export function createHidFraming(reportSize: number, opts: HidFramingOptions = {}): HidFraming {
  const options: Required<HidFramingOptions> = {
    outputReportId: opts.outputReportId ?? 0,
    inputReportId: opts.inputReportId ?? false,
    lengthPrefix: opts.lengthPrefix ?? false,
    padByte: opts.padByte ?? 0,
  };
  checkByte('outputReportId', options.outputReportId);
  checkByte('padByte', options.padByte);
  const prefix = options.lengthPrefix ? 1 : 0;
  if (!Number.isInteger(reportSize) || reportSize <= prefix || reportSize > 1024)
    throw new RangeError(
      `reportSize must be an integer from ${prefix + 1} to 1024, got ${reportSize}`,
    );
  // A length byte cannot count past 255.
  const payloadSize = Math.min(reportSize - prefix, options.lengthPrefix ? 255 : Infinity);

  /** Splits into reports: [id?] [len?] payload, padded to the report size. */
  const encode = (bytes: Uint8Array, withId: boolean, id: number): Uint8Array[] => {
    const reports: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += payloadSize) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + payloadSize));
      const head = withId ? 1 : 0;
      const report = new Uint8Array(head + reportSize).fill(options.padByte);
      if (withId) report[0] = id;
      if (options.lengthPrefix) report[head] = piece.length;
      report.set(piece, head + prefix);
      reports.push(report);
    }
    return reports;
  };

  const decode = (report: Uint8Array, withId: boolean): Uint8Array => {
    const head = withId ? 1 : 0;
    const body = report.subarray(Math.min(report.length, head));
    if (!options.lengthPrefix) return body.slice(0, reportSize);
    const n = Math.min(body[0] ?? 0, body.length - 1, payloadSize);
    return body.slice(1, 1 + n);
  };

  return {
    reportSize,
    options,
    payloadSize,
    toOutputReports: (bytes) => encode(bytes, true, options.outputReportId),
    fromInputReport: (report) => decode(report, options.inputReportId),
    toInputReports: (bytes) => encode(bytes, options.inputReportId, options.outputReportId),
    fromOutputReport: (report) => decode(report, true),
  };
}

/**
 * Parses a framing as written in configuration or on the command line:
 * `report-id=2,input-report-id,length,pad=0xff` (every part optional).
 */
export function parseHidFraming(reportSize: number, spec: string): HidFraming {
  const opts: HidFramingOptions = {};
  const byte = (name: string, raw: string | undefined): number => {
    const n = raw === undefined ? NaN : Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 255)
      throw new RangeError(`HID framing: ${name} needs a byte value (0-255 or 0x00-0xff)`);
    return n;
  };
  for (const part of spec.split(',')) {
    const [key, value] = part
      .trim()
      .split('=', 2)
      .map((s) => s.trim());
    if (!key) continue;
    if (key === 'report-id') opts.outputReportId = byte(key, value);
    else if (key === 'input-report-id') opts.inputReportId = true;
    else if (key === 'length') opts.lengthPrefix = true;
    else if (key === 'pad') opts.padByte = byte(key, value);
    else
      throw new RangeError(
        `HID framing: unknown part "${key}" (report-id=N, input-report-id, length, pad=N)`,
      );
  }
  return createHidFraming(reportSize, opts);
}
