/** Rows of the section suite for the one-field sections: organ donation, emergency phone, last visit sequence and the insurance brief. */
import fc from 'fast-check';
import {
  anyBytes,
  asciiBytes,
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldArb,
  dateFieldBytes,
  hex,
  numberFieldBytes,
  spacesHex,
} from '../card-fixtures.test-helpers.js';
import {
  decodeEmergencyPhone,
  EMERGENCY_PHONE_BYTES,
  type EmergencyPhone,
  encodeEmergencyPhone,
} from '../emergency-phone.js';
import {
  decodeInsuranceBrief,
  encodeInsuranceBrief,
  INSURANCE_BRIEF_BYTES,
  type InsuranceBrief,
} from '../insurance-brief.js';
import {
  decodeLastVisitSeq,
  encodeLastVisitSeq,
  LAST_VISIT_SEQ_BYTES,
  type LastVisitSeq,
} from '../last-visit-seq.js';
import {
  decodeOrganDonation,
  encodeOrganDonation,
  ORGAN_DONATION_BYTES,
  type OrganDonation,
} from '../organ-donation.js';
import { sectionCase, wrongLengthCases } from './section-case.test-helpers.js';

const organDonation = sectionCase<OrganDonation>({
  section: 'organDonation',
  decode: decodeOrganDonation,
  encode: encodeOrganDonation,
  decodes: [
    {
      title: 'the flag character as stored',
      bytes: hex('59'),
      decoded: { flag: 'Y', warnings: [] },
    },
    { title: 'a space as blank', bytes: hex('20'), decoded: { flag: '', warnings: [] } },
    {
      title: 'a NUL as blank (not canonical: re-encodes as a space)',
      bytes: hex('00'),
      decoded: { flag: '', warnings: [] },
      reencoded: hex('20'),
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x31, [
      [0, 0],
      [2, 1],
    ]),
    { title: 'a byte above 0x7F', bytes: hex('a4'), offset: 0 },
  ],
  validValues: asciiCodeArb(1).map((flag) => ({ flag, warnings: [] })),
  canonicalBuffers: asciiFieldBytes(1).map(asciiBytes),
  randomBuffers: fc.oneof(bytesOfLength(ORGAN_DONATION_BYTES), anyBytes(4)),
});

const emergencyPhone = sectionCase<EmergencyPhone>({
  section: 'emergencyPhone',
  decode: decodeEmergencyPhone,
  encode: encodeEmergencyPhone,
  decodes: [
    {
      title: 'a hand-written space-padded phone field',
      bytes: hex(asciiHex('02-23456789'), spacesHex(3)),
      decoded: { phone: '02-23456789', warnings: [] },
    },
    {
      title: 'a NUL-padded field (not canonical: re-encodes with spaces)',
      bytes: hex(asciiHex('0912345678'), '00000000'),
      decoded: { phone: '0912345678', warnings: [] },
      reencoded: hex(asciiHex('0912345678'), spacesHex(4)),
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x30, [
      [0, 0],
      [13, 13],
      [15, 14],
    ]),
    { title: 'a non-ASCII byte', bytes: hex(asciiHex('0912'), 'a4fd', spacesHex(8)), offset: 4 },
  ],
  validValues: asciiCodeArb(EMERGENCY_PHONE_BYTES).map((phone) => ({ phone, warnings: [] })),
  canonicalBuffers: asciiFieldBytes(EMERGENCY_PHONE_BYTES).map(asciiBytes),
  randomBuffers: fc.oneof(bytesOfLength(EMERGENCY_PHONE_BYTES), anyBytes(30)),
});

const lastVisitSeq = sectionCase<LastVisitSeq>({
  section: 'lastVisitSeq',
  decode: decodeLastVisitSeq,
  encode: encodeLastVisitSeq,
  decodes: [
    {
      title: 'the 3-character prefix and the sequence number',
      bytes: hex(asciiHex('114'), asciiHex('0012')),
      decoded: { prefixRaw: '114', visitSeq: '0012', warnings: [] },
    },
    {
      title: 'a lettered sequence code as a string, with a blank prefix',
      bytes: hex(spacesHex(3), asciiHex('IC09')),
      decoded: { prefixRaw: '', visitSeq: 'IC09', warnings: [] },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x30, [
      [0, 0],
      [6, 6],
      [8, 7],
    ]),
    { title: 'a non-ASCII byte', bytes: hex(asciiHex('11400'), 'ff', '30'), offset: 5 },
  ],
  validValues: fc
    .record({ prefixRaw: asciiCodeArb(3), visitSeq: asciiCodeArb(4) })
    .map((v) => ({ ...v, warnings: [] })),
  canonicalBuffers: fc
    .tuple(asciiFieldBytes(3), asciiFieldBytes(4))
    .map(([prefix, seq]) => asciiBytes(prefix + seq)),
  randomBuffers: fc.oneof(bytesOfLength(LAST_VISIT_SEQ_BYTES), anyBytes(20)),
});

const insuranceBrief = sectionCase<InsuranceBrief>({
  section: 'insuranceBrief',
  decode: decodeInsuranceBrief,
  encode: encodeInsuranceBrief,
  decodes: [
    {
      title: 'a hand-written 9-byte hisGetRegisterBasic2 buffer',
      bytes: hex(asciiHex('1191231'), asciiHex('03')), // expiry ROC 119-12-31 · visitsLeft
      decoded: {
        cardExpiryDate: '2030-12-31',
        cardExpiryDateRoc: '1191231',
        visitsLeft: 3,
        warnings: [],
      },
    },
    {
      title: 'a blank buffer as absent values',
      bytes: hex(spacesHex(7), spacesHex(2)),
      decoded: { cardExpiryDate: null, cardExpiryDateRoc: '', visitsLeft: null, warnings: [] },
    },
    {
      title: 'an impossible expiry date with a warning, keeping the raw text',
      bytes: hex(asciiHex('1191331'), asciiHex('00')),
      decoded: {
        cardExpiryDate: null,
        cardExpiryDateRoc: '1191331',
        visitsLeft: 0,
        warnings: [
          {
            kind: 'invalid-date',
            field: 'cardExpiryDate',
            message: '1191331 is not a calendar date',
            raw: '1191331',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x30, [
      [0, 0],
      [8, 8],
      [10, 9],
    ]),
    { title: 'a non-ASCII byte', bytes: hex(asciiHex('1191231'), '30ff'), offset: 8 },
  ],
  validValues: fc
    .record({
      expiry: dateFieldArb,
      visitsLeft: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(null)),
    })
    .map((v) => ({
      cardExpiryDate: v.expiry.iso,
      cardExpiryDateRoc: v.expiry.roc,
      visitsLeft: v.visitsLeft,
      warnings: [],
    })),
  canonicalBuffers: fc
    .tuple(dateFieldBytes, numberFieldBytes(2))
    .map((fields) => concatFields(...fields)),
  randomBuffers: fc.oneof(bytesOfLength(INSURANCE_BRIEF_BYTES), anyBytes(20)),
});

/** The suite's rows for the one-field sections. */
export const SMALL_SECTION_CASES = [organDonation, emergencyPhone, lastVisitSeq, insuranceBrief];
