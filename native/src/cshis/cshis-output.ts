import type { CshisOutput } from './cshis-declarations.js';
import type { CallResult } from './host-protocol.js';

/**
 * The section bytes of a successful read: the declared fixed width (or a documented
 * alternative width the DLL reported, such as an ICD-10 layout, which the decoder then names),
 * or the records the DLL counted.
 */
export function outputBytes(output: CshisOutput, result: CallResult): Uint8Array {
  const buffer = Buffer.from(result.buffers.buf ?? '', 'base64');
  if (output.kind === 'fixed') {
    const reported = result.numbers.len ?? output.bytes;
    const bytes = output.alternativeBytes.includes(reported) ? reported : output.bytes;
    return new Uint8Array(buffer.subarray(0, bytes));
  }
  const count = Math.min(Math.max(result.numbers.count ?? 0, 0), output.maxRecords);
  return new Uint8Array(buffer.subarray(0, count * output.recordBytes));
}
