// What the HIS registration example's form shows, read the same way by every Chromium test of
// it (the simulator, the virtual card and the CS 6.0 console all fill the same form).
import type { Page } from 'playwright-core';

/** The ids of the form's inputs that a card fills. */
const CARD_FIELDS = [
  'name',
  'id-number',
  'birth-roc',
  'birth-ad',
  'card-number',
  'insurance-status',
  'card-expiry',
] as const;

/** The adult demo card's holder as the form shows it; the insurance fields differ by source. */
export const ADULT_HOLDER_FIELDS = {
  name: '林志明',
  'id-number': 'F123456784',
  'birth-roc': '074/03/14',
  'birth-ad': '1985-03-14',
  sex: 'male',
  'card-number': '000031415926',
} as const;

/** The form's card fields and the checked sex, as the page shows them. */
export async function formValues(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const id of CARD_FIELDS) values[id] = await page.inputValue(`#${id}`);
  values.sex = await page.evaluate(
    () => document.querySelector<HTMLInputElement>('input[name="sex"]:checked')?.value ?? '',
  );
  return values;
}

/** The page's error box, as shown: whether hidden, its code and its texts. */
export function errorBox(page: Page): Promise<{
  hidden: boolean;
  code: string;
  zh: string;
  zhHint: string;
  en: string;
}> {
  return page.$eval('#error-box', (box) => ({
    hidden: (box as HTMLElement).hidden,
    code: (box as HTMLElement).dataset.code ?? '',
    zh: box.querySelector('.zh')?.textContent ?? '',
    zhHint: box.querySelector('.zh-hint')?.textContent ?? '',
    en: box.querySelector('.en')?.textContent ?? '',
  }));
}

/** Types a QR code into the QR field the way a scanner does: the text, then Enter. */
export async function scanQr(page: Page, qr: string): Promise<void> {
  await page.fill('#qr-input', qr);
  await page.press('#qr-input', 'Enter');
}
