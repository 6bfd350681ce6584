import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

function memoryLogger(level: 'info' | 'trace' = 'trace') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line) => lines.push(line) } });
  const records = () =>
    lines.map((line) => {
      const { time, pid, hostname, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expect(typeof time).toBe('string');
      return rest;
    });
  return { logger, lines, records };
}

describe('createLogger', () => {
  it('writes one JSON object a line with the level as a label', () => {
    const { logger, records } = memoryLogger('info');
    logger.debug('not written');
    logger.info({ reader: 'sim-0', section: 'basic' }, 'read %s', 'basic');
    expect(records()).toEqual([
      { level: 'info', reader: 'sim-0', section: 'basic', msg: 'read basic' },
    ]);
  });

  it('masks objects, interpolated strings and child bindings', () => {
    const { logger, records } = memoryLogger();
    const child = logger.child({ holder: { name: '王小明', idNumber: 'A123456789' } });
    child.debug(
      { sections: { basic: { name: '王小明', birthDate: '1990-05-17' } } },
      'card of %s (%j) read',
      'A123456789',
      { idNumber: 'A123456789' },
    );
    expect(records()).toEqual([
      {
        level: 'debug',
        holder: { name: '王○明', idNumber: 'A12*****89' },
        sections: { basic: { name: '王○明', birthDate: '1990-**-**' } },
        msg: 'card of A12*****89 ({"idNumber":"A12*****89"}) read',
      },
    ]);
  });

  it('logs an error first argument as a masked `err` with its message', () => {
    const { logger, records } = memoryLogger();
    const error = Object.assign(new Error('no card for A123456789'), { code: 'NO_CARD' });
    error.stack = 'Error: no card for A123456789';
    logger.warn(error);
    logger.error({ err: error }, 'auto-read failed');
    const err = {
      type: 'Error',
      message: 'no card for A12*****89',
      code: 'NO_CARD',
      stack: 'Error: no card for A12*****89',
    };
    expect(records()).toEqual([
      { level: 'warn', err, msg: 'no card for A12*****89' },
      { level: 'error', err, msg: 'auto-read failed' },
    ]);
  });

  it('masks a personal value it has seen as a field wherever it shows up later', () => {
    const { logger, records } = memoryLogger();
    logger.info('before: 林志明');
    logger.info({ basic: { name: '林志明', birthDateRoc: '0740314' } }, 'read');
    logger.info('after: %s born %s', '林志明', '0740314');
    logger.child({ note: 'holder 林志明' }).info('child');
    expect(records()).toEqual([
      { level: 'info', msg: 'before: 林志明' },
      { level: 'info', basic: { name: '林○明', birthDateRoc: '074****' }, msg: 'read' },
      { level: 'info', msg: 'after: 林○明 born 074****' },
      { level: 'info', note: 'holder 林○明', msg: 'child' },
    ]);
  });

  it('masks the finished line, even a message given as a key', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ msg: 'inserted A123456789' });
    expect(lines.join('')).not.toContain('A123456789');
    expect(lines.join('')).toContain('A12*****89');
  });
});
