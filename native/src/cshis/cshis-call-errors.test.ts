import { describe, expect, it } from 'vitest';
import { DriverError } from '../driver-error.js';
import { abortToDriverError, hostFailureToDriverError, untilAborted } from './cshis-call-errors.js';
import { HostFailure } from './host-process.js';

describe('hostFailureToDriverError', () => {
  it('reports a hung call as TIMEOUT, a lost host as READER_ERROR, a refusal as INTERNAL', () => {
    const timeout = hostFailureToDriverError(
      new HostFailure('timeout', 'hisGetBasicData did not return within 8000 ms'),
      'read basic (hisGetBasicData)',
    );
    expect(timeout).toMatchObject({
      name: 'DriverError',
      code: 'TIMEOUT',
      message:
        'read basic (hisGetBasicData): csHIS.dll did not answer (hisGetBasicData did not return ' +
        'within 8000 ms); the csHIS host is being restarted',
    });
    expect(hostFailureToDriverError(new HostFailure('gone', 'exited'), 'x')).toMatchObject({
      code: 'READER_ERROR',
      message: 'x: the csHIS host stopped (exited); it is being restarted',
    });
    expect(hostFailureToDriverError(new HostFailure('remote', 'nope'), 'x')).toMatchObject({
      code: 'INTERNAL',
      message: 'x: the csHIS host refused: nope',
    });
  });

  it('passes every other error through', () => {
    const error = new DriverError('NO_CARD', 'no card');
    expect(hostFailureToDriverError(error, 'x')).toBe(error);
  });
});

describe('untilAborted', () => {
  it('settles with the work when nothing aborts', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal, 'x')).resolves.toBe(
      7,
    );
  });

  it('rejects at once with ABORTED, or TIMEOUT for a timeout reason', async () => {
    const never = new Promise<number>(() => {});
    const aborted = new AbortController();
    const pending = untilAborted(never, aborted.signal, 'read of basic on cshis-0');
    aborted.abort(new Error('client gone'));
    await expect(pending).rejects.toMatchObject({
      code: 'ABORTED',
      message: 'read of basic on cshis-0 was aborted',
    });
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('late', 'TimeoutError'));
    await expect(untilAborted(never, timedOut.signal, 'read')).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'read timed out',
    });
  });

  it('treats the broker queue timeout error as a timeout', () => {
    const reason = Object.assign(new Error('late'), { name: 'CommandTimeoutError' });
    expect(abortToDriverError('read', reason).code).toBe('TIMEOUT');
  });
});
