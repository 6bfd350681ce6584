import type { CardPresence } from '@nhicard/protocol';

/** `hisGetCardStatus` card type of the NHI card (1 = SAM, 3 = health-professional card). */
export const NHI_CARD_TYPE = 2;

/** `hisGetCardStatus(2)` once the holder's PIN has been verified for this insertion. */
export const CSHIS_PIN_VERIFIED = 4;

/**
 * What a `hisGetCardStatus(2)` value says about the slot (the csHIS API manual):
 * 0 no card; 1 present, not yet authenticated with the SAM; 2 authenticated with the SAM,
 * 3 with the HPC, 4 PIN verified, 5 with the IDC (all ready to read); 9 not an NHI card;
 * 4000 reader timeout. Any other value is an error code of the DLL: the reader is in error.
 */
export function presenceOfCardStatus(value: number): CardPresence {
  switch (value) {
    case 0:
      return 'no-card';
    case 1:
      return 'not-ready';
    case 2:
    case 3:
    case 4:
    case 5:
      return 'ready';
    case 9:
      return 'not-nhi-card';
    default:
      return 'reader-error';
  }
}

/** Whether a card of some kind is in the slot for this presence (an insertion starts). */
export function holdsCard(presence: CardPresence): boolean {
  return presence === 'not-ready' || presence === 'ready' || presence === 'not-nhi-card';
}
