import { readFileSync } from 'node:fs';

// What the simulator's `adult` demo card decodes to (a fictional person), written out by hand
// so the tests prove the data crossed the wire intact.
const ADULT_HOLDER = {
  cardNumber: '000031415926',
  name: '林志明',
  idNumber: 'F123456784',
  birthDate: '1985-03-14',
  birthDateRoc: '0740314',
  sex: 'male',
  sexRaw: 'M',
  issueDate: '2019-06-20',
  issueDateRoc: '1080620',
};

/** The adult card's basic data from csHIS (or the simulator, which serves that layout). */
export const ADULT_BASIC = {
  layout: 'cshis',
  ...ADULT_HOLDER,
  cancelled: false,
  cancelFlagRaw: '0',
  emergencyPhone: '0912345678',
  warnings: [],
};

/** The adult card's basic data from the PC/SC read: no cancel flag, no emergency phone. */
export const ADULT_BASIC_PCSC = {
  ...ADULT_BASIC,
  layout: 'pcsc',
  cancelled: null,
  cancelFlagRaw: null,
  emergencyPhone: null,
};

/**
 * The adult card's basic data from the CS 6.0 console's ReadBasic, which carries the holder up
 * to the sex field: the issue date, cancel flag and emergency phone read as blanks.
 */
export const ADULT_BASIC_CS6 = {
  ...ADULT_BASIC,
  issueDate: null,
  issueDateRoc: '',
  cancelled: null,
  cancelFlagRaw: '',
  emergencyPhone: '',
};

/** The adult card's insurance section. */
export const ADULT_INSURANCE = {
  ...ADULT_HOLDER,
  cancelled: false,
  cancelFlagRaw: '0',
  insurerCode: '01',
  insuredStatus: null,
  insuredStatusRaw: '',
  cardExpiryDate: '2030-06-30',
  cardExpiryDateRoc: '1190630',
  visitsLeft: 3,
  newbornBirthDate: null,
  newbornBirthDateRoc: '',
  newbornMultipleBirthMark: '',
  warnings: [],
};

/** The masked name a presence connection may see. */
export const ADULT_MASKED_NAME = '林○明';

/** Values of the adult card that a presence connection must never receive. */
export const ADULT_SECRETS = ['林志明', 'F123456784', '1985-03-14', '0740314', '000031415926'];

/** The server package's version, as `hello` announces it. */
export const SERVER_VERSION = (
  JSON.parse(readFileSync(new URL('../../server/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
