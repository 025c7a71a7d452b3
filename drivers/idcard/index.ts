// Public API of the resident-ID-card reader driver (SAM frame protocol), its simulator and tools.
export {
  encodeRequest,
  encodeResponse,
  xorChecksum,
  FrameParser,
  toHex,
  fromHex,
  PREAMBLE,
  MAX_FRAME_BYTES,
  type Frame,
  type FrameOf,
  type FrameParserStats,
  type ParseMode,
  type RequestFrame,
  type ResponseFrame,
} from './frame.ts';
export {
  SW3,
  IdCardError,
  statusError,
  sw3Hex,
  CITIZEN_MESSAGE,
  type IdCardErrorCode,
} from './status.ts';
export { NATIONS, nationName } from './nations.ts';
export {
  checkDigit,
  validateIdNumber,
  type IdNumberCheck,
  type IdNumberProblem,
} from './id-number.ts';
export {
  parseCardText,
  encodeCardText,
  TEXT_BLOCK_BYTES,
  CardTextOverflow,
  type CardLayout,
  type RawCardText,
} from './card-text.ts';
export {
  toCardPerson,
  shanghaiDate,
  ELDER_AGE,
  CARD_TYPE_OF_LAYOUT,
  LAYOUT_OF_CARD_TYPE,
} from './card-person.ts';
export { COMMANDS, type Command } from './commands.ts';
export { formatSamId, encodeSamId } from './sam-id.ts';
export { simulatorPhotoDecoder, WLT_BYTES, type DecodedPhoto, type PhotoDecoder } from './photo.ts';
export {
  createFfiPhotoDecoder,
  chainPhotoDecoders,
  VENDOR_DECODER_SYMBOLS,
  type FfiPhotoDecoder,
  type FfiPhotoDecoderOptions,
  type VendorDecoderSymbol,
} from './photo-ffi.ts';
export {
  portraitBmp,
  rawToPortraitBmp,
  PORTRAIT_BMP_BYTES,
  PORTRAIT_BMP_WIDTH,
  PORTRAIT_BMP_HEIGHT,
  PORTRAIT_RAW_BYTES,
} from './bmp.ts';
export { encodeSimulatorPhoto, testPortraitPng } from './sim-photo.ts';
export {
  openSerialTransport,
  createInProcessPair,
  type ByteTransport,
  type InProcessPairOptions,
  type LinkState,
} from './transport.ts';
export {
  openReopeningTransport,
  openReopeningSerialTransport,
  backoffDelay,
  DEFAULT_BACKOFF,
  type Backoff,
  type ReopeningTransport,
  type ReopeningTransportOptions,
} from './reopening-transport.ts';
export {
  createHidFraming,
  parseHidFraming,
  type HidFraming,
  type HidFramingOptions,
} from './hid-framing.ts';
export {
  openHidTransport,
  openReopeningHidTransport,
  openNodeHidDevice,
  describeHidTarget,
  type HidDeviceLike,
  type HidTarget,
  type HidTransportOptions,
  type OpenHidDevice,
} from './hid-transport.ts';
export {
  IdCardReader,
  MIN_POLL_INTERVAL_MS,
  OFFLINE_GRACE_MS,
  DEFAULT_STEP_TIMEOUTS,
  type IdCardReaderOptions,
  type ReadOutcome,
  type ReaderHealth,
  type StepTimeouts,
} from './reader.ts';
export {
  IdCardSimulator,
  DEFAULT_SAM_ID,
  type IdCardSimulatorOptions,
  type SimulatorFault,
  type SimulatorStats,
  type SimulatedCardState,
} from './simulator.ts';
export {
  parseFaultModes,
  seededRandom,
  FAULT_NAMES,
  FAULT_HELP,
  type FaultName,
  type SimulatorFaultModes,
} from './sim-faults.ts';
export {
  technicianCardRecord,
  TECHNICIAN_RECORD_FIELDS,
  type TechnicianCardRecord,
} from './card-record.ts';
export { CardFixture, loadCardFixture, parseCardFixture, fixtureToCardText } from './fixture.ts';
export { startSerialSimulator } from './serial-simulator.ts';
export { createPtyPair, type PtyPair } from './pty-pair.ts';
