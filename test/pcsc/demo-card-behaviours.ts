import { type DemoCardId, loadDemoCard } from '@nhicard/native';
import { PCSC_BASIC_DATA_BYTES } from '../../protocol/src/card/sections/basic-data.js';
import type { EmulatedCardBehaviour } from './emulated-nhi-card.js';

/**
 * The 57 bytes a demo card (native/demo-cards/, fictional people) returns to the PC/SC
 * basic-data READ: the first 57 of its csHIS basic data, whose layout they share (Big5 name).
 */
async function demoCardBasicData(id: DemoCardId): Promise<number[]> {
  const card = await loadDemoCard(id);
  const basic = card.sections.get('basic');
  if (basic === undefined) throw new Error(`demo card ${id} has no basic data`);
  return [...basic.subarray(0, PCSC_BASIC_DATA_BYTES)];
}

/** An emulated NHI card holding demo card `id`'s basic data: T=1, plain SELECT, no fault. */
export async function demoNhiCard(
  id: DemoCardId,
  overrides: Partial<EmulatedCardBehaviour> = {},
): Promise<EmulatedCardBehaviour> {
  return {
    kind: 'nhi',
    basicData: await demoCardBasicData(id),
    protocol: 'T=1',
    selectAnswer: '9000',
    fault: 'none',
    ...overrides,
  };
}

/** A smart card that is not an NHI card (a bank card, a staff badge): refuses both APDUs. */
export const NOT_NHI_CARD: EmulatedCardBehaviour = {
  kind: 'not-nhi',
  basicData: new Array<number>(PCSC_BASIC_DATA_BYTES).fill(0x20),
  protocol: 'T=1',
  selectAnswer: '9000',
  fault: 'none',
};
