import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { findExecutable, parseVersion, pipInstallApart, versionAtLeast } from './binaries.js';

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

describe('pipInstallApart (a Python tool for the tests, installed once)', () => {
  // A stand-in for `python -m pip install --target <dir> …`: writes the dist-info slowly.
  const fakePython = (dir: string): string => {
    const script = join(dir, 'python');
    writeFileSync(
      script,
      '#!/bin/sh\nfor a; do last="$a"; done\nwhile [ "$1" != "--target" ]; do shift; done\n' +
        'mkdir -p "$2/tool-1.0.dist-info"; sleep 0.3; echo done > "$2/tool.py"\n',
    );
    chmodSync(script, 0o755);
    return script;
  };

  it('installs once for runners that ask at the same time, each seeing a whole folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pip-apart-'));
    const python = fakePython(dir);
    const target = join(dir, 'tool');
    // The fake writes its marker first and the module later, as a half-done pip run leaves it:
    // every caller must find the module there once its call is done.
    const whole = await Promise.all(
      [0, 100, 200].map(async (delay) => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        await pipInstallApart(python, target, 'tool-1.0.dist-info', ['tool==1.0'], 'fix');
        return existsSync(join(target, 'tool.py'));
      }),
    );
    expect(whole).toEqual([true, true, true]);
    expect(readdirSync(dir).sort()).toEqual(['python', 'tool']);
    expect(readdirSync(target).sort()).toEqual(['tool-1.0.dist-info', 'tool.py']);
    // Installed: asked again, it does nothing.
    await pipInstallApart('/nonexistent/python', target, 'tool-1.0.dist-info', [], 'fix');
  });

  it('replaces a folder of another version whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pip-apart-'));
    const target = join(dir, 'tool');
    mkdirSync(join(target, 'tool-0.9.dist-info'), { recursive: true });
    await pipInstallApart(fakePython(dir), target, 'tool-1.0.dist-info', ['tool==1.0'], 'fix');
    expect(readdirSync(target).sort()).toEqual(['tool-1.0.dist-info', 'tool.py']);
    expect(readdirSync(dir).sort()).toEqual(['python', 'tool']);
  });
});
