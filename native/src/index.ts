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
export { type CompositeDriver, createCompositeDriver } from './composite/composite-driver.js';
export { type Cs6Driver, createCs6Driver } from './cs6/cs6-driver.js';
export type { Cs6DriverOptions } from './cs6/cs6-options.js';
export { type Cs6Probe, probeCs6 } from './cs6/probe-cs6.js';
export { type CshisDriver, type CshisHostState, createCshisDriver } from './cshis/cshis-driver.js';
export {
  type CshisDllSearch,
  type CshisDriverOptions,
  type CshisLog,
  findCshisDll,
} from './cshis/cshis-options.js';
export type { CshisSessionInfo } from './cshis/cshis-session.js';
export type { CshisHostCommand, CshisWineOptions } from './cshis/host-command.js';
export { type CshisProbe, probeCshis } from './cshis/probe-cshis.js';
export { DriverError, type DriverErrorOptions, type NativeFailure } from './driver-error.js';
export { createPcscDriver, type PcscDriver } from './pcsc/pcsc-driver.js';
export type { PcscDriverOptions } from './pcsc/pcsc-driver-options.js';
export {
  type PcscProbe,
  type ProbedReader,
  type ProbedSlot,
  type ProbePcscOptions,
  probePcsc,
} from './pcsc/probe-pcsc.js';
export type { PeerOwner } from './peer-owner/peer-endpoint.js';
export { createPeerOwnerCheck, type PeerOwnerCheck } from './peer-owner/peer-owner.js';
export { loadCardFile } from './simulator/card-file.js';
export { CardFileError } from './simulator/card-file-error.js';
export {
  DEMO_CARD_IDS,
  type DemoCardId,
  isDemoCardId,
  loadDemoCard,
} from './simulator/demo-cards.js';
export type { FailureInjection, InjectedFailure } from './simulator/failure-injection.js';
export type { ReadLatencyMs } from './simulator/read-latency.js';
export {
  createSimulatorDriver,
  type SimulatorControl,
  type SimulatorDriver,
  type SimulatorDriverOptions,
} from './simulator/simulator-driver.js';
export type { VirtualCard, VirtualCardKind } from './simulator/virtual-card.js';
export type { PinEntry } from './simulator/virtual-reader.js';
export { probeVhc, type VhcProbe } from './vhc/probe-vhc.js';
export { createVhcDriver, type VhcDriver } from './vhc/vhc-driver.js';
export type { VhcDriverOptions } from './vhc/vhc-options.js';
export {
  bindWindowsRootStore,
  type WindowsRootStore,
} from './windows-trust/windows-root-store.js';
