// A stand-in for the NHI's CS 6.0 reader console (讀卡機控制軟體 6.0, a local HTTPS service on
// port 5066), written for the tests from the calls public HIS code makes: GET
// /api/common/v1/Status, POST /api/common/v1/Initial and /Finalize, and POST
// /api/hc/v1/VirtualHc/ReadBasic {token} for a virtual card (cs6-virtual-cards.ts). It serves HTTPS with a
// self-signed certificate made by Debian's openssl at test time, as the real console serves
// one made at install time. A test moves cards in and out, sets the SAM and HPC states, holds
// Status replies to count polls, and stops and restarts the console on the same port.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readJsonBody } from '../support/json-request-body.js';
import { type Cs6VirtualCards, createCs6VirtualCards } from './cs6-virtual-cards.js';

const run = promisify(execFile);

/** A self-signed certificate for localhost and 127.0.0.1, made by `openssl req -x509`. */
async function makeSelfSignedCertificate(): Promise<{ key: Buffer; cert: Buffer }> {
  const folder = await mkdtemp(join(tmpdir(), 'nhicard-cs6-cert-'));
  try {
    const key = join(folder, 'key.pem');
    const cert = join(folder, 'cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    return { key: await readFile(key), cert: await readFile(cert) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** One Status reply the console gave: the NHI card status in it. */
interface StatusServed {
  hcStatus: number;
}

/** The running console and its controls. */
export interface Cs6StandIn {
  /** `https://127.0.0.1:<port>`; the same across restarts. */
  readonly url: string;
  /** Paths of every call, in order (across restarts). */
  readonly calls: string[];
  /** Every Status reply, in order. */
  readonly statusServed: StatusServed[];
  /** The virtual cards the console reads (`VirtualHc/ReadBasic`) and their controls. */
  readonly virtualCards: Cs6VirtualCards;
  /** Puts an NHI card in (`hc.status` becomes `status`, 1 unless given) or takes it out. */
  setCard(inserted: boolean, status?: number): void;
  setSam(status: number): void;
  setHpc(status: number): void;
  /** Makes Status requests wait until `releaseStatus` answers them. */
  holdStatus(): void;
  /** Answers `count` held Status requests with the state at that moment. */
  releaseStatus(count?: number): void;
  /** Resolves when a Status request is waiting (at once if one already is). */
  statusHeld(): Promise<void>;
  /** Stops answering Status requests and answers the ones held. */
  stopHolding(): void;
  /** Stops the console (connections refused), as when its process exits. */
  stop(): Promise<void>;
  /** Starts it again on the same port, uninitialised, the card where it was. */
  start(): Promise<void>;
}

/** Starts the console on a free loopback port, uninitialised, SAM authenticated, no card. */
export async function startCs6StandIn(): Promise<Cs6StandIn> {
  const tls = await makeSelfSignedCertificate();
  const calls: string[] = [];
  const statusServed: StatusServed[] = [];
  const held: (() => void)[] = [];
  const heldWaiters: (() => void)[] = [];
  let holding = false;
  let initialized = false;
  let sam = 2;
  let hpc = 0;
  let hc = 0;
  const virtualCards = createCs6VirtualCards();

  function sendJson(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  function serveStatus(response: ServerResponse): void {
    const hcStatus = initialized ? hc : 0;
    statusServed.push({ hcStatus });
    sendJson(response, 200, {
      status: { initialized, sam: { status: sam }, hpc: { status: hpc }, hc: { status: hcStatus } },
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'https://stand-in').pathname;
    calls.push(`${request.method} ${path}`);
    const body = await readJsonBody(request);
    if (request.method === 'POST' && path === '/api/hc/v1/VirtualHc/ReadBasic') {
      const reply = virtualCards.readBasic(body);
      sendJson(response, reply.status, reply.json);
    } else if (request.method === 'GET' && path === '/api/common/v1/Status') {
      if (!holding) serveStatus(response);
      else {
        held.push(() => serveStatus(response));
        for (const wake of heldWaiters.splice(0)) wake();
      }
    } else if (request.method === 'POST' && path === '/api/common/v1/Initial') {
      sendJson(response, 200, { statusCode: initialized ? 1001 : 0 });
      initialized = true;
    } else if (request.method === 'POST' && path === '/api/common/v1/Finalize') {
      sendJson(response, 200, { statusCode: initialized ? 0 : 1001 });
      initialized = false;
    } else {
      sendJson(response, 404, { message: 'no such call' });
    }
  }

  let server: Server | null = null;
  let port = 0;
  async function listen(): Promise<void> {
    const next = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      handle(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  }
  await listen();

  return {
    url: `https://127.0.0.1:${port}`,
    calls,
    statusServed,
    virtualCards,
    setCard(inserted, status = 1) {
      hc = inserted ? status : 0;
    },
    setSam(status) {
      sam = status;
    },
    setHpc(status) {
      hpc = status;
    },
    holdStatus() {
      holding = true;
    },
    releaseStatus(count = 1) {
      for (const answer of held.splice(0, count)) answer();
    },
    statusHeld: () =>
      held.length > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            heldWaiters.push(resolve);
          }),
    stopHolding() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    async stop() {
      const current = server;
      server = null;
      held.length = 0;
      if (current === null) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async start() {
      initialized = false;
      await listen();
    },
  };
}
