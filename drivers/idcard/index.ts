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
export { SW3, IdCardError, statusError, CITIZEN_MESSAGE, type IdCardErrorCode } from './status.ts';
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
export { encodeSimulatorPhoto, testPortraitPng } from './sim-photo.ts';
export {
  openSerialTransport,
  createInProcessPair,
  type ByteTransport,
  type InProcessPairOptions,
} from './transport.ts';
export {
  IdCardReader,
  MIN_POLL_INTERVAL_MS,
  DEFAULT_STEP_TIMEOUTS,
  type IdCardReaderOptions,
  type ReadOutcome,
  type ReaderHealth,
  type StepTimeouts,
} from './reader.ts';
export {
  IdCardSimulator,
  DEFAULT_SAM_ID,
  type SimulatorFault,
  type SimulatedCardState,
} from './simulator.ts';
export { CardFixture, loadCardFixture, parseCardFixture, fixtureToCardText } from './fixture.ts';
export { startSerialSimulator } from './serial-simulator.ts';
export { createPtyPair, type PtyPair } from './pty-pair.ts';
