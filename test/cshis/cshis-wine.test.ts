// The csHIS driver on the real 32-bit Windows ABI: the host runs in node.exe (Node 22, ia32)
// under Wine with koffi's win32-ia32 binary, against the stand-in built by MinGW as a 32-bit
// DLL with __stdcall exports. One Wine prefix serves the whole file (and later runs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DriverEvent, loadDemoCard } from '@nhicard/native';
import { decodeSection, SECTION_IDS, type SectionId } from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSHIS_DECLARATIONS, koffiPrototype } from '../../native/src/cshis/cshis-declarations.js';
import { type CshisDriver, createCshisDriver } from '../../native/src/cshis/cshis-driver.js';
import type { CshisDriverOptions } from '../../native/src/cshis/cshis-options.js';
import { toWinePath, wineHostCommand } from '../../native/src/cshis/host-command.js';
import { CshisHostProcess } from '../../native/src/cshis/host-process.js';
import { isLoadResult } from '../../native/src/cshis/host-protocol.js';
import { SECTION_SAMPLES } from '../../protocol/src/card/section-samples.test-helpers.js';
import type { RunningServer } from '../../server/src/server.js';
import { TestClient } from '../server/test-client.js';
import { requireStack } from '../support/require-stack.js';
import { READ_TOKEN, startCshisServer } from './cshis-server.js';
import { waitForEvent } from './driver-events.js';
import { expectInsertionGoingReady } from './insertion-checks.js';
import { buildDecoratedStandIn, buildWindowsStandIn, peExports } from './stand-in-build.js';
import { StandInCard } from './stand-in-card.js';
import {
  findWineParts,
  prepareWinePrefix,
  releaseWinePrefix,
  WINE_EMULATION_HINT,
  WINE_INSTALL_HINT,
  type WineStack,
} from './wine-stack.js';

const parts = findWineParts();
const available = requireStack(
  'wine',
  parts.missing.length === 0 && parts.cannotRun === null,
  parts.missing.length > 0
    ? `missing ${parts.missing.join(', ')}: ${WINE_INSTALL_HINT}`
    : `Wine is installed but cannot run (${parts.cannotRun}): ${WINE_EMULATION_HINT}`,
);
if (available) console.log(`csHIS Wine tests: i386 code runs ${parts.i386Mode} on this host`);

const READER = 'cshis-0';
const SAMPLE_SECTIONS = new Map<SectionId, Uint8Array>(
  SECTION_IDS.map((id) => [id, SECTION_SAMPLES[id]]),
);

