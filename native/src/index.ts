/** @packageDocumentation Card drivers for nhicard: one interface, several ways to reach a card. */
export type {
  CardDriver,
  CardStatus,
  DriverCapabilities,
  DriverEvent,
  DriverKind,
  ReaderDescriptor,
  ReadOptions,
} from './card-driver.js';
export { type CshisDriver, type CshisHostState, createCshisDriver } from './cshis/cshis-driver.js';
export {
  type CshisDllSearch,
  type CshisDriverOptions,
  type CshisLog,
  DEFAULT_CSHIS_DLL_PATHS,
  findCshisDll,
} from './cshis/cshis-options.js';
export type { CshisSessionInfo } from './cshis/cshis-session.js';
export type { CshisHostCommand, CshisWineOptions } from './cshis/host-command.js';
export { type CshisProbe, probeCshis } from './cshis/probe-cshis.js';
export { DriverError, type DriverErrorOptions, type NativeFailure } from './driver-error.js';
export type {
  PcscApi,
  ReaderStateQuery,
  ReaderStateResult,
  ScardHandle,
} from './pcsc/pcsc-api.js';
export { createPcscDriver, type PcscDriver } from './pcsc/pcsc-driver.js';
export type { PcscDriverOptions } from './pcsc/pcsc-driver-options.js';
export { describeScardCode, formatScardCode } from './pcsc/pcsc-error.js';
export {
  type PcscProbe,
  type ProbedReader,
  type ProbedSlot,
  type ProbePcscOptions,
  probePcsc,
} from './pcsc/probe-pcsc.js';
export { SCARD_CODES, type ScardCodeEntry } from './pcsc/scard-codes.js';
export { type CardFile, loadCardFile, parseCardFile } from './simulator/card-file.js';
export { CardFileError } from './simulator/card-file-error.js';
export {
  DEMO_CARD_IDS,
  type DemoCardId,
  demoCardPath,
  isDemoCardId,
  loadDemoCard,
  loadDemoCards,
} from './simulator/demo-cards.js';
export type { FailureInjection, InjectedFailure } from './simulator/failure-injection.js';
export { DEFAULT_READ_LATENCY_MS, type ReadLatencyMs } from './simulator/read-latency.js';
export {
  createSimulatorDriver,
  type SimulatorControl,
  type SimulatorDriver,
  type SimulatorDriverOptions,
} from './simulator/simulator-driver.js';
export type { VirtualCard, VirtualCardKind } from './simulator/virtual-card.js';
export type { PinEntry } from './simulator/virtual-reader.js';
