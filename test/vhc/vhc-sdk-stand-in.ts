// A stand-in for the NHI's virtual-card SDK (虛擬健保卡, a local HTTP service on port 3033),
// written for the tests from the calls public HIS code makes: POST QRCodeReader/uploadqrcode
// {QRCodeString}, POST VHC/VHChisGetBasicData and VHC/VHChisGetRegisterBasic, answering a
// result code (under ERRORCODE, errorCode or statusCode, as the real calls vary) and a Big5
// `pBuffer` string in the csHIS layouts. It models what the error tables describe: QR codes
// that expire, are used once or were never issued; connected and offline mode; a missing
// registration or device token; the NHI cloud being down. Anything the real SDK does that
// public code does not show is a guess, listed in docs/virtual-card.md.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VirtualCard } from '@nhicard/native';
import iconv from 'iconv-lite';

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

/** The SDK's registration with the NHI, as far as the error tables tell it apart. */
type VhcRegistration = 'ok' | 'missing' | 'device-token-expired' | 'offline-auth-expired';

interface IssuedQr {
  card: VirtualCard;
  expired: boolean;
  used: boolean;
  /** Made by the offline key: only these decrypt while the SDK is offline. */
  offlineReadable: boolean;
}

/** One call the stand-in received: its path and the field names of its body (never values). */
interface VhcCallRecord {
  path: string;
  fields: string[];
}

/** The running stand-in and its controls. */
export interface VhcStandIn {
  /** Base URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Every call received, in order. */
  readonly calls: VhcCallRecord[];
  /** Issues a fresh QR code for `card`, as the NHI app would show it. */
  issueQr(card: VirtualCard, options?: { offlineReadable?: boolean }): string;
  /** Lets a QR code's validity run out (the app's codes last minutes). */
  expireQr(qr: string): void;
  /** Lets the token of the card now presented lapse: reads then answer 1021. */
  expirePresentedToken(): void;
  /** Connected (`online`) or offline mode. */
  setMode(mode: 'online' | 'offline'): void;
  setRegistration(registration: VhcRegistration): void;
  /** Whether the NHI cloud behind the SDK answers (connected mode). */
  setCloudUp(up: boolean): void;
  /** Whether the PC clock agrees with the cloud's (offline checks need it). */
  setClockInSync(inSync: boolean): void;
  /** Answers the next `call` with `code` and nothing else, once. */
  failNext(call: VhcCall, code: number): void;
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startVhcStandIn(): Promise<VhcStandIn> {
  const issued = new Map<string, IssuedQr>();
  const injected = new Map<VhcCall, number>();
  const calls: VhcCallRecord[] = [];
  let mode: 'online' | 'offline' = 'online';
  let registration: VhcRegistration = 'ok';
  let cloudUp = true;
  let clockInSync = true;
  let presented: { card: VirtualCard; tokenLapsed: boolean } | null = null;

  function registrationCode(): number | null {
    if (registration === 'missing') return mode === 'offline' ? 1045 : 1017;
    if (registration === 'device-token-expired' && mode === 'online') return 1015;
    if (registration === 'offline-auth-expired' && mode === 'offline') return 1046;
    return null;
  }

  function upload(qr: unknown): number {
    const known = typeof qr === 'string' ? issued.get(qr) : undefined;
    if (mode === 'offline') {
      if (known === undefined || !known.offlineReadable) return 2108;
      if (!clockInSync) return 2102;
      if (known.expired) return 2101;
      presented = { card: known.card, tokenLapsed: false };
      return 2000;
    }
    if (!cloudUp) return 1005;
    if (known === undefined) return 1019;
    if (known.expired) return 1018;
    if (known.used) return 1020;
    known.used = true;
    presented = { card: known.card, tokenLapsed: false };
    return 0;
  }

  function read(call: 'basic' | 'insurance'): { code: number; pBuffer?: string } {
    if (presented === null) return { code: 4013 };
    if (presented.tokenLapsed) return { code: 1021 };
    if (mode === 'offline' && call === 'insurance') return { code: 1099 };
    if (mode === 'online' && !cloudUp) return { code: 1004 };
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
    const refused = registrationCode();
    if (refused !== null) return { [field]: refused };
    if (call === 'upload') return { [field]: upload(body.QRCodeString) };
    const { code, pBuffer } = read(call);
    return pBuffer === undefined ? { [field]: code } : { [field]: code, pBuffer };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    let body: Record<string, unknown> = {};
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      body = {};
    }
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
    issueQr(card, options = {}) {
      // Fictional: the real app's QR codes are longer signed tokens.
      const qr = `VHCQR1.${randomBytes(24).toString('base64url')}`;
      issued.set(qr, {
        card,
        expired: false,
        used: false,
        offlineReadable: options.offlineReadable ?? true,
      });
      return qr;
    },
    expireQr(qr) {
      const known = issued.get(qr);
      if (known === undefined) throw new Error('the stand-in never issued that QR code');
      known.expired = true;
    },
    expirePresentedToken() {
      if (presented !== null) presented.tokenLapsed = true;
    },
    setMode(next) {
      mode = next;
    },
    setRegistration(next) {
      registration = next;
    },
    setCloudUp(up) {
      cloudUp = up;
    },
    setClockInSync(inSync) {
      clockInSync = inSync;
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
