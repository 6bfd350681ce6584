import { describe, expect, it } from 'vitest';
import { expectDriverError, testCard } from './simulator.test-helpers.js';
import { createSimulatorDriver } from './simulator-driver.js';

const PIN_NOT_ENTERED = { code: 5105, message: '原 PIN 碼尚未通過認證' };
const PIN_WRONG = { code: 5102, message: '使用者所輸入之 pin 值，與卡上之 pin 值不合' };
const PIN_CANCELLED = { code: 5109, message: '密碼輸入過程按『取消』鍵' };
const NO_HPC = { code: 4014, message: '未置入醫事人員卡' };

function readyDriver(hpcInserted = false) {
  const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0, hpcInserted });
  return driver;
}

describe('simulator: sections that need the PIN', () => {
  it('asks for the PIN only when the card has one: 5105 → PIN_REQUIRED when nobody enters it', async () => {
    const driver = readyDriver();
    driver.setPinEntry('sim-0', 'none');
    driver.insert('sim-0', testCard({ pin: '123456' }));
    await expectDriverError(driver.read('sim-0', 'insurance'), {
      code: 'PIN_REQUIRED',
      native: PIN_NOT_ENTERED,
    });
    // Sections that need only the SAM (or nothing) are not PIN-protected.
    expect(await driver.read('sim-0', 'basic')).toHaveLength(72);
    expect(await driver.read('sim-0', 'insuranceBrief')).toHaveLength(9);
    driver.swap('sim-0', testCard());
    expect(await driver.read('sim-0', 'insurance')).toHaveLength(78);
  });

  it('fails with 5102 for a wrong PIN and 5109 when Cancel is pressed', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard({ pin: '123456' }));
    driver.setPinEntry('sim-0', 'wrong');
    for (const section of ['insurance', 'prevent', 'pregnancy'] as const) {
      await expectDriverError(driver.read('sim-0', section), {
        code: 'PIN_REQUIRED',
        native: PIN_WRONG,
      });
    }
    driver.setPinEntry('sim-0', 'cancel');
    await expectDriverError(driver.read('sim-0', 'prevent'), {
      code: 'PIN_REQUIRED',
      native: PIN_CANCELLED,
    });
  });

  it('reads after a correct PIN, reports status 4 until removal, then asks again', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard({ pin: '123456' }));
    driver.setPinEntry('sim-0', 'correct');
    expect(await driver.read('sim-0', 'insurance')).toHaveLength(78);
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'ready',
      nativeCode: 4,
      insertionId: 1,
    });
    // The PIN stays verified for this insertion even if the pad would now answer otherwise.
    driver.setPinEntry('sim-0', 'none');
    expect(await driver.read('sim-0', 'prevent')).toHaveLength(126);
    driver.remove('sim-0');
    driver.insert('sim-0', testCard({ pin: '123456' }));
    expect((await driver.status('sim-0')).nativeCode).toBe(2);
    await expectDriverError(driver.read('sim-0', 'insurance'), {
      code: 'PIN_REQUIRED',
      native: PIN_NOT_ENTERED,
    });
  });
});

describe('simulator: the PIN prompt (what csHIS.dll shows)', () => {
  it('waits at the prompt until the PIN is typed; a wrong PIN fails 5102, Cancel 5109', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard({ pin: '246810' }));
    expect(() => driver.typePin('sim-0', '246810')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: 'no read waits for a PIN on sim-0' }),
    );
    const prompts: string[] = [];
    const ask = (section: string) => ({ onPinPrompt: () => prompts.push(section) });
    const wrong = driver.read('sim-0', 'insurance', ask('insurance'));
    await Promise.resolve();
    await Promise.resolve();
    expect(prompts).toEqual(['insurance']);
    driver.typePin('sim-0', '111111');
    await expectDriverError(wrong, { code: 'PIN_REQUIRED', native: PIN_WRONG });
    const cancelled = driver.read('sim-0', 'prevent', ask('prevent'));
    await new Promise((resolve) => setImmediate(resolve));
    driver.typePin('sim-0', null);
    await expectDriverError(cancelled, { code: 'PIN_REQUIRED', native: PIN_CANCELLED });
    const right = driver.read('sim-0', 'insurance', ask('insurance'));
    await new Promise((resolve) => setImmediate(resolve));
    driver.typePin('sim-0', '246810');
    expect(await right).toHaveLength(78);
    expect(prompts).toEqual(['insurance', 'prevent', 'insurance']);
    // PIN-verified until removal: no second prompt.
    expect(await driver.read('sim-0', 'pregnancy', ask('pregnancy'))).toBeInstanceOf(Uint8Array);
    expect(prompts).toHaveLength(3);
    expect((await driver.status('sim-0')).nativeCode).toBe(4);
  });

  it("closes the prompt with the caller's deadline, and with the card's removal", async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard({ pin: '246810' }));
    const deadline = new AbortController();
    const late = driver.read('sim-0', 'insurance', { signal: deadline.signal });
    await new Promise((resolve) => setImmediate(resolve));
    deadline.abort(new DOMException('deadline', 'TimeoutError'));
    await expectDriverError(late, { code: 'TIMEOUT' });
    expect(() => driver.typePin('sim-0', '246810')).toThrow('no read waits for a PIN on sim-0');
    const removed = driver.read('sim-0', 'insurance');
    await new Promise((resolve) => setImmediate(resolve));
    driver.remove('sim-0');
    await expectDriverError(removed, { code: 'CARD_REMOVED' });
  });
});

