import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * One temp folder per test run: every temp folder a test, a CLI it runs or a trainer makes lands in it (they all
 * read TMPDIR), and it goes at the end, so a run leaves nothing behind in /tmp (mutation testing runs thousands).
 */
export default async function setup() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(dir, { recursive: true, force: true });
  };
}
