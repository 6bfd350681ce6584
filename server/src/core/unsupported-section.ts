import type { DriverName, SectionId } from '@nhicard/protocol';
import { BrokerError } from './broker-error.js';

/** Why each driver that cannot read every section cannot, and what to do about it. */
const WHY: Partial<Record<DriverName, { why: string; hint: string; hintZh: string }>> = {
  pcsc: {
    why: 'it needs csHIS.dll and a SAM',
    hint: 'Read this section with the cshis driver (csHIS.dll and a SAM)',
    hintZh: '此項資料需使用健保署讀卡控制軟體 (csHIS) 與 SAM 讀取',
  },
  cs6: {
    why: 'the CS 6.0 console gives card data only from the NHI cloud (over the VPN, with a SAM signature), which nhicard does not call',
    hint: 'Read the card with the cshis driver, or fetch the data in the HIS through the NHI cloud API',
    hintZh: '請改用 csHIS 讀卡，或由 HIS 經健保署雲端 API 取得此項資料',
  },
  vhc: {
    why: 'a virtual card offers nhicard only its basic data, and through the SDK its insurance data',
    hint: 'Read the other data through the NHI cloud API in the HIS',
    hintZh: '虛擬健保卡僅提供基本資料，其他資料請由 HIS 經健保署雲端 API 取得',
  },
};

/** The `UNSUPPORTED` error for a section a reader's driver cannot read, with the reason. */
export function unsupportedSection(driver: DriverName, section: SectionId): BrokerError {
  const known = WHY[driver];
  if (known === undefined) {
    return new BrokerError(
      'UNSUPPORTED',
      `The ${driver} driver cannot read the ${section} section.`,
    );
  }
  return new BrokerError(
    'UNSUPPORTED',
    `The ${driver} driver cannot read the ${section} section: ${known.why}.`,
    { hint: known.hint, hintZh: known.hintZh },
  );
}
