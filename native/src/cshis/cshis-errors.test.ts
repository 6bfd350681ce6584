import { describe, expect, it } from 'vitest';
import { DriverError } from '../driver-error.js';
import { hostFailureToDriverError } from './cshis-errors.js';
import { HostFailure } from './host-failure.js';

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

  it("reports a call its caller abandoned with the caller's reason", () => {
    const reason = Object.assign(new Error('The broker is shutting down.'), { code: 'BUSY' });
    const failure = new HostFailure('aborted', 'hisGetBasicData was abandoned', reason);
    expect(hostFailureToDriverError(failure, 'read basic')).toMatchObject({
      code: 'BUSY',
      message: 'read basic: The broker is shutting down.',
    });
  });

  it('passes every other error through', () => {
    const error = new DriverError('NO_CARD', 'no card');
    expect(hostFailureToDriverError(error, 'x')).toBe(error);
  });
});
