import type { NativeErrorRow } from './native-error-entry.js';
import { VHC_ERROR_ROWS } from './native-errors-vhc.js';

/**
 * A row of the connected table that the offline table repeats word for word (the SDK's local
 * database failures), under its offline code: the text and the mapping are written once.
 */
function repeatedRow(connectedCode: number, code: number): NativeErrorRow {
  const row = VHC_ERROR_ROWS.find((candidate) => candidate.code === connectedCode);
  if (row === undefined) throw new Error(`the connected table has no code ${connectedCode}`);
  return { ...row, code };
}

/**
 * The virtual NHI card SDK's offline-mode table (虛擬健保卡離線狀態錯誤代碼表), in the order
 * of the NHI document. `messageZh` is byte-identical to the document. The same mapping
 * choices as the connected table apply (see `native-errors-vhc.ts`); rows it repeats word for
 * word are taken from there, with the text in a comment.
 */
export const VHC_OFFLINE_ERROR_ROWS: readonly NativeErrorRow[] = [
  {
    code: 2000,
    messageZh: '離線狀態下成功讀取 QRCode',
    messageEn: 'QR code read successfully while offline',
    category: 'success',
    retryable: false,
    protocolCode: 'INTERNAL',
    hint: 'none',
  },
  {
    code: 2101,
    messageZh: 'QRCode 已過有效期限',
    messageEn: 'The QR code has expired',
    category: 'virtual-card',
    retryable: true,
    protocolCode: 'NO_CARD',
    hint: 'rescanQr',
  },
  {
    code: 2102,
    messageZh: '系統時間不一致，請調整電腦系統時間',
    messageEn: "The system time does not match; adjust the computer's date and time",
    category: 'config',
    retryable: true,
    protocolCode: 'READER_ERROR',
    hint: 'syncClock',
  },
  {
    code: 2103,
    messageZh: 'SDK 必須是離線狀態',
    messageEn: 'The SDK must be offline',
    category: 'config',
    retryable: false,
    protocolCode: 'UNSUPPORTED',
    hint: 'checkSdkMode',
  },
  {
    code: 2105,
    messageZh: '就診日期時間錯誤',
    messageEn: 'The visit date and time are wrong',
    category: 'virtual-card',
    retryable: false,
    protocolCode: 'CARD_ERROR',
    hint: 'checkVisitData',
  },
  {
    code: 2106,
    messageZh: 'SDK 目前是離線狀態',
    messageEn: 'The SDK is offline at the moment',
    category: 'network',
    retryable: true,
    protocolCode: 'NETWORK_ERROR',
    hint: 'goOnline',
  },
  {
    code: 2107,
    messageZh: '離線上傳失敗',
    messageEn: 'The offline upload failed',
    category: 'network',
    retryable: true,
    protocolCode: 'NETWORK_ERROR',
    hint: 'checkNetwork',
  },
  {
    code: 2108,
    messageZh: 'QRCode 解密錯誤',
    messageEn: 'The QR code could not be decrypted',
    category: 'virtual-card',
    retryable: true,
    protocolCode: 'CARD_ERROR',
    hint: 'rescanQr',
  },
  repeatedRow(1026, 2109), // 設置檔無 Device Token
  {
    code: 2201,
    messageZh: '就醫資料離線寫入資料庫失敗',
    messageEn: 'Failed to write the visit data to the database while offline',
    category: 'database',
    retryable: true,
    protocolCode: 'READER_ERROR',
    hint: 'checkDatabase',
  },
  repeatedRow(1034, 2202), // 計算民眾身分證個數失敗
  repeatedRow(1038, 2203), // 處方箋資料離線寫入資料庫失敗
  {
    code: 2204,
    messageZh: '依狀態取資料庫離線就醫資料失敗',
    messageEn: 'Failed to get the offline visit data from the database by status',
    category: 'database',
    retryable: true,
    protocolCode: 'READER_ERROR',
    hint: 'checkDatabase',
  },
  repeatedRow(1039, 2205), // 依狀態取資料庫離線處方箋資料失敗
  {
    code: 2206,
    messageZh: '依狀態和就醫日期取資料庫離線處方箋資料失敗',
    messageEn:
      'Failed to get the offline prescription data from the database by status and visit date',
    category: 'database',
    retryable: true,
    protocolCode: 'READER_ERROR',
    hint: 'checkDatabase',
  },
  repeatedRow(1036, 2207), // 更新資料庫就醫診療資料失敗
  repeatedRow(1040, 2208), // 更新資料庫處方箋資料失敗
  repeatedRow(1037, 2209), // 刪除資料庫就醫資料失敗
  repeatedRow(1041, 2210), // 刪除處方箋資料失敗
];
