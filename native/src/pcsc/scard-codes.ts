import type { ErrorCode } from '@nhicard/protocol';

/** One PC/SC result code the driver knows, and the protocol code it is reported as. */
export interface ScardCodeEntry {
  /** The code as an unsigned 32-bit number (e.g. `0x8010000C`). */
  readonly code: number;
  /** The name in the PC/SC headers (e.g. `SCARD_E_NO_SMARTCARD`). */
  readonly name: string;
  /** What it means, in English. */
  readonly messageEn: string;
  /** What it means, in zh-TW (Taiwan usage: 讀卡機, 卡片, 服務). */
  readonly messageZh: string;
  /** The protocol error code it is reported as. */
  readonly protocolCode: ErrorCode;
}

type Row = readonly [code: number, name: string, protocolCode: ErrorCode, en: string, zh: string];

// The codes a reader, a card or the service can produce while the driver lists readers,
// watches them and reads the basic data. Codes of APIs the driver never calls (key
// containers, certificates, PIN cache, …) are left to the generic "unknown" entry.
// biome-ignore format: one row per code reads as a table
const ROWS: readonly Row[] = [
  [0x0000_0000, 'SCARD_S_SUCCESS', 'INTERNAL', 'Success', '成功'],
  [0x8010_0001, 'SCARD_F_INTERNAL_ERROR', 'READER_ERROR', 'Internal error in the PC/SC service', 'PC/SC 服務內部錯誤'],
  [0x8010_0002, 'SCARD_E_CANCELLED', 'BUSY', 'The action was cancelled', '動作已取消'],
  [0x8010_0003, 'SCARD_E_INVALID_HANDLE', 'READER_ERROR', 'The PC/SC context or card handle is no longer valid', 'PC/SC 連線或卡片代碼已失效'],
  [0x8010_0004, 'SCARD_E_INVALID_PARAMETER', 'INTERNAL', 'Invalid parameter', '參數錯誤'],
  [0x8010_0006, 'SCARD_E_NO_MEMORY', 'INTERNAL', 'Not enough memory', '記憶體不足'],
  [0x8010_0007, 'SCARD_F_WAITED_TOO_LONG', 'TIMEOUT', 'An internal wait timed out', 'PC/SC 服務內部等待逾時'],
  [0x8010_0008, 'SCARD_E_INSUFFICIENT_BUFFER', 'INTERNAL', 'The receive buffer is too small', '接收緩衝區太小'],
  [0x8010_0009, 'SCARD_E_UNKNOWN_READER', 'NO_READER', 'The reader is not known (unplugged?)', '找不到此讀卡機(已拔除?)'],
  [0x8010_000a, 'SCARD_E_TIMEOUT', 'TIMEOUT', 'The operation timed out', '操作逾時'],
  [0x8010_000b, 'SCARD_E_SHARING_VIOLATION', 'BUSY', 'Another program is using the card exclusively', '卡片正被其他程式獨占使用'],
  [0x8010_000c, 'SCARD_E_NO_SMARTCARD', 'NO_CARD', 'No card in the reader', '讀卡機中沒有卡片'],
  [0x8010_000d, 'SCARD_E_UNKNOWN_CARD', 'CARD_ERROR', 'The card is not known', '無法識別的卡片'],
  [0x8010_000e, 'SCARD_E_CANT_DISPOSE', 'READER_ERROR', 'The reader cannot eject, reset or power down the card', '讀卡機無法處置卡片'],
  [0x8010_000f, 'SCARD_E_PROTO_MISMATCH', 'CARD_ERROR', 'The card does not speak the requested protocol (T=0/T=1)', '卡片不支援所要求的通訊協定(T=0/T=1)'],
  [0x8010_0010, 'SCARD_E_NOT_READY', 'READER_ERROR', 'The reader or card is not ready', '讀卡機或卡片尚未就緒'],
  [0x8010_0011, 'SCARD_E_INVALID_VALUE', 'INTERNAL', 'Invalid value', '數值錯誤'],
  [0x8010_0012, 'SCARD_E_SYSTEM_CANCELLED', 'READER_ERROR', 'The system cancelled the action (logoff or shutdown)', '系統已取消動作(登出或關機)'],
  [0x8010_0013, 'SCARD_F_COMM_ERROR', 'READER_ERROR', 'Internal communication error with the PC/SC service', '與 PC/SC 服務通訊錯誤'],
  [0x8010_0014, 'SCARD_F_UNKNOWN_ERROR', 'READER_ERROR', 'Unknown internal error in the PC/SC service', 'PC/SC 服務發生未知錯誤'],
  [0x8010_0015, 'SCARD_E_INVALID_ATR', 'CARD_ERROR', 'The card answered reset with an invalid ATR', '卡片重置回應(ATR)無效'],
  [0x8010_0016, 'SCARD_E_NOT_TRANSACTED', 'CARD_ERROR', 'The command could not be exchanged with the card', '無法與卡片交換指令'],
  [0x8010_0017, 'SCARD_E_READER_UNAVAILABLE', 'READER_ERROR', 'The reader is not available', '讀卡機無法使用'],
  [0x8010_0018, 'SCARD_P_SHUTDOWN', 'READER_ERROR', 'The PC/SC service is shutting down', 'PC/SC 服務正在關閉'],
  [0x8010_0019, 'SCARD_E_PCI_TOO_SMALL', 'INTERNAL', 'The protocol control information buffer is too small', '通訊協定控制資訊緩衝區太小'],
  [0x8010_001a, 'SCARD_E_READER_UNSUPPORTED', 'READER_ERROR', 'The reader driver does not meet the requirements', '讀卡機驅動程式不符需求'],
  [0x8010_001b, 'SCARD_E_DUPLICATE_READER', 'READER_ERROR', 'The reader driver created a duplicate reader name', '讀卡機名稱重複'],
  [0x8010_001c, 'SCARD_E_CARD_UNSUPPORTED', 'CARD_ERROR', 'The card is not supported', '不支援此卡片'],
  [0x8010_001d, 'SCARD_E_NO_SERVICE', 'READER_ERROR', 'The PC/SC smart card service is not running', 'PC/SC 智慧卡服務未執行'],
  [0x8010_001e, 'SCARD_E_SERVICE_STOPPED', 'READER_ERROR', 'The PC/SC smart card service has stopped', 'PC/SC 智慧卡服務已停止'],
  [0x8010_001f, 'SCARD_E_UNEXPECTED', 'READER_ERROR', 'Unexpected error (pcsc-lite: feature not supported)', '未預期的錯誤(pcsc-lite:不支援的功能)'],
  [0x8010_0022, 'SCARD_E_UNSUPPORTED_FEATURE', 'READER_ERROR', 'The reader or driver does not support this feature', '讀卡機或驅動程式不支援此功能'],
  [0x8010_002e, 'SCARD_E_NO_READERS_AVAILABLE', 'NO_READER', 'No card reader is connected', '未連接任何讀卡機'],
  [0x8010_002f, 'SCARD_E_COMM_DATA_LOST', 'READER_ERROR', 'Communication with the reader was lost', '與讀卡機的通訊中斷'],
  [0x8010_0031, 'SCARD_E_SERVER_TOO_BUSY', 'BUSY', 'The PC/SC service is too busy', 'PC/SC 服務忙碌中'],
  [0x8010_0065, 'SCARD_W_UNSUPPORTED_CARD', 'CARD_ERROR', 'The card is not supported by the reader', '讀卡機不支援此卡片'],
  [0x8010_0066, 'SCARD_W_UNRESPONSIVE_CARD', 'CARD_ERROR', 'The card does not answer (inserted the wrong way round?)', '卡片沒有回應(插反了?)'],
  [0x8010_0067, 'SCARD_W_UNPOWERED_CARD', 'CARD_ERROR', 'The card is not powered', '卡片未通電'],
  [0x8010_0068, 'SCARD_W_RESET_CARD', 'BUSY', 'Another program reset the card', '卡片已被其他程式重置'],
  [0x8010_0069, 'SCARD_W_REMOVED_CARD', 'CARD_REMOVED', 'The card was removed', '卡片已被移除'],
];

