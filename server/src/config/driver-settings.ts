import { VHC_MODES } from './driver-config.js';
import { type ConfigSetting, countType, msType, setting } from './setting-spec.js';
import { httpUrlType, integerType, oneOfType, pathType, readLatencyType } from './value-types.js';

/** The simulator's, PC/SC's and csHIS's settings. */
export const DRIVER_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'simulator.readers',
    env: 'NHICARD_SIM_READERS',
    flag: 'sim-readers',
    type: integerType(0, 64),
    summary: 'simulator: number of virtual readers (sim-0, sim-1, …)',
    defaultText: '1',
  }),
  setting({
    key: 'simulator.samAuthDelayMs',
    env: 'NHICARD_SIM_SAM_DELAY_MS',
    flag: 'sim-sam-delay-ms',
    type: msType(0),
    summary: 'simulator: how long an inserted card stays not-ready (SAM authentication)',
    defaultText: '1000',
  }),
  setting({
    key: 'simulator.readLatencyMs',
    env: 'NHICARD_SIM_READ_LATENCY_MS',
    flag: 'sim-read-latency-ms',
    type: readLatencyType,
    summary: 'simulator: time of each section read (config file: also per section)',
    defaultText: 'per section, 200–1500',
  }),
  setting({
    key: 'simulator.cardDirectory',
    env: 'NHICARD_SIM_CARD_DIR',
    flag: 'sim-card-dir',
    type: pathType,
    summary: 'simulator: folder of card files (<name>.json) that sim insert can name',
    defaultText: 'none (the demo cards only)',
  }),
  setting({
    key: 'pcsc.libraryPath',
    env: 'NHICARD_PCSC_LIBRARY',
    flag: 'pcsc-library',
    type: pathType,
    summary: 'PC/SC: the platform library to load',
    defaultText: 'libpcsclite.so.1 / winscard.dll / PCSC.framework',
  }),
  setting({
    key: 'cshis.dllPath',
    env: 'NHICARD_CSHIS_DLL',
    flag: 'cshis-dll',
    type: pathType,
    summary: 'csHIS: the DLL to load',
    defaultText: 'the usual install locations (C:\\NHI\\BIN\\csHIS.dll, …)',
  }),
  setting({
    key: 'cshis.nodePath',
    env: 'NHICARD_CSHIS_NODE',
    flag: 'cshis-node',
    type: pathType,
    summary: 'csHIS: the 32-bit node.exe that hosts the DLL',
    defaultText: "the broker's own Node when it is 32-bit",
  }),
  setting({
    key: 'cshis.koffiPath',
    env: 'NHICARD_CSHIS_KOFFI',
    flag: 'cshis-koffi',
    type: pathType,
    summary: "csHIS: koffi for the host, e.g. @koromix/koffi-win32-ia32's folder",
    defaultText: "the host's own koffi",
  }),
  setting({
    key: 'cshis.logDir',
    env: 'NHICARD_CSHIS_LOG_DIR',
    flag: 'cshis-log-dir',
    type: pathType,
    summary: "csHIS: folder of the host's log file (no card data)",
    defaultText: 'the temporary folder',
  }),
  setting({
    key: 'cshis.hostStartTimeoutMs',
    env: 'NHICARD_CSHIS_HOST_START_TIMEOUT_MS',
    flag: 'cshis-host-start-timeout-ms',
    type: msType(1),
    summary: 'csHIS: time for the 32-bit host to start and connect back',
    defaultText: '15000',
  }),
  setting({
    key: 'cshis.openTimeoutMs',
    env: 'NHICARD_CSHIS_OPEN_TIMEOUT_MS',
    flag: 'cshis-open-timeout-ms',
    type: msType(1),
    summary: 'csHIS: time for loading the DLL and csOpenCom (which may check the SAM)',
    defaultText: '20000',
  }),
  setting({
    key: 'cshis.port',
    env: 'NHICARD_CSHIS_PORT',
    flag: 'cshis-port',
    type: countType(0, 255),
    summary: "csHIS: the reader's COM port for csOpenCom (0 = COM1)",
    defaultText: '0',
  }),
];

/** The virtual NHI card's and the CS 6.0 console's settings. */
export const CONSOLE_READER_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'vhc.mode',
    env: 'NHICARD_VHC',
    flag: 'vhc',
    type: oneOfType(VHC_MODES),
    summary:
      'virtual NHI card reader (vhc-0) next to the main driver; auto: when the SDK answers at vhc.url',
    defaultText: 'auto',
  }),
  setting({
    key: 'vhc.url',
    env: 'NHICARD_VHC_URL',
    flag: 'vhc-url',
    type: httpUrlType,
    summary: "virtual NHI card: the SDK's local URL",
    defaultText: 'http://localhost:3033/',
  }),
  setting({
    key: 'vhc.qrValidityMs',
    env: 'NHICARD_VHC_QR_VALIDITY_MS',
    flag: 'vhc-qr-validity-ms',
    type: msType(1),
    summary: 'virtual NHI card: how long an accepted QR code stays inserted',
    defaultText: '300000',
  }),
  setting({
    key: 'cs6.url',
    env: 'NHICARD_CS6_URL',
    flag: 'cs6-url',
    type: httpUrlType,
    summary: "CS 6.0: the reader console's local URL (self-signed HTTPS)",
    defaultText: 'https://localhost:5066',
  }),
];
