/**
 * One realistic raw buffer per section, composed by hand from the byte layouts in
 * the csHIS API manual (never produced by our encoders), for the registry test and the decode
 * benchmark. Every buffer is canonical (blanks are spaces, numbers zero-padded), so it must
 * survive decode → encode byte for byte. Fictional people only.
 */
import type { SectionId } from './section-ids.js';

/** ASCII text left-aligned in a field of `width`, space-padded. */
const text = (value: string, width: number): string => {
  if (value.length > width) throw new Error(`${value} does not fit ${width}`);
  return value.padEnd(width, ' ');
};
const blank = (width: number): string => ' '.repeat(width);

/** Bytes from parts: strings are ASCII, arrays are raw bytes (Big5 text). */
function bytes(...parts: (string | readonly number[])[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const char of part) out.push(char.charCodeAt(0));
    else out.push(...part);
  }
  return Uint8Array.from(out);
}

/** Big5 bytes padded with spaces to `width`. */
const big5 = (hex: string, width: number): number[] => {
  const raw = (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  return [...raw, ...new Array<number>(width - raw.length).fill(0x20)];
};

/** 王小明 in Big5. */
const NAME_WANG = big5('a4fda470a9fa', 20);
const HOLDER = [
  '000012345678', // cardNumber 0:12
  NAME_WANG, // name 12:20
  'A123456789', // idNumber 32:10
  '0790517', // birthDate 42:7
  'M', // sex 49:1
  '1050301', // issueDate 50:7
] as const;

const zeroPadded = (value: number, width: number): string => String(value).padStart(width, '0');
const HOSPITAL = '3501200000';

/**
 * A visit: visitType 2 · newborn 1 (blank) · dateTime 13 · afterCheck 1 (`1`) · seq 4 ·
 * hospitalId 10 · outpatientFee 8 · outpatientCopay 8 · inpatient fee and copays (blank).
 */
const visit = (type: string, dateTime: string, seq: string, fee: number, copay: number): string =>
  `${type} ${dateTime}1${seq}${HOSPITAL}${zeroPadded(fee, 8)}${zeroPadded(copay, 8)}${blank(22)}`;
/** Critical-illness validity: start 7 · end 7. */
const validity = (start: string, end: string): string => `${start}${end}`;
/** Critical illness: code 5 · start 7 · end 7. */
const illness = (code: string, start: string, end: string): string =>
  `${text(code, 5)}${start}${end}`;
/** Visit diagnoses: dateTime 13 · main 5 · 5 × secondary 5. */
const diagnoses = (dateTime: string, main: string, ...secondary: string[]): string =>
  `${dateTime}${text(main, 5)}${[0, 1, 2, 3, 4].map((i) => text(secondary[i] ?? '', 5)).join('')}`;
/** Vaccination: vaccine 6 · date 7 · hospitalId 10 · lot 12. */
const vaccination = (code: string, date: string, lot: string): string =>
  `${text(code, 6)}${date}${HOSPITAL}${text(lot, 12)}`;
/** Outpatient order: dateTime 13 · type 1 · code 12 · site 6 · usage 18 · days 2 · total 7 · dispensing 2. */
const prescription = (dateTime: string, code: string, usage: string, days: number, total: number) =>
  `${dateTime}1${text(code, 12)}${blank(6)}${text(usage, 18)}${zeroPadded(days, 2)}${zeroPadded(total, 7)}01`;

/** Realistic canonical raw buffers, by section id. */
export const SECTION_SAMPLES: { readonly [K in SectionId]: Uint8Array } = {
  basic: bytes(...HOLDER, '0', text('0912345678', 14)),
  insurance: bytes(...HOLDER, '0', '01', '1', '1191231', '05', blank(7), blank(1)),
  insuranceBrief: bytes('1191231', '05'),
  prevent: bytes(
    '011130415350120000021',
    '021140102040118001422',
    '031140310350120000123',
    blank(3 * 21),
  ),
  pregnancy: bytes(
    '1140314350120000041',
    '1140411350120000042',
    '1140509350120000043',
    '1140606040118001444',
    '1140704040118001445',
    blank(6 * 19),
  ),
  treatments: bytes(
    validity('1120101', '1170101'),
    validity('1130501', '1180430'),
    blank(4 * 14),
    visit('01', '1150216093005', '0012', 520, 50),
    visit('02', '1150110141500', '0011', 1200, 50),
    visit('03', '1141220100000', '0010', 350, 50),
    visit('04', '1141103223010', '0009', 2400, 150),
    blank(2 * 69),
  ),
  treatmentsHpc: bytes(
    illness('1749', '1120101', '1170101'),
    illness('5856', '1130501', '1180430'),
    blank(4 * 19),
    diagnoses('1150216093005', '4659', '4779'),
    diagnoses('1150110141500', '5210'),
    diagnoses('1141220100000', '7242', '7231', '7295'),
    diagnoses('1141103223010', '7804'),
    blank(2 * 43),
  ),
  criticalIllness: bytes(
    illness('1749', '1120101', '1170101'),
    illness('5856', '1130501', '1180430'),
    illness('2500', '1100301', '1150228'),
    illness('4280', '1090601', '1140531'),
    illness('7100', '1080101', '1121231'),
    illness('3320', '1110815', '1160814'),
  ),
  cumulative: bytes(
    '113',
    '0012',
    '0000023456',
    '0000150000',
    '00001800',
    '00007500',
    '00000000',
    '00009300',
    '00009300',
    '114',
    '0003',
    '0000001200',
    '0000000000',
    '00000150',
    '00000000',
    '00000000',
    '00000150',
    '00000150',
  ),
  vaccinations: bytes(
    vaccination('HBIG', '0990101', 'HB2401A'),
    vaccination('HepB1', '0990101', 'HB2401B'),
    vaccination('BCG', '0990301', 'BC1002'),
    vaccination('HepB2', '0990201', 'HB2402A'),
    vaccination('DTaP1', '0990301', 'DT5501'),
    vaccination('DTaP2', '0990501', 'DT5502'),
    vaccination('HepB3', '0990701', 'HB2403A'),
    vaccination('DTaP3', '0990701', 'DT5503'),
    vaccination('MMR1', '1000101', 'MM0901'),
    vaccination('VAR', '1000101', 'VA0301'),
    vaccination('JE1', '1000601', 'JE1201'),
    vaccination('Flu', '1131015', 'FL2024A'),
    blank(28 * 35),
  ),
  organDonation: bytes('1'),
  emergencyPhone: bytes(text('0912345678', 14)),
  lastVisitSeq: bytes('1140012'),
  prescriptions: bytes(
    prescription('1150216093005', 'AC45856100', 'TID', 7, 21),
    prescription('1150216093005', 'AB21577100', 'BID', 7, 14),
    prescription('1150216093005', 'AC38262100', 'QD', 7, 7),
    prescription('1150110141500', 'BC24426100', 'TIDPC', 3, 9),
    prescription('1150110141500', 'AC45856100', 'HS', 3, 3),
    prescription('1141220100000', 'AA58161100', 'QID', 5, 20),
  ),
  longTermPrescriptions: bytes(
    `1150216${text('AC45856100', 10)}${text('BID', 18)}28${'0000056'}`,
    `1150216${text('AB21577100', 10)}${text('QD', 18)}28${'0000028'}`,
    `1141120${text('AC38262100', 10)}${text('TID', 18)}28${'0000084'}`,
  ),
  importantOrders: bytes(
    `1150110${'3501200000'}${text('33070B', 6)}${blank(6)}${'0000001'}`,
    `1141103${'3501200000'}${text('18001C', 6)}${blank(6)}${'0000001'}`,
  ),
  allergies: bytes(big5('bd4ca5a7a6e8aa4c', 40), big5('aafcb4b5a4c7c646', 40)),
};