describe('simulator: sections that need a health-professional card', () => {
  it('fails with 4014 → HPC_REQUIRED without an HPC', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard());
    for (const section of ['treatmentsHpc', 'prescriptions', 'allergies'] as const) {
      await expectDriverError(driver.read('sim-0', section), {
        code: 'HPC_REQUIRED',
        native: NO_HPC,
      });
    }
  });

  it('fails criticalIllness with 5141 (only dates without an HPC) → HPC_REQUIRED', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard());
    await expectDriverError(driver.read('sim-0', 'criticalIllness'), {
      code: 'HPC_REQUIRED',
      native: { code: 5141, message: '未置入醫事人員卡，僅能讀取重大傷病有效起訖日期' },
    });
  });

  it('reads HPC sections once an HPC is inserted (option or control API)', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard());
    driver.setHpcInserted('sim-0', true);
    expect(await driver.read('sim-0', 'treatmentsHpc')).toHaveLength(372);
    // No record on the card: the record readers return no records.
    expect(await driver.read('sim-0', 'allergies')).toStrictEqual(new Uint8Array(0));
    const withOption = readyDriver(true);
    withOption.insert('sim-0', testCard());
    expect(await withOption.read('sim-0', 'criticalIllness')).toHaveLength(114);
  });

  it('checks the HPC before the PIN', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard({ pin: '123456' }));
    await expectDriverError(driver.read('sim-0', 'allergies'), {
      code: 'HPC_REQUIRED',
      native: NO_HPC,
    });
  });
});

describe('simulator: a card that is not an NHI card', () => {
  it('fails every read with 4033 → NOT_AN_NHI_CARD (not retryable)', async () => {
    const driver = readyDriver(true);
    driver.insert('sim-0', testCard({ cardType: 'not-nhi', sections: {} }));
    for (const section of ['basic', 'insurance', 'allergies'] as const) {
      const error = await expectDriverError(driver.read('sim-0', section), {
        code: 'NOT_AN_NHI_CARD',
        native: { code: 4033, message: '所置入非健保 IC 卡' },
      });
      expect(error.retryable).toBe(false);
    }
  });
});

describe('simulator: sections the card holds nothing in', () => {
  it('returns blank bytes of the section size, as the DLL does', async () => {
    const driver = readyDriver(true);
    driver.insert('sim-0', testCard());
    expect(await driver.read('sim-0', 'vaccinations')).toStrictEqual(
      new Uint8Array(1400).fill(0x20),
    );
    expect(await driver.read('sim-0', 'organDonation')).toStrictEqual(Uint8Array.of(0x20));
    expect(await driver.read('sim-0', 'prescriptions')).toStrictEqual(new Uint8Array(0));
  });

  it('returns a fresh copy on every read, so callers cannot change the card', async () => {
    const driver = readyDriver();
    driver.insert('sim-0', testCard());
    const first = await driver.read('sim-0', 'basic');
    first.fill(0);
    const second = await driver.read('sim-0', 'basic');
    expect(Array.from(second.subarray(0, 12), (byte) => String.fromCharCode(byte)).join('')).toBe(
      '000012345678',
    );
  });
});
