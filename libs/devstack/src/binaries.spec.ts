import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { findExecutable, parseVersion, versionAtLeast } from './binaries.js';

describe('binaries', () => {
  it('reads versions as printed by nats-server and temporal', () => {
    expect(parseVersion('nats-server: v2.9.10')).toEqual([2, 9, 10]);
    expect(parseVersion('temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)')).toEqual([1, 9, 1]);
    expect(parseVersion('no version here')).toBeUndefined();
  });

  it('compares versions numerically', () => {
    expect(versionAtLeast([2, 10, 0], [2, 10, 0])).toBe(true);
    expect(versionAtLeast([2, 15, 1], [2, 10, 0])).toBe(true);
    expect(versionAtLeast([2, 9, 10], [2, 10, 0])).toBe(false);
    expect(versionAtLeast([3, 0, 0], [2, 10, 0])).toBe(true);
  });

  it('finds executables in the given folders before the PATH, and only executable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civic-bin-'));
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n');
    writeFileSync(join(dir, 'not-executable'), '');
    chmodSync(join(dir, 'tool'), 0o755);
    expect(findExecutable('tool', [dir])).toBe(join(dir, 'tool'));
    expect(findExecutable('not-executable', [dir])).toBeUndefined();
    expect(findExecutable('surely-no-such-binary-civic', [dir])).toBeUndefined();
  });
});
