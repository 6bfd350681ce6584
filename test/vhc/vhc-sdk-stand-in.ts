// A stand-in for the NHI's virtual-card SDK (虛擬健保卡, a local HTTP service on port 3033),
// written for the tests from the calls public HIS code makes: POST QRCodeReader/uploadqrcode
// {QRCodeString}, POST VHC/VHChisGetBasicData and VHC/VHChisGetRegisterBasic, answering a
// result code (under ERRORCODE, errorCode or statusCode, as the real calls vary) and a Big5
// `pBuffer` string in the csHIS layouts. It models what the error tables describe: QR codes
// that expire, are used once or were never issued; connected and offline mode; a missing
// registration or device token; the NHI cloud being down. Anything the real SDK does that
// public code does not show is a guess, listed in docs/virtual-card.md.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VirtualCard } from '@nhicard/native';
import iconv from 'iconv-lite';
import { readJsonBody } from '../support/json-request-body.js';
import { createVirtualQrCodes, type VirtualQrControls } from './virtual-qr-codes.js';

/** The calls the stand-in serves, by the name a test uses to inject a failure. */
type VhcCall = 'upload' | 'basic' | 'insurance';

const PATHS: Record<string, VhcCall> = {
  '/QRCodeReader/uploadqrcode': 'upload',
  '/VHC/VHChisGetBasicData': 'basic',
  '/VHC/VHChisGetRegisterBasic': 'insurance',
};
/** The result-code field each call answers with (the real SDK is not consistent either). */
const CODE_FIELD: Record<VhcCall, string> = {
  upload: 'ERRORCODE',
  basic: 'errorCode',
  insurance: 'statusCode',
};

/** One call the stand-in received: its path and the field names of its body (never values). */
interface VhcCallRecord {
  path: string;
  fields: string[];
}

/** The running stand-in and its controls. */
export interface VhcStandIn extends VirtualQrControls {
  /** Base URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Every call received, in order. */
  readonly calls: VhcCallRecord[];
  /** Lets the token of the card now presented lapse: reads then answer 1021. */
  expirePresentedToken(): void;
  /** Answers the next `call` with `code` and nothing else, once. */
  failNext(call: VhcCall, code: number): void;
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startVhcStandIn(): Promise<VhcStandIn> {
  const qrCodes = createVirtualQrCodes('VHCQR1');
  const injected = new Map<VhcCall, number>();
  const calls: VhcCallRecord[] = [];
  let presented: { card: VirtualCard; tokenLapsed: boolean } | null = null;

  function upload(qr: unknown): number {
    const { code, card } = qrCodes.present(qr, 1005);
    if (card !== undefined) presented = { card, tokenLapsed: false };
    return code;
  }

  function read(call: 'basic' | 'insurance'): { code: number; pBuffer?: string } {
    if (presented === null) return { code: 4013 };
    if (presented.tokenLapsed) return { code: 1021 };
    if (qrCodes.offline && call === 'insurance') return { code: 1099 };
    if (!qrCodes.offline && !qrCodes.cloudUp) return { code: 1004 };
    const bytes = presented.card.sections.get(call);
    if (bytes === undefined) return { code: 1004 };
    return { code: 0, pBuffer: iconv.decode(Buffer.from(bytes), 'big5') };
  }

  function answer(call: VhcCall, body: Record<string, unknown>): Record<string, unknown> {
    const field = CODE_FIELD[call];
    const forced = injected.get(call);
    if (forced !== undefined) {
      injected.delete(call);
      return { [field]: forced };
    }
    const refused = qrCodes.registrationCode();
    if (refused !== null) return { [field]: refused };
    if (call === 'upload') return { [field]: upload(body.QRCodeString) };
    const { code, pBuffer } = read(call);
    return pBuffer === undefined ? { [field]: code } : { [field]: code, pBuffer };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request);
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    calls.push({ path, fields: Object.keys(body) });
    const call = PATHS[path];
    const reply =
      request.method === 'POST' && call !== undefined
        ? { status: 200, json: answer(call, body) }
        : { status: 404, json: { message: 'no such call' } };
    response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(reply.json));
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    ...qrCodes.controls,
    expirePresentedToken() {
      if (presented !== null) presented.tokenLapsed = true;
    },
    failNext(call, code) {
      injected.set(call, code);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
