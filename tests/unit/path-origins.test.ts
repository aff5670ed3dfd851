import { mkdir, mkdtemp, open, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/shared/atomic-write.js';
import { withDirLock } from '../../src/shared/dir-lock.js';
import { PathNotAllowedError } from '../../src/shared/errors.js';
import { withPath } from '../../src/shared/os-error-path.js';
import {
  checkFolderShape,
  describeOsError,
  notePathOrigin,
  pathOrigin,
} from '../../src/shared/path-origins.js';

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  return fn().then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

describe('OS errors name their path and the setting or flag behind it', () => {
  it('the setting whose path holds the failing one, the deepest; else the latest noted below it', () => {
    notePathOrigin('/srv/p/storage', 'learning.training_output_dir');
    notePathOrigin('/srv/p/storage/learning/dataset.jsonl', 'learning.dataset_path');
    expect(pathOrigin('/srv/p/storage/learning/dataset.jsonl')).toBe('learning.dataset_path');
    expect(pathOrigin('/srv/p/storage/run-1/adapter')).toBe('learning.training_output_dir');
    // mkdir -p fails on an ancestor of what was asked for: the path noted below it.
    expect(pathOrigin('/srv/p')).toBe('learning.dataset_path');
    notePathOrigin('/srv/p/storage', '--output-dir');
    expect(pathOrigin('/srv/p')).toBe('--output-dir');
    expect(pathOrigin('/elsewhere')).toBeUndefined();
  });

  it('a real ENOSPC on a write names the file (/dev/full), and stays retryable', async () => {
    const err = await caught(async () => {
      const handle = await open('/dev/full', 'w');
      try {
        await handle.writeFile('x'.repeat(8192));
      } finally {
        await handle.close();
      }
    });
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    notePathOrigin('/dev/full', 'learning.dataset_path');
    const described = describeOsError(withPath(err, '/dev/full'))!;
    expect(described.message).toBe(
      'cannot write /dev/full (learning.dataset_path): no space left on the device (ENOSPC)',
    );
    expect(described).not.toBeInstanceOf(PathNotAllowedError);
  });

  it('a file where a folder must be is a usage error: never retried, exit 2', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-os-'));
    await writeFile(path.join(dir, 'afile'), 'x');
    const err = await caught(() => mkdir(path.join(dir, 'afile', 'run'), { recursive: true }));
    notePathOrigin(path.join(dir, 'afile', 'run'), 'learning.training_output_dir');
    const described = describeOsError(err)!;
    expect(described).toBeInstanceOf(PathNotAllowedError);
    expect(described.message).toMatch(
      /^cannot mkdir .*afile(\/run)? \(learning\.training_output_dir\): a part of the path is a file, not a folder \(E(EXIST|NOTDIR)\)$/,
    );
    expect(describeOsError(new Error('not an OS error'))).toBeUndefined();
  });

  it('checkFolderShape: a file, a file above, a name too long; a new folder under a folder is fine', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-shape-'));
    await writeFile(path.join(dir, 'afile'), 'x');
    expect(() => checkFolderShape(path.join(dir, 'afile'), 'output dir')).toThrow(
      /^output dir is a file, not a folder: pick a folder$/,
    );
    expect(() => checkFolderShape(path.join(dir, 'afile', 'a', 'b'), 'output dir')).toThrow(
      /^output dir: .*afile is a file, not a folder, so no folder can be made under it/,
    );
    expect(() => checkFolderShape(path.join(dir, 'é'.repeat(128)), 'output dir')).toThrow(
      /is 256 bytes, more than file systems accept \(255\)/,
    );
    expect(() => checkFolderShape(path.join(dir, 'new', 'deeper'), 'output dir')).not.toThrow();
  });

  it('a failed atomic write or lock leaves nothing behind and names its file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-leftover-'));
    // A folder where the file should be: the rename fails after the temp file was written.
    await mkdir(path.join(dir, 'overrides.yaml', 'inner'), { recursive: true });
    const err = await caught(() => writeFileAtomic(path.join(dir, 'overrides.yaml'), 'x'));
    expect(describeOsError(err)!.message).toMatch(/overrides\.yaml/);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The lock's folder cannot be made (a file sits where its parent must be): the error names that path.
    await writeFile(path.join(dir, 'blocked'), 'x');
    const lockErr = await caught(() =>
      withDirLock(path.join(dir, 'blocked', 'x.lock'), () => Promise.resolve(), { timeoutMs: 100 }),
    );
    expect(describeOsError(lockErr)!.message).toMatch(/blocked.*a part of the path is a file/);
    expect(await readdir(dir)).toEqual(['blocked', 'overrides.yaml']);
  });
});
