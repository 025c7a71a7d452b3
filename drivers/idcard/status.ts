// SW3 status bytes and the driver's one error type. Judge by SW3 alone: for some failures SW1/SW2
// carry the card's own APDU status.

export const SW3 = {
  OK: 0x90,
  FIND_OK: 0x9f,
  NO_CONTENT: 0x91,
  REQUEST_CHECKSUM: 0x10,
  REQUEST_LENGTH: 0x11,
  COMMAND_ERROR: 0x21,
  NOT_PERMITTED: 0x23,
  UNKNOWN_ERROR: 0x24,
  CARD_AUTH_SAM_FAILED: 0x31,
  SAM_AUTH_CARD_FAILED: 0x32,
  VERIFICATION_ERROR: 0x33,
  UNKNOWN_CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SAM_SELF_TEST_FAILED: 0x60,
  SAM_NOT_AUTHORISED: 0x66,
  /** Find failed, or the card on the reader has already been read. */
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const;

export type IdCardErrorCode =
  /** No card on the reader (80). */
  | 'no-card'
  /** The card could not be read: the citizen should lift and replace it. */
  | 'reread'
  /** The reader or its SAM is broken or refuses: staff must look at it. */
  | 'reader-fault'
  /** The reader said our request arrived corrupted (10, 11): worth a retry. */
  | 'line-error'
  /** The card has no such content (91, e.g. no newer address). */
  | 'no-content'
  /** The reader did not answer within the step timeout, retries included. */
  | 'timeout'
  /** The transport closed (cable pulled, port gone, reader closed). */
  | 'disconnected'
  /** The reader answered with data the driver cannot make sense of. */
  | 'bad-data';

export const CITIZEN_MESSAGE = {
  placeCard: '请放置身份证',
  replaceCard: '请重新放置身份证',
  readerFault: '读卡器故障，请联系工作人员',
} as const;

const MESSAGE_FOR: Record<IdCardErrorCode, string> = {
  'no-card': CITIZEN_MESSAGE.placeCard,
  reread: CITIZEN_MESSAGE.replaceCard,
  'no-content': CITIZEN_MESSAGE.replaceCard,
  'bad-data': CITIZEN_MESSAGE.replaceCard,
  'reader-fault': CITIZEN_MESSAGE.readerFault,
  'line-error': CITIZEN_MESSAGE.readerFault,
  timeout: CITIZEN_MESSAGE.readerFault,
  disconnected: CITIZEN_MESSAGE.readerFault,
};

export class IdCardError extends Error {
  readonly code: IdCardErrorCode;
  readonly sw3?: number;
  /** What the screen may say; the `message` is for technicians (and never personal data). */
  readonly citizenMessage: string;

  constructor(
    code: IdCardErrorCode,
    message: string,
    opts: { sw3?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'IdCardError';
    this.code = code;
    if (opts.sw3 !== undefined) this.sw3 = opts.sw3;
    this.citizenMessage = MESSAGE_FOR[code];
  }
}

const DESCRIPTION: Record<number, [IdCardErrorCode, string]> = {
  [SW3.NO_CONTENT]: ['no-content', 'no such content'],
  [SW3.REQUEST_CHECKSUM]: ['line-error', 'checksum error in request'],
  [SW3.REQUEST_LENGTH]: ['line-error', 'length error in request'],
  [SW3.COMMAND_ERROR]: ['reader-fault', 'command error'],
  [SW3.NOT_PERMITTED]: ['reader-fault', 'command not permitted'],
  // Unknown errors happen mostly mid-read with a moving card; replacing it is the only remedy.
  [SW3.UNKNOWN_ERROR]: ['reread', 'unknown error'],
  [SW3.CARD_AUTH_SAM_FAILED]: ['reread', 'card failed to authenticate SAM'],
  [SW3.SAM_AUTH_CARD_FAILED]: ['reread', 'SAM failed to authenticate card'],
  [SW3.VERIFICATION_ERROR]: ['reread', 'verification error'],
  [SW3.UNKNOWN_CARD_TYPE]: ['reread', 'unknown card type'],
  [SW3.READ_FAILED]: ['reread', 'read failed'],
  [SW3.RANDOM_FAILED]: ['reread', 'random-number failed'],
  [SW3.SAM_SELF_TEST_FAILED]: ['reader-fault', 'SAM self-test failed'],
  [SW3.SAM_NOT_AUTHORISED]: ['reader-fault', 'SAM not authorised'],
  [SW3.FIND_FAILED]: ['no-card', 'no card found (or already read)'],
  [SW3.SELECT_FAILED]: ['reread', 'select card failed'],
};

export function sw3Hex(sw3: number): string {
  return sw3.toString(16).toUpperCase().padStart(2, '0');
}

/** The typed error for a failing SW3; null for the success codes 90 and 9F. */
export function statusError(sw3: number): IdCardError | null {
  if (sw3 === SW3.OK || sw3 === SW3.FIND_OK) return null;
  const known = DESCRIPTION[sw3];
  const [code, text] = known ?? ['reader-fault', 'undocumented status'];
  return new IdCardError(code, `reader status ${sw3Hex(sw3)}: ${text}`, { sw3 });
}
