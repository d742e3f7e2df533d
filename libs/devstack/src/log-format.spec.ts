import { describe, expect, it } from '@jest/globals';
import { createLinePrinter, messageOf } from './log-format.js';

describe('log format', () => {
  it('prints JSON log lines readably behind an aligned app prefix', () => {
    const out: string[] = [];
    const print = createLinePrinter(['gateway', 'worker'], (l) => out.push(l));
    print(
      'worker',
      JSON.stringify({
        level: 'info',
        time: '2026-11-23T10:00:00.000Z',
        service: 'worker',
        pid: 1,
        msg: 'polling',
        taskQueue: 'civic-main',
      }),
    );
    print('gateway', 'plain text line');
    expect(out[0]).toMatch(/^worker {2}\| \[\d\d:\d\d:\d\d\.\d{3}\] INFO: polling/);
    expect(out[0]).toContain('civic-main');
    expect(out[0]).not.toContain('"pid"');
    expect(out[1]).toBe('gateway | plain text line');
  });

  it('extracts the message of a JSON line', () => {
    expect(messageOf('{"msg":"permits failed to start: port 9401 is already in use"}')).toBe(
      'permits failed to start: port 9401 is already in use',
    );
    expect(messageOf('not json')).toBe('not json');
  });
});
