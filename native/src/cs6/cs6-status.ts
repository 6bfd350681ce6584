/**
 * The console's status (`GET /api/common/v1/Status`), as far as public HIS code shows it:
 * `{status: {initialized, sam: {status}, hpc: {status}, hc: {status}}}`.
 */
export interface Cs6ConsoleState {
  /** Whether the console has been initialised (`POST /api/common/v1/Initial`). */
  initialized: boolean;
  /** The SAM's state: 2 means authenticated with the NHI data centre. */
  samStatus: number;
  /** The health-professional card's state: 0 none, 3 PIN verified. */
  hpcStatus: number;
  /** The NHI card slot's state: 0 means no card; anything else, a card is in. */
  hcStatus: number;
}

/** SAM status meaning "authenticated". */
const CS6_SAM_VERIFIED = 2;
/** HPC status meaning "PIN verified". */
const CS6_HPC_VERIFIED = 3;

function statusOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const status = (value as Record<string, unknown>).status;
  return typeof status === 'number' && Number.isInteger(status) ? status : null;
}

/** The console state in a Status reply, or null when the reply does not have that shape. */
export function parseCs6Status(body: unknown): Cs6ConsoleState | null {
  if (typeof body !== 'object' || body === null) return null;
  const status = (body as Record<string, unknown>).status;
  if (typeof status !== 'object' || status === null) return null;
  const fields = status as Record<string, unknown>;
  const samStatus = statusOf(fields.sam);
  const hpcStatus = statusOf(fields.hpc);
  const hcStatus = statusOf(fields.hc);
  if (typeof fields.initialized !== 'boolean' || samStatus === null || hpcStatus === null) {
    return null;
  }
  if (hcStatus === null) return null;
  return { initialized: fields.initialized, samStatus, hpcStatus, hcStatus };
}

/** One line about the SAM and HPC, for `doctor` and logs. */
export function describeCs6State(state: Cs6ConsoleState): string {
  const sam =
    state.samStatus === CS6_SAM_VERIFIED ? 'SAM authenticated' : `SAM status ${state.samStatus}`;
  const hpc =
    state.hpcStatus === CS6_HPC_VERIFIED
      ? 'HPC PIN verified'
      : state.hpcStatus === 0
        ? 'no HPC'
        : `HPC status ${state.hpcStatus}`;
  const card = state.hcStatus === 0 ? 'no NHI card' : `NHI card in (status ${state.hcStatus})`;
  return `${state.initialized ? 'initialised' : 'not initialised'}, ${sam}, ${hpc}, ${card}`;
}
