/**
 * Visit types (就醫類別), the 2-character code at the start of every visit record. The project
 * reference gives 01–05; the rest are the codes public HIS code uses with the same table.
 */
export const VISIT_TYPES = {
  '01': { kind: 'western-outpatient', meaning: 'Western-medicine outpatient visit (西醫門診)' },
  '02': { kind: 'dental', meaning: 'Dental outpatient visit (牙醫門診)' },
  '03': { kind: 'chinese-medicine', meaning: 'Chinese-medicine outpatient visit (中醫門診)' },
  '04': { kind: 'emergency', meaning: 'Emergency visit (急診)' },
  '05': { kind: 'inpatient', meaning: 'Inpatient admission (住院)' },
  '06': { kind: 'referral', meaning: 'Outpatient visit on referral (門診轉診就醫)' },
  '07': {
    kind: 'post-surgery-follow-up',
    meaning: 'Follow-up after outpatient surgery (門診手術後之回診)',
  },
  '08': {
    kind: 'post-discharge-follow-up',
    meaning: 'Follow-up after discharge (住院患者出院之回診)',
  },
  AA: {
    kind: 'course-within-six',
    meaning: 'Course of treatment, six sessions or fewer (同一療程六次以內)',
  },
  AB: {
    kind: 'course-beyond-six',
    meaning: 'Course of treatment, not within six sessions (同一療程非六次以內)',
  },
  AC: { kind: 'preventive-care', meaning: 'Preventive care (預防保健)' },
  AD: {
    kind: 'occupational-outpatient',
    meaning: 'Occupational injury or disease, outpatient or emergency (職業傷病門急診)',
  },
  AE: {
    kind: 'chronic-refill',
    meaning: 'Refill of a chronic-illness prescription (慢性病連續處方箋領藥)',
  },
  AF: { kind: 'pharmacy-dispensing', meaning: 'Dispensing at a pharmacy (藥局調劑)' },
  AG: { kind: 'scheduled-examination', meaning: 'Scheduled examination (排程檢查)' },
  AH: { kind: 'home-care', meaning: 'Home care, second visit or later (居家照護第二次以後)' },
  AI: {
    kind: 'same-day-same-doctor',
    meaning: 'Same doctor the same day, second visit or later (同日同醫師看診第二次以後)',
  },
  BA: {
    kind: 'admission-from-outpatient',
    meaning: 'Admission straight from an outpatient or emergency visit (門急診當次轉住院)',
  },
  BB: { kind: 'discharge', meaning: 'Discharge (出院)' },
  BC: {
    kind: 'during-stay',
    meaning: 'Item performed during an emergency visit or stay (急診中、住院中執行項目)',
  },
  BD: {
    kind: 'emergency-leave',
    meaning: 'Leaving emergency on the second day or later (急診第二日以後離院)',
  },
  BE: {
    kind: 'occupational-inpatient',
    meaning: 'Occupational injury or disease, inpatient (職業傷病住院)',
  },
  BF: { kind: 'interim-settlement', meaning: 'Continued stay settled in parts (繼續住院分段結清)' },
  CA: {
    kind: 'not-counted',
    meaning:
      'Other visit that takes no visit number and counts no visit (其他規定不須累計就醫序號)',
  },
  DA: { kind: 'referral-out', meaning: 'Outpatient referral out (門診轉出)' },
  DB: {
    kind: 'post-surgery-follow-up-7-days',
    meaning: 'One follow-up within 7 days of outpatient surgery (門診手術後七日內之一次回診)',
  },
  DC: {
    kind: 'post-discharge-follow-up-7-days',
    meaning: 'One follow-up within 7 days of discharge (出院後七日內之一次回診)',
  },
  ZA: {
    kind: 'cancel-all',
    meaning: 'Cancels every visit type of the last 24 hours (取消24小時內所有就醫類別)',
  },
  ZB: {
    kind: 'cancel-some',
    meaning: 'Cancels some visit types of the last 24 hours (取消24小時內部分就醫類別)',
  },
} as const;

/** A visit-type code whose meaning is known. */
export type VisitTypeCode = keyof typeof VISIT_TYPES;

/** What a known visit-type code means, as a stable English word, e.g. `western-outpatient`. */
export type VisitKind = (typeof VISIT_TYPES)[VisitTypeCode]['kind'];

/** The kind of a visit-type code, or null when the code is blank or not known. */
export function visitKindOf(code: string): VisitKind | null {
  return Object.hasOwn(VISIT_TYPES, code) ? VISIT_TYPES[code as VisitTypeCode].kind : null;
}

/** The code of a visit kind (the reverse of {@link visitKindOf}). */
export function visitTypeCodeOf(kind: VisitKind): VisitTypeCode {
  const entry = Object.entries(VISIT_TYPES).find(([, value]) => value.kind === kind);
  if (!entry) throw new RangeError(`unknown visit kind ${JSON.stringify(kind)}`);
  return entry[0] as VisitTypeCode;
}
