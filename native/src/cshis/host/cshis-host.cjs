'use strict';
/*
 * The csHIS host: a separate (on Windows, 32-bit) Node process that loads csHIS.dll with koffi
 * and runs one call at a time for the broker's csHIS driver. Plain CommonJS so that the Linux
 * Node of the tests and the Windows node.exe (Node 22, ia32) both run it as it is.
 *
 * The channel is a loopback TCP connection to the port in NHICARD_CSHIS_HOST_PORT, because
 * node.exe under Wine cannot use pipes for stdio. The first line the host sends proves the
 * one-time secret given at spawn (NHICARD_CSHIS_HOST_SECRET), so no other local program can
 * pose as the host. Then: one JSON object per line each way, request `{id, op, ...}` and reply
 * `{id, ok, result | error}`. Ops: `load` (load the DLL, bind the declared exports), `call`
 * (run one export), `exit`. The host binds only what the driver declares: it knows no export
 * by name. Calls are synchronous on the main thread, as the DLL is not re-entrant and may show
 * dialogs; a call that hangs is ended by the driver killing this process.
 *
 * stdout/stderr go to a log file the driver names: they carry no card data.
 */
const net = require('node:net');
const path = require('node:path');

const port = Number(process.env.NHICARD_CSHIS_HOST_PORT);
const secret = process.env.NHICARD_CSHIS_HOST_SECRET || '';
// The secret must not reach the DLL or anything the host starts.
delete process.env.NHICARD_CSHIS_HOST_SECRET;

/** The loaded DLL's bound exports, by name: { fn, params }. */
const bound = new Map();
let library = null;

function log(message) {
  process.stdout.write(`${new Date().toISOString()} cshis-host[${process.pid}] ${message}\n`);
}

function loadKoffi() {
  const given = process.env.NHICARD_CSHIS_KOFFI;
  try {
    // The package `koffi`, or (given) a koffi native package for this platform, such as
    // @koromix/koffi-win32-ia32, whose module is koffi's native API itself.
    return require(given || 'koffi');
  } catch (error) {
    const where = given ? `from ${given}` : `for ${process.platform}-${process.arch}`;
    throw new Error(
      `cannot load koffi ${where}: ${error.message}` +
        (given
          ? ''
          : ` (install @koromix/koffi-${process.platform}-${process.arch} and give its folder as cshis.koffiPath)`),
    );
  }
}

function load(request) {
  if (library !== null) throw new Error('the DLL is already loaded');
  const koffi = loadKoffi();
  // The DLL may load companions from its own folder and read files relative to it.
  const folder = path.dirname(request.dllPath);
  if (process.platform === 'win32') {
    process.env.PATH = `${folder}${path.delimiter}${process.env.PATH || ''}`;
  }
  try {
    process.chdir(folder);
  } catch {
    // A folder we cannot enter makes the load below fail with the real reason.
  }
  try {
    library = koffi.load(request.dllPath);
  } catch (error) {
    throw new Error(`cannot load ${request.dllPath}: ${error.message}`);
  }
  const missing = {};
  for (const declared of request.functions) {
    try {
      bound.set(declared.name, { fn: library.func(declared.prototype), params: declared.params });
    } catch (error) {
      missing[declared.name] = error.message;
    }
  }
  log(
    `loaded ${request.dllPath}: ${bound.size} exports bound, ${Object.keys(missing).length} missing`,
  );
  return { bound: [...bound.keys()], missing, koffiVersion: String(koffi.version || '') };
}

function isInteger(value, bits) {
  const limit = 2 ** (bits - 1);
  return Number.isInteger(value) && value >= -limit && value < limit;
}

function call(request) {
  const entry = bound.get(request.fn);
  if (entry === undefined) throw new Error(`${request.fn} is not bound`);
  const args = Array.isArray(request.args) ? request.args : [];
  const values = [];
  const buffers = {};
  const lengths = {};
  const counts = {};
  let next = 0;
  for (const param of entry.params) {
    if (param.kind === 'int') {
      const value = args[next++];
      if (!isInteger(value, param.type === 'int16' ? 16 : 32)) {
        throw new Error(`${request.fn}: ${param.name} must be an ${param.type}, got ${value}`);
      }
      values.push(value);
    } else if (param.kind === 'buffer' || param.kind === 'text') {
      buffers[param.name] = Buffer.alloc(param.bytes);
      values.push(buffers[param.name]);
    } else if (param.kind === 'length') {
      lengths[param.name] = new Int32Array([buffers[param.of].length]);
      values.push(lengths[param.name]);
    } else if (param.kind === 'count') {
      counts[param.name] = new Int16Array(1);
      values.push(counts[param.name]);
    } else {
      throw new Error(`${request.fn}: unknown parameter kind ${param.kind}`);
    }
  }
  const rc = entry.fn(...values);
  const result = { rc, buffers: {}, numbers: {} };
  for (const [name, buffer] of Object.entries(buffers)) {
    result.buffers[name] = buffer.toString('base64');
  }
  for (const [name, cell] of Object.entries({ ...lengths, ...counts })) {
    result.numbers[name] = cell[0];
  }
  return result;
}

function handle(socket, line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    log('dropped a line that is not JSON');
    return;
  }
  const reply = (body) => socket.write(`${JSON.stringify({ id: request.id, ...body })}\n`);
  try {
    if (request.op === 'load') reply({ ok: true, result: load(request) });
    else if (request.op === 'call') reply({ ok: true, result: call(request) });
    else if (request.op === 'exit') {
      reply({ ok: true, result: null });
      socket.end(() => process.exit(0));
    } else reply({ ok: false, error: `unknown op ${request.op}` });
  } catch (error) {
    reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

function main() {
  if (!Number.isInteger(port) || port <= 0 || secret === '') {
    log('NHICARD_CSHIS_HOST_PORT and NHICARD_CSHIS_HOST_SECRET must be set');
    process.exit(2);
  }
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  socket.on('connect', () => {
    const hello = {
      type: 'hello',
      secret,
      pid: process.pid,
      platform: process.platform,
      arch: process.arch,
      node: process.version,
    };
    socket.write(`${JSON.stringify(hello)}\n`);
    log(`connected (${process.platform}-${process.arch}, Node ${process.version})`);
  });
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    pending += chunk;
    let end = pending.indexOf('\n');
    while (end !== -1) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.trim() !== '') handle(socket, line);
      end = pending.indexOf('\n');
    }
  });
  // Without the driver nobody may use the DLL: leave, which also frees the COM port.
  socket.on('close', () => {
    log('connection closed, exiting');
    process.exit(0);
  });
  socket.on('error', (error) => log(`connection error: ${error.message}`));
}

main();
