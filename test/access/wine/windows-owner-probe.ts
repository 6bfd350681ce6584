// Run by Windows node.exe under Wine (bundled to CommonJS by the test): binds the same-user
// check's Win32 declarations with koffi, opens a loopback connection inside this process, and
// writes one JSON line with what Windows said about it to the file named by its second
// argument (node.exe under Wine dies on piped stdio).
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import type { Koffi } from '../../../native/src/pcsc/koffi-loader.js';
import { windowsPeerOwnerCheck } from '../../../native/src/peer-owner/peer-owner.js';
import { bindWindowsOwnerApi } from '../../../native/src/peer-owner/windows-token-user.js';

async function main(): Promise<void> {
  const koffiPath = process.argv[2] ?? 'koffi';
  const koffi = require(koffiPath) as Koffi;
  const api = bindWindowsOwnerApi(koffi);
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(address.port, '127.0.0.1');
  const [socket] = await accepted;
  const ends = {
    peerAddress: socket.remoteAddress ?? '',
    peerPort: socket.remotePort ?? 0,
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
  };
  const rows = api.tcpTable(4);
  const clientRow = rows.find(
    (row) => row.localPort === ends.peerPort && row.remotePort === ends.localPort,
  );
  const ownSid = api.ownSid();
  const pidSid = api.sidOfPid(process.pid);
  const owner = await windowsPeerOwnerCheck(api).ownerOf(ends);
  writeFileSync(
    outputPath,
    `${JSON.stringify({
      pid: process.pid,
      rows: rows.length,
      clientRowPid: clientRow?.owningPid ?? null,
      clientRowState: clientRow?.state ?? null,
      ownSidBytes: ownSid.length,
      ownSidRevision: ownSid[0],
      pidSidMatches: pidSid !== null && Buffer.from(pidSid).equals(Buffer.from(ownSid)),
      owner,
    })}\n`,
  );
  client.destroy();
  socket.destroy();
  server.close();
}

const outputPath = process.argv[3] ?? 'probe-result.json';
main().catch((error: unknown) => {
  writeFileSync(outputPath, `${JSON.stringify({ error: String(error) })}\n`);
});
