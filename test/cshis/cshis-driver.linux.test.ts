// The csHIS driver for real: driver, host process and koffi against the gcc-built stand-in
// library, on this machine's Node. Nothing is mocked between the driver and the C code.
import { join } from 'node:path';
import type { DriverEvent } from '@nhicard/native';
import { decodeSection, SECTION_IDS, type SectionId } from '@nhicard/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CshisDriver, createCshisDriver } from '../../native/src/cshis/cshis-driver.js';
import type { CshisDriverOptions } from '../../native/src/cshis/cshis-options.js';
import { probeCshis } from '../../native/src/cshis/probe-cshis.js';
import { SECTION_SAMPLES } from '../../protocol/src/card/section-samples.test-helpers.js';
import { waitForEvent } from './driver-events.js';
import { expectInsertionGoingReady } from './insertion-checks.js';
import { type LinuxStandIn, linuxStandInAvailable, startLinuxStandIn } from './linux-stand-in.js';
import { StandInCard } from './stand-in-card.js';

const SAMPLE_SECTIONS = new Map<SectionId, Uint8Array>(
  SECTION_IDS.map((id) => [id, SECTION_SAMPLES[id]]),
);
const READER = 'cshis-0';

describe.skipIf(!linuxStandInAvailable)('csHIS driver, Linux host, gcc stand-in', () => {
  let stand: LinuxStandIn;
  let card: StandInCard;
  let driver: CshisDriver;
  const events: DriverEvent[] = [];

  const optionsFor = (other: StandInCard): CshisDriverOptions => ({
    dllPath: stand.libraryPath,
    hostEnv: other.hostEnv(false),
    logDir: stand.workDir,
    restartDelayMs: 50,
  });

  beforeAll(async () => {
    stand = await startLinuxStandIn('linux');
    card = stand.card;
    await card.writeSections(SAMPLE_SECTIONS);
    driver = await createCshisDriver(optionsFor(card));
    driver.watch?.((event) => events.push(event));
  });

  afterAll(async () => {
    await driver?.close();
    await stand?.dispose();
  });

  beforeEach(async () => {
    await card.set({ fail: {}, hang: [] });
  });

  it('opens COM1 with csOpenCom(0) and serves one reader', async () => {
    expect(await driver.listReaders()).toStrictEqual([{ id: READER, name: 'csHIS reader (COM1)' }]);
    expect(driver.capabilities).toStrictEqual({ sections: SECTION_IDS, events: true });
    expect((await card.calls()).filter((line) => line.startsWith('csOpenCom'))).toStrictEqual([
      'csOpenCom 0 0 0',
    ]);
    expect(driver.hostState()).toMatchObject({
      state: 'running',
      dllPath: stand.libraryPath,
      restarts: 0,
      session: {
        host: { platform: 'linux', arch: 'x64' },
        version: 3300,
        versionPath: 'C:\\NHI\\BIN\\csHIS.dll (stand-in)',
        missing: {},
      },
    });
  });

  it('sees an insertion through hisGetCardStatus(2) going 0 → 1 → 2', async () => {
    await card.remove();
    const first = await expectInsertionGoingReady(driver, card, READER);
    expect(first.insertionId).not.toBeNull();
    await card.remove();
    expect(await driver.status(READER)).toMatchObject({ presence: 'no-card', insertionId: null });
    await card.insert([2]);
    const next = await driver.status(READER);
    expect(next.presence).toBe('ready');
    expect(next.insertionId).not.toBe(first.insertionId);
    const statusCalls = (await card.calls()).filter((line) => line.startsWith('hisGetCardStatus'));
    expect(new Set(statusCalls)).toStrictEqual(new Set(['hisGetCardStatus 2 0 0']));
  });

  it('reads every section with the exact bytes of the card file, and they decode equal', async () => {
    await card.insert([2]);
    for (const section of SECTION_IDS) {
      const bytes = await driver.read(READER, section);
      expect(bytes, section).toStrictEqual(SECTION_SAMPLES[section]);
      expect(decodeSection(section, bytes), section).toStrictEqual(
        decodeSection(section, SECTION_SAMPLES[section]),
      );
    }
    const basic = decodeSection('basic', await driver.read(READER, 'basic'));
    expect(basic).toMatchObject({
      cardNumber: '000012345678',
      name: '王小明',
      idNumber: 'A123456789',
      birthDate: '1990-05-17',
      sex: 'male',
    });
    const prescriptions = decodeSection(
      'prescriptions',
      await driver.read(READER, 'prescriptions'),
    );
    expect(prescriptions.recordCount).toBe(6);
    expect(prescriptions.records.map((record) => record.slot)).toStrictEqual([0, 1, 2, 3, 4, 5]);
  });

  it('passes the exact buffer sizes and asks the record readers for records 1..max', async () => {
    await card.insert([2]);
    await driver.read(READER, 'vaccinations');
    await driver.read(READER, 'treatmentsHpc');
    await driver.read(READER, 'prescriptions');
    await driver.read(READER, 'allergies');
    const calls = await card.calls();
    expect(calls).toContain('hisGetInoculateData 1400 0 0');
    // The ICD-10 layout is larger, so the buffer is too: no overflow whichever mode the DLL is in.
    expect(calls).toContain('hisGetTreatmentNeedHPC 540 0 0');
    expect(calls).toContain(`hisReadPrescriptMain ${61 * 60} 1 60`);
    expect(calls).toContain(`hisReadPrescriptAllergic ${40 * 3} 1 3`);
  });

  it('maps native codes through the catalog', async () => {
    await card.remove();
    await expect(driver.read(READER, 'basic')).rejects.toMatchObject({
      name: 'DriverError',
      code: 'NO_CARD',
      native: { source: 'cshis', code: 4013, message: '未置入健保 IC 卡' },
    });
    await card.insert([2]);
    await card.set({
      fail: {
        hisReadPrescriptMain: 5015,
        hisGetRegisterBasic: 5105,
        hisGetRegisterPrevent: 5102,
        hisGetRegisterPregnant: 5109,
        hisGetInoculateData: 4000,
      },
    });
    await expect(driver.read(READER, 'prescriptions')).rejects.toMatchObject({
      code: 'CARD_ERROR',
      retryable: true,
      native: { source: 'cshis', code: 5015, message: '「門診處方箋」讀取失敗。' },
    });
    await expect(driver.read(READER, 'insurance')).rejects.toMatchObject({
      code: 'PIN_REQUIRED',
      native: { code: 5105, message: '原 PIN 碼尚未通過認證' },
    });
    await expect(driver.read(READER, 'prevent')).rejects.toMatchObject({
      code: 'PIN_REQUIRED',
      native: { code: 5102 },
    });
    await expect(driver.read(READER, 'pregnancy')).rejects.toMatchObject({
      code: 'PIN_REQUIRED',
      native: { code: 5109, message: '密碼輸入過程按『取消』鍵' },
    });
    await expect(driver.read(READER, 'vaccinations')).rejects.toMatchObject({
      code: 'TIMEOUT',
      native: { code: 4000, message: '讀卡機 timeout' },
    });
  });

  it('maps card status 9 to not-nhi-card and 4000 to reader-error', async () => {
    await card.insert([9]);
    expect(await driver.status(READER)).toMatchObject({ presence: 'not-nhi-card', nativeCode: 9 });
    await card.set({ fail: { hisGetCardStatus: 4000 } });
    expect(await driver.status(READER)).toMatchObject({
      presence: 'reader-error',
      nativeCode: 4000,
    });
  });

  it('never calls a function that writes to the card', async () => {
    const calls = await card.calls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((line) => line.startsWith('hisGetSeqNumber'))).toStrictEqual([]);
  });

  it('turns a hung call into TIMEOUT, restarts the host, and the next insertion works', async () => {
    await card.insert([2]);
    expect((await driver.status(READER)).presence).toBe('ready');
    events.length = 0;
    const firstHost = driver.hostState().session?.host.pid;
    await card.set({ hang: ['hisGetBasicData'] });
    const detached = waitForEvent(events, 'reader-detached');
    // The caller's deadline is the call's only time limit: the driver sets none of its own.
    const deadline = AbortSignal.timeout(1500);
    await expect(driver.read(READER, 'basic', { signal: deadline })).rejects.toMatchObject({
      name: 'DriverError',
      code: 'TIMEOUT',
      message: 'read basic (hisGetBasicData) timed out',
    });
    await detached;
    await card.set({ hang: [] });
    await waitForEvent(events, 'reader-attached');
    expect(events.map((event) => event.type)).toStrictEqual(['reader-detached', 'reader-attached']);
    expect(driver.hostState()).toMatchObject({ state: 'running', restarts: 1 });
    expect(driver.hostState().session?.host.pid).not.toBe(firstHost);
    expect(await driver.listReaders()).toStrictEqual([{ id: READER, name: 'csHIS reader (COM1)' }]);
    // The new host reopened the port.
    const opens = (await card.calls()).filter((line) => line.startsWith('csOpenCom'));
    expect(opens).toStrictEqual(['csOpenCom 0 0 0', 'csOpenCom 0 0 0']);
    await card.remove();
    expect((await driver.status(READER)).presence).toBe('no-card');
    await card.insert([1, 2]);
    expect((await driver.status(READER)).presence).toBe('not-ready');
    expect((await driver.status(READER)).presence).toBe('ready');
    expect(await driver.read(READER, 'basic')).toStrictEqual(SECTION_SAMPLES.basic);
  }, 60_000);

  it('restarts a host that dies on its own', async () => {
    events.length = 0;
    const pid = driver.hostState().session?.host.pid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid as number, 'SIGKILL');
    await waitForEvent(events, 'reader-attached');
    expect(events.map((event) => event.type)).toStrictEqual(['reader-detached', 'reader-attached']);
    expect(driver.hostState().lastFailure).toMatch(/exited unexpectedly \(SIGKILL\)/);
    await card.insert([2]);
    expect(await driver.read(READER, 'insuranceBrief')).toStrictEqual(
      SECTION_SAMPLES.insuranceBrief,
    );
  });

  it('refuses to start on a busy port, naming the likely cause', async () => {
    const busy = await StandInCard.create();
    try {
      await busy.set({ fail: { csOpenCom: 9205 } });
      await expect(createCshisDriver(optionsFor(busy))).rejects.toMatchObject({
        name: 'DriverError',
        code: 'READER_ERROR',
        native: { source: 'cshis', code: 9205, message: '開啟讀卡機連結埠失敗' },
        message: expect.stringMatching(
          /^csOpenCom\(0\) could not open COM1 \(csHIS 9205: .+\)\. Another program probably holds the card reader/,
        ),
      });
      // No csCloseCom for a port this process never opened.
      expect(await busy.calls()).toStrictEqual(['csGetVersionEx 0 0 0', 'csOpenCom 0 0 0']);
    } finally {
      await busy.dispose();
    }
  });

  it('probes the DLL, host, port and card status for doctor', async () => {
    const other = await StandInCard.create();
    try {
      await other.insert([2]);
      const probe = await probeCshis(optionsFor(other));
      expect(probe).toMatchObject({
        dllPath: stand.libraryPath,
        searched: [stand.libraryPath],
        host: 'started',
        port: 'ok',
        cardStatus: { presence: 'ready', nativeCode: 2, insertionId: null },
        error: null,
        session: { version: 3300, missing: {}, host: { platform: 'linux' } },
      });
      expect(await other.calls()).toStrictEqual([
        'csGetVersionEx 0 0 0',
        'csOpenCom 0 0 0',
        'hisGetCardStatus 2 0 0',
        'csCloseCom 0 0 0',
      ]);
      await other.set({ fail: { csOpenCom: 9205 } });
      const busy = await probeCshis(optionsFor(other));
      expect(busy).toMatchObject({ host: 'started', port: 'failed', cardStatus: null });
      expect(busy.error).toMatch(/Another program probably holds the card reader/);
      const missing = await probeCshis({
        ...optionsFor(other),
        dllPath: join(stand.workDir, 'none.so'),
      });
      expect(missing).toMatchObject({
        dllPath: null,
        host: 'not-started',
        error: 'csHIS.dll not found',
      });
    } finally {
      await other.dispose();
    }
  });
});