// Generous limits: the first run creates the prefix, and CI machines may be busy.
describe.skipIf(!available)(
  'csHIS under Wine: node.exe ia32 + koffi + MinGW stand-in',
  { timeout: 180_000 },
  () => {
    let stack: WineStack;
    let workDir: string;
    let dllPath: string;
    let decorated: { dllPath: string; exports: string[] };

    const optionsFor = (library: string, card: StandInCard): CshisDriverOptions => ({
      dllPath: library,
      nodePath: stack.nodeExe,
      wine: { prefix: stack.prefix },
      koffiPath: stack.koffiPath,
      hostEnv: card.hostEnv(true),
      logDir: workDir,
      // Under qemu-user emulation on a loaded machine a Win32 process can take a minute or more
      // to start: this bounds a failure only. Calls have no time limit of their own: each test
      // gives its calls their deadline.
      hostStartTimeoutMs: 180_000,
      restartDelayMs: 50,
    });

    beforeAll(async () => {
      stack = await prepareWinePrefix(parts);
      workDir = await mkdtemp(join(tmpdir(), 'nhicard-cshis-wine-'));
      dllPath = await buildWindowsStandIn(workDir);
      decorated = await buildDecoratedStandIn(workDir);
    }, 240_000);

    afterAll(async () => {
      if (stack) await releaseWinePrefix(stack);
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    describe('the driver with the undecorated stand-in DLL', () => {
      let card: StandInCard;
      let driver: CshisDriver;
      const events: DriverEvent[] = [];

      beforeAll(async () => {
        card = await StandInCard.create();
        await card.writeSections(SAMPLE_SECTIONS);
        driver = await createCshisDriver(optionsFor(dllPath, card));
        driver.watch?.((event) => events.push(event));
      });

      afterAll(async () => {
        await driver?.close();
        await card?.dispose();
      });

      it('runs the host in 32-bit Windows Node 22 with koffi 3.3.4, every export bound', () => {
        expect(driver.hostState()).toMatchObject({
          state: 'running',
          session: {
            host: { platform: 'win32', arch: 'ia32', node: expect.stringMatching(/^v22\./) },
            koffiVersion: '3.3.4',
            version: 3300,
            versionPath: 'C:\\NHI\\BIN\\csHIS.dll (stand-in)',
            missing: {},
          },
        });
        expect(driver.capabilities.sections).toStrictEqual(SECTION_IDS);
      });

      it('sees an insertion through hisGetCardStatus(2) going 0 → 1 → 2', async () => {
        await expectInsertionGoingReady(driver, card, READER);
      });

      it('reads every section with the exact bytes of the card file, and they decode equal', async () => {
        for (const section of SECTION_IDS) {
          const bytes = await driver.read(READER, section);
          expect(bytes, section).toStrictEqual(SECTION_SAMPLES[section]);
          expect(decodeSection(section, bytes), section).toStrictEqual(
            decodeSection(section, SECTION_SAMPLES[section]),
          );
        }
        expect(decodeSection('basic', await driver.read(READER, 'basic'))).toMatchObject({
          name: '王小明',
          idNumber: 'A123456789',
        });
        const calls = await card.calls();
        expect(calls).toContain(`hisReadPrescriptMain ${61 * 60} 1 60`);
        expect(calls).toContain('hisGetInoculateData 1400 0 0');
      });

      it('maps native codes through the catalog', async () => {
        await card.set({ fail: { hisReadPrescriptMain: 5015, hisGetRegisterBasic: 5102 } });
        await expect(driver.read(READER, 'prescriptions')).rejects.toMatchObject({
          code: 'CARD_ERROR',
          native: { source: 'cshis', code: 5015 },
        });
        await expect(driver.read(READER, 'insurance')).rejects.toMatchObject({
          code: 'PIN_REQUIRED',
          native: { code: 5102 },
        });
        await card.set({ fail: {} });
        await card.insert([9]);
        expect(await driver.status(READER)).toMatchObject({
          presence: 'not-nhi-card',
          nativeCode: 9,
        });
        await card.remove();
        await expect(driver.read(READER, 'basic')).rejects.toMatchObject({
          code: 'NO_CARD',
          native: { code: 4013 },
        });
      });

      // The hung read's timeout, then a new host (minutes to start under emulation on a loaded machine).
      it('kills a hung node.exe host, restarts it, and the next insertion works', async () => {
        await card.insert([2]);
        events.length = 0;
        await card.set({ hang: ['hisGetEmergentTel'] });
        // The caller's deadline is the call's only time limit.
        const signal = AbortSignal.timeout(2500);
        await expect(driver.read(READER, 'emergencyPhone', { signal })).rejects.toMatchObject({
          code: 'TIMEOUT',
        });
        await card.set({ hang: [] });
        await waitForEvent(events, 'reader-attached', 180_000);
        expect(events.map((event) => event.type)).toStrictEqual([
          'reader-detached',
          'reader-attached',
        ]);
        expect(driver.hostState()).toMatchObject({ state: 'running', restarts: 1 });
        await card.remove();
        expect((await driver.status(READER)).presence).toBe('no-card');
        await card.insert([1, 2]);
        expect((await driver.status(READER)).presence).toBe('not-ready');
        expect((await driver.status(READER)).presence).toBe('ready');
        expect(await driver.read(READER, 'emergencyPhone')).toStrictEqual(
          SECTION_SAMPLES.emergencyPhone,
        );
      }, 400_000);
    });

    describe('the stand-in exporting only decorated __stdcall names', () => {
      it('exports _name@N only, with the argument sizes the C compiler computed', async () => {
        const names = await peExports(decorated.dllPath);
        expect(names.length).toBe(CSHIS_DECLARATIONS.length + 1);
        expect(names.every((name) => /^_[A-Za-z0-9]+@\d+$/.test(name))).toBe(true);
        expect(names).toEqual(
          expect.arrayContaining([
            '_hisGetBasicData@8',
            '_hisGetCardStatus@4',
            '_csCloseCom@0',
            '_csGetCardNo@12',
            '_hisReadPrescriptMain@20',
          ]),
        );
      });

      it('binds every declaration of the project and reads through it', async () => {
        const card = await StandInCard.create();
        const driver = await createCshisDriver(optionsFor(decorated.dllPath, card));
        try {
          expect(driver.hostState().session?.missing).toStrictEqual({});
          expect(driver.capabilities.sections).toStrictEqual(SECTION_IDS);
          await card.writeSections(SAMPLE_SECTIONS);
          await card.insert([2]);
          expect((await driver.status(READER)).presence).toBe('ready');
          expect(await driver.read(READER, 'basic')).toStrictEqual(SECTION_SAMPLES.basic);
          expect(await driver.read(READER, 'allergies')).toStrictEqual(SECTION_SAMPLES.allergies);
        } finally {
          await driver.close();
          await card.dispose();
        }
      });

      // Two hosts, one after the other: each may take up to 60 s to start and 30 s to load.
      it('does not bind a cdecl declaration or a wrong argument list', async () => {
        const wrong = [
          // cdecl: koffi looks for the plain name only.
          { name: 'hisGetBasicData', prototype: 'int hisGetBasicData(uint8_t *buf, int32_t *len)' },
          // One argument too many: koffi looks for _hisGetCardStatus@8.
          {
            name: 'hisGetCardStatus',
            prototype: 'int __stdcall hisGetCardStatus(int16_t a, int16_t b)',
          },
          // The record range left out: _hisReadPrescriptMain@8.
          {
            name: 'hisReadPrescriptMain',
            prototype: 'int __stdcall hisReadPrescriptMain(uint8_t *buf, int32_t *len)',
          },
        ];
        const right = CSHIS_DECLARATIONS.filter((d) => d.name === 'csGetVersionEx').map((d) => ({
          name: d.name,
          prototype: koffiPrototype(d),
        }));
        const functions = [...wrong, ...right].map((f) => ({ ...f, params: [] }));
        const loadWith = async (library: string): Promise<unknown> => {
          const host = await CshisHostProcess.start({
            command: wineHostCommand(stack.nodeExe, { prefix: stack.prefix }),
            koffiPath: stack.koffiPath,
            env: {},
            logFile: join(workDir, 'bind-test.log'),
            startTimeoutMs: 180_000,
          });
          try {
            return await host.request(
              { op: 'load', dllPath: toWinePath(library), functions },
              AbortSignal.timeout(30_000),
            );
          } finally {
            await host.shutdown(5000);
          }
        };
        const onDecorated = await loadWith(decorated.dllPath);
        expect(isLoadResult(onDecorated)).toBe(true);
        expect(onDecorated).toMatchObject({ bound: ['csGetVersionEx'] });
        expect(Object.keys((onDecorated as { missing: object }).missing)).toStrictEqual([
          'hisGetBasicData',
          'hisGetCardStatus',
          'hisReadPrescriptMain',
        ]);
        // The same wrong declarations bind to undecorated exports: only decoration catches them.
        const onPlain = await loadWith(dllPath);
        expect(onPlain).toMatchObject({
          bound: ['hisGetBasicData', 'hisGetCardStatus', 'hisReadPrescriptMain', 'csGetVersionEx'],
          missing: {},
        });
      }, 400_000);
    });

    describe('end to end: broker (Linux Node) + host under Wine + WebSocket client', () => {
      let card: StandInCard;
      let server: RunningServer;
      let client: TestClient;

      beforeAll(async () => {
        card = await StandInCard.create();
        await card.writeSections((await loadDemoCard('adult')).sections);
        const driver = await createCshisDriver(optionsFor(dllPath, card));
        // A call through Wine takes milliseconds natively, far more with emulated i386 code on a
        // loaded machine: these leave a wide margin and still keep a hang short.
        server = await startCshisServer(driver, { statusMs: 10_000, readMs: 10_000 });
        client = await TestClient.connect(server.url, { token: READ_TOKEN, waitMs: 120_000 });
      });

      afterAll(async () => {
        await client?.close();
        await server?.close('test finished');
        await card?.dispose();
      });

      it('sends card.inserted and the decoded basic and insurance data of the card', async () => {
        expect(await client.hello()).toMatchObject({
          driver: 'cshis',
          readers: [{ id: READER, driver: 'cshis' }],
        });
        await client.request('subscribe', { topics: ['card.*'] });
        const from = client.messages.length;
        await card.insert([1, 2]);
        const inserted = await client.waitForEvent('card.inserted', from);
        expect(inserted).toMatchObject({ reader: READER, data: { presence: 'not-ready' } });
        const read = await client.waitForRead(from);
        const adult = await loadDemoCard('adult');
        const basic = decodeSection('basic', adult.sections.get('basic') as Uint8Array);
        const insurance = decodeSection('insurance', adult.sections.get('insurance') as Uint8Array);
        expect(read.data.sections).toStrictEqual({ basic, insurance });
        expect(read.data.sections?.basic).toMatchObject({
          cardNumber: '000031415926',
          name: '林志明',
          birthDate: '1985-03-14',
        });
        expect(read.data.sections?.insurance).toMatchObject({
          cardExpiryDate: '2030-06-30',
          visitsLeft: 3,
        });
      });
    });
  },
);