/** Every code the driver maps, by its unsigned value. */
export const SCARD_CODES: ReadonlyMap<number, ScardCodeEntry> = new Map(
  ROWS.map(([code, name, protocolCode, messageEn, messageZh]) => [
    code,
    Object.freeze({ code, name, protocolCode, messageEn, messageZh }),
  ]),
);

/** Named codes the driver's logic tests for. */
export const SCARD = {
  SUCCESS: 0x0000_0000,
  E_CANCELLED: 0x8010_0002,
  E_INVALID_HANDLE: 0x8010_0003,
  E_INSUFFICIENT_BUFFER: 0x8010_0008,
  E_UNKNOWN_READER: 0x8010_0009,
  E_TIMEOUT: 0x8010_000a,
  E_SHARING_VIOLATION: 0x8010_000b,
  E_NO_SMARTCARD: 0x8010_000c,
  E_NOT_TRANSACTED: 0x8010_0016,
  E_READER_UNAVAILABLE: 0x8010_0017,
  E_NO_SERVICE: 0x8010_001d,
  E_SERVICE_STOPPED: 0x8010_001e,
  E_NO_READERS_AVAILABLE: 0x8010_002e,
  F_COMM_ERROR: 0x8010_0013,
  W_UNRESPONSIVE_CARD: 0x8010_0066,
  W_RESET_CARD: 0x8010_0068,
  W_REMOVED_CARD: 0x8010_0069,
} as const;
