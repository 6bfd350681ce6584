import { getSection, type SectionId } from '@nhicard/protocol';
import type { Insertion, VirtualReader } from './virtual-reader.js';

/**
 * The csHIS return codes the simulator answers with, chosen from the NHI table
 * (`nhi-error-codes.txt`) so the catalog maps each one as it would for the real DLL.
 */
export const SIMULATOR_CODES = {
  /** 未置入健保 IC 卡 → `NO_CARD`. */
  noCard: 4013,
  /** 所置入非健保 IC 卡 → `NOT_AN_NHI_CARD`: every read of a card that is not an NHI card. */
  notNhiCard: 4033,
  /**
   * 健保卡讀取/寫入作業異常 → `CARD_ERROR` (retryable): a read before SAM authentication has
   * finished (status 1). No code in the table names exactly "card not yet authenticated with
   * the SAM"; 4043 is the DLL's generic failed card operation and is retryable, whereas 4029
   * (IC 卡權限不足) is final and 4050 blames the SAM's link to the IDC, which is fine here.
   */
  notReady: 4043,
  /** 未置入醫事人員卡 → `HPC_REQUIRED`: a section that needs an HPC, with none inserted. */
  hpcMissing: 4014,
  /** 未置入醫事人員卡，僅能讀取重大傷病有效起訖日期 → `HPC_REQUIRED`: `criticalIllness` without HPC. */
  criticalIllnessWithoutHpc: 5141,
  /** 原 PIN 碼尚未通過認證 → `PIN_REQUIRED`: nobody entered the PIN (PIN pad answer `none`). */
  pinNotEntered: 5105,
  /** 使用者所輸入之 pin 值，與卡上之 pin 值不合 → `PIN_REQUIRED`: a wrong PIN. */
  pinWrong: 5102,
  /** 密碼輸入過程按『取消』鍵 → `PIN_REQUIRED`: Cancel pressed on the PIN pad. */
  pinCancelled: 5109,
  /** 讀卡機 timeout → `TIMEOUT`: the default code of a reader fault. */
  readerTimeout: 4000,
} as const;

/**
 * What the card decides about one read: the csHIS code it fails with, the PIN it used, or
 * (`ask`) that the PIN dialog opens and the typed PIN decides.
 */
export type AccessDecision =
  | { allowed: false; code: number }
  | { allowed: true; verifiesPin: boolean }
  | { allowed: 'ask' };

/** The decision once a PIN was typed into the dialog (null: Cancel pressed). */
export function typedPinDecision(insertion: Insertion, typed: string | null): AccessDecision {
  if (typed === null) return { allowed: false, code: SIMULATOR_CODES.pinCancelled };
  if (typed !== insertion.card.pin) return { allowed: false, code: SIMULATOR_CODES.pinWrong };
  return { allowed: true, verifiesPin: true };
}

function pinDecision(reader: VirtualReader): AccessDecision {
  switch (reader.pinEntry) {
    case 'prompt':
      return { allowed: 'ask' };
    case 'correct':
      return { allowed: true, verifiesPin: true };
    case 'wrong':
      return { allowed: false, code: SIMULATOR_CODES.pinWrong };
    case 'cancel':
      return { allowed: false, code: SIMULATOR_CODES.pinCancelled };
    default:
      return { allowed: false, code: SIMULATOR_CODES.pinNotEntered };
  }
}

/**
 * Whether the card in `reader` lets `section` be read now, following the DLL's order of
 * checks: the card's kind, SAM authentication, then what the section needs per the protocol's
 * section registry (an HPC in the second slot, or the holder's PIN when the card has one set).
 */
export function decideAccess(
  reader: VirtualReader,
  insertion: Insertion,
  section: SectionId,
): AccessDecision {
  if (insertion.card.kind === 'not-nhi')
    return { allowed: false, code: SIMULATOR_CODES.notNhiCard };
  if (!reader.samAuthenticated) return { allowed: false, code: SIMULATOR_CODES.notReady };
  const { needs } = getSection(section);
  if (needs === 'hpc' && !reader.hpcInserted) {
    const code =
      section === 'criticalIllness'
        ? SIMULATOR_CODES.criticalIllnessWithoutHpc
        : SIMULATOR_CODES.hpcMissing;
    return { allowed: false, code };
  }
  if (needs === 'pin' && insertion.card.pin !== null && !reader.pinVerified) {
    return pinDecision(reader);
  }
  return { allowed: true, verifiesPin: false };
}
