import { type Koffi, loadKoffi } from '../pcsc/koffi-loader.js';
import {
  parseWindowsTcpTable,
  TCP_TABLE_OWNER_PID_ALL,
  WINDOWS_AF,
  type WindowsTcpRow,
} from './windows-tcp-table.js';

/** The Win32 calls the same-user check makes, bound through koffi. */
export interface WindowsOwnerApi {
  /** The TCP table of one address family, with owning process ids. */
  tcpTable(family: 4 | 6): WindowsTcpRow[];
  /** The user SID of the process `pid`, or null when its token cannot be read. */
  sidOfPid(pid: number): Uint8Array | null;
  /** The user SID of this process. */
  ownSid(): Uint8Array;
}

const ERROR_INSUFFICIENT_BUFFER = 122;
const NO_ERROR = 0;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const TOKEN_QUERY = 0x0008;
const TOKEN_USER_CLASS = 1;

/**
 * Binds `GetExtendedTcpTable` (iphlpapi), `OpenProcess`, `GetCurrentProcess`, `CloseHandle`
 * (kernel32), `OpenProcessToken`, `GetTokenInformation`, `GetLengthSid` (advapi32).
 * @param koffi the koffi to bind with (a test under Wine passes koffi's win32 package)
 * @throws Error off Windows (the DLLs do not load) or when koffi is missing.
 */
export function bindWindowsOwnerApi(koffi: Koffi = loadKoffi()): WindowsOwnerApi {
  const iphlpapi = koffi.load('iphlpapi.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const advapi32 = koffi.load('advapi32.dll');
  const GetExtendedTcpTable = iphlpapi.func(
    'uint32_t __stdcall GetExtendedTcpTable(_Out_ void *pTcpTable, _Inout_ uint32_t *pdwSize, int bOrder, uint32_t ulAf, int TableClass, uint32_t Reserved)',
  );
  const OpenProcess = kernel32.func(
    'void * __stdcall OpenProcess(uint32_t dwDesiredAccess, int bInheritHandle, uint32_t dwProcessId)',
  );
  const GetCurrentProcess = kernel32.func('void * __stdcall GetCurrentProcess()');
  const CloseHandle = kernel32.func('int __stdcall CloseHandle(void *hObject)');
  const OpenProcessToken = advapi32.func(
    'int __stdcall OpenProcessToken(void *ProcessHandle, uint32_t DesiredAccess, _Out_ void **TokenHandle)',
  );
  const GetTokenInformation = advapi32.func(
    'int __stdcall GetTokenInformation(void *TokenHandle, int TokenInformationClass, _Out_ void *TokenInformation, uint32_t TokenInformationLength, _Out_ uint32_t *ReturnLength)',
  );
  const GetLengthSid = advapi32.func('uint32_t __stdcall GetLengthSid(void *pSid)');

  const tcpTable = (family: 4 | 6): WindowsTcpRow[] => {
    const af = family === 4 ? WINDOWS_AF.inet : WINDOWS_AF.inet6;
    // The table can grow between the size query and the read: retry a few times.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const size = [0];
      GetExtendedTcpTable(null, size, 0, af, TCP_TABLE_OWNER_PID_ALL, 0);
      const buffer = Buffer.alloc((size[0] ?? 0) + 1024);
      size[0] = buffer.byteLength;
      const status = GetExtendedTcpTable(buffer, size, 0, af, TCP_TABLE_OWNER_PID_ALL, 0) as number;
      if (status === NO_ERROR) return parseWindowsTcpTable(buffer, family);
      if (status !== ERROR_INSUFFICIENT_BUFFER)
        throw new Error(`GetExtendedTcpTable failed: ${status}`);
    }
    throw new Error('GetExtendedTcpTable: the table kept growing');
  };

  const sidOfProcess = (process: unknown): Uint8Array | null => {
    const token: unknown[] = [null];
    if (!OpenProcessToken(process, TOKEN_QUERY, token)) return null;
    try {
      const needed = [0];
      GetTokenInformation(token[0], TOKEN_USER_CLASS, null, 0, needed);
      const info = Buffer.alloc(needed[0] ?? 0);
      if (info.byteLength === 0) return null;
      if (!GetTokenInformation(token[0], TOKEN_USER_CLASS, info, info.byteLength, needed))
        return null;
      // TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first member points at the SID.
      const sid = koffi.decode(info, 'void *');
      const length = GetLengthSid(sid) as number;
      return Uint8Array.from(koffi.decode(sid, 'uint8_t', length) as number[]);
    } finally {
      CloseHandle(token[0]);
    }
  };

  return {
    tcpTable,
    sidOfPid: (pid) => {
      const process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
      if (process === null) return null;
      try {
        return sidOfProcess(process);
      } finally {
        CloseHandle(process);
      }
    },
    ownSid: () => {
      const sid = sidOfProcess(GetCurrentProcess());
      if (sid === null) throw new Error('the broker cannot read its own token user');
      return sid;
    },
  };
}
