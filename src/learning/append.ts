import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { withDirLock } from '../shared/dir-lock.js';
import { InvalidDatasetError } from '../shared/errors.js';

/**
 * Appends complete JSONL lines under a cross-process lock, in one write, fsynced before it resolves.
 * If a writer died mid-line, the torn tail is closed with a newline first, so it stays one bad line
 * and never merges into the records appended now.
 */
export async function appendLines(file: string, lines: readonly string[]): Promise<void> {
  if (!lines.length) return;
  for (const line of lines) {
    if (line.includes('\n')) throw new Error('appendLines: a JSONL line must not contain a newline');
  }
  await mkdir(path.dirname(file), { recursive: true });
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new InvalidDatasetError(
      `dataset path ${file} is a directory: point learning.dataset_path at a .jsonl file`,
    );
  }
  await withDirLock(
    `${file}.lock`,
    async () => {
      const handle = await open(file, 'a+');
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 10) prefix = '\n';
        }
        await handle.write(prefix + lines.join('\n') + '\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    { retryMs: 3 },
  );
}
