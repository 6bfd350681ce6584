/**
 * The csHIS.dll exports the driver may call, as data: the host process binds exactly these
 * (with {@link koffiPrototype}) and nothing else. Only reads and the port/status/version/reset
 * calls are here: no function that writes to the card or takes a visit number is declared, so
 * the broker cannot call one even by mistake (a test scans this table and the sources).
 *
 * Every export is `int __stdcall`. The length parameters are `int *` holding the buffer size
 * on the way in (the header says `short *`; on little-endian x86 a zero-initialised 32-bit int
 * works whichever width the DLL reads). Sizes are those of the csHIS API manual; the section readers'
 * sizes must equal the protocol's section registry (checked by a test).
 */

/** One parameter of an export, as the host marshals it. */
export type CshisParam =
  /** An integer passed by value (`int` or `short`; both take one 4-byte stack slot). */
  | { readonly kind: 'int'; readonly name: string; readonly type: 'int32' | 'int16' }
  /** `char *`: an output buffer of `bytes` bytes, fixed width, not NUL-terminated. */
  | { readonly kind: 'buffer'; readonly name: string; readonly bytes: number }
  /** `char *`: an output buffer holding NUL-terminated text (a path). */
  | { readonly kind: 'text'; readonly name: string; readonly bytes: number }
  /** `int *`: holds the size of buffer `of` on the way in, the length written on the way out. */
  | { readonly kind: 'length'; readonly name: string; readonly of: string }
  /** `short *`: a count written by the DLL (records returned). */
  | { readonly kind: 'count'; readonly name: string };

/** What a read export returns in its buffer. */
export type CshisOutput =
  /**
   * A fixed-width buffer of `bytes`; `alternativeBytes` are other lengths the DLL may report
   * (the ICD-10 layouts), for which the buffer is made large enough and returned whole.
   */
  | { readonly kind: 'fixed'; readonly bytes: number; readonly alternativeBytes: readonly number[] }
  /** Up to `maxRecords` records of `recordBytes`, asked for as the range 1..maxRecords. */
  | { readonly kind: 'records'; readonly recordBytes: number; readonly maxRecords: number };

/** One declared export. */
export interface CshisDeclaration {
  /** The export's name (GetProcAddress is case-sensitive). */
  readonly name: string;
  /** `control`: port, status, version, reset; `read`: returns card or SAM data. */
  readonly purpose: 'control' | 'read';
  /** The C parameters, in order. */
  readonly params: readonly CshisParam[];
  /** For reads: the buffer's layout; null for control calls. */
  readonly output: CshisOutput | null;
}

const int32 = (name: string): CshisParam => ({ kind: 'int', name, type: 'int32' });
const int16 = (name: string): CshisParam => ({ kind: 'int', name, type: 'int16' });

function control(name: string, params: readonly CshisParam[]): CshisDeclaration {
  return { name, purpose: 'control', params, output: null };
}

/** `int name(char *buf, int *len)` returning `bytes` (or one of `alternativeBytes`). */
function fixedRead(
  name: string,
  bytes: number,
  alternativeBytes: readonly number[] = [],
): CshisDeclaration {
  const capacity = Math.max(bytes, ...alternativeBytes);
  return {
    name,
    purpose: 'read',
    params: [
      { kind: 'buffer', name: 'buf', bytes: capacity },
      { kind: 'length', name: 'len', of: 'buf' },
    ],
    output: { kind: 'fixed', bytes, alternativeBytes },
  };
}

/** `int name(char *buf, int *len, short start, short end, short *count)`: the record readers. */
function recordRead(name: string, recordBytes: number, maxRecords: number): CshisDeclaration {
  return {
    name,
    purpose: 'read',
    params: [
      { kind: 'buffer', name: 'buf', bytes: recordBytes * maxRecords },
      { kind: 'length', name: 'len', of: 'buf' },
      int16('start'),
      int16('end'),
      { kind: 'count', name: 'count' },
    ],
    output: { kind: 'records', recordBytes, maxRecords },
  };
}

/**
 * Every export the driver declares. The record maximums (60, 30, 15, 3) follow the section
 * registry; `csGetVersionEx` gets a MAX_PATH-sized text buffer with room to spare, as its size
 * is not documented.
 */
export const CSHIS_DECLARATIONS: readonly CshisDeclaration[] = [
  control('csOpenCom', [int32('port')]),
  control('csCloseCom', []),
  control('hisGetCardStatus', [int16('cardType')]),
  control('csGetVersionEx', [{ kind: 'text', name: 'path', bytes: 1024 }]),
  control('csSoftwareReset', [int32('resetType')]),
  {
    name: 'csGetCardNo',
    purpose: 'read',
    params: [
      int16('cardType'),
      { kind: 'buffer', name: 'buf', bytes: 12 },
      { kind: 'length', name: 'len', of: 'buf' },
    ],
    output: { kind: 'fixed', bytes: 12, alternativeBytes: [] },
  },
  fixedRead('hisGetBasicData', 72),
  fixedRead('hisGetRegisterBasic', 78),
  fixedRead('hisGetRegisterBasic2', 9),
  fixedRead('hisGetRegisterPrevent', 126),
  fixedRead('hisGetRegisterPregnant', 209),
  fixedRead('hisGetTreatmentNoNeedHPC', 498),
  // Legacy layout 372 bytes; 540 when the DLL runs in ICD-10 mode.
  fixedRead('hisGetTreatmentNeedHPC', 372, [540]),
  // Legacy layout 114 bytes; 138 in ICD-10 mode.
  fixedRead('hisGetCriticalIllness', 114, [138]),
  fixedRead('hisGetCumulativeData', 134),
  fixedRead('hisGetCumulativeFee', 20),
  fixedRead('hisGetInoculateData', 1400),
  fixedRead('hisGetOrganDonate', 1),
  fixedRead('hisGetEmergentTel', 14),
  fixedRead('hisGetLastSeqNum', 7),
  fixedRead('csGetHospID', 10),
  fixedRead('csGetDateTime', 13),
  recordRead('hisReadPrescriptMain', 61, 60),
  recordRead('hisReadPrescriptLongTerm', 44, 30),
  recordRead('hisReadPrescriptHVE', 36, 15),
  recordRead('hisReadPrescriptAllergic', 40, 3),
];

const BY_NAME = new Map(CSHIS_DECLARATIONS.map((declaration) => [declaration.name, declaration]));

/**
 * The declaration of an export.
 * @throws RangeError for a name that is not declared (a write function never is).
 */
export function cshisDeclaration(name: string): CshisDeclaration {
  const declaration = BY_NAME.get(name);
  if (declaration === undefined) throw new RangeError(`csHIS export ${name} is not declared`);
  return declaration;
}

const C_TYPES: { readonly [K in CshisParam['kind']]: string } = {
  int: '',
  buffer: 'uint8_t *',
  text: 'uint8_t *',
  length: 'int32_t *',
  count: 'int16_t *',
};

/**
 * The koffi prototype of a declaration, e.g.
 * `int __stdcall hisGetBasicData(uint8_t *buf, int32_t *len)`. On 32-bit Windows koffi binds
 * it to `_hisGetBasicData@8` when the DLL exports decorated names, else to the plain name.
 */
export function koffiPrototype(declaration: CshisDeclaration): string {
  const params = declaration.params.map((param) => {
    const type = param.kind === 'int' ? `${param.type}_t ` : C_TYPES[param.kind];
    return `${type}${param.name}`;
  });
  return `int __stdcall ${declaration.name}(${params.join(', ')})`;
}
