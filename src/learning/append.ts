import { constants } from 'node:fs';
import { access, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { refuseNetworkFilesystem, withDirLock } from '../shared/dir-lock.js';
import { InvalidDatasetError } from '../shared/errors.js';

/**
 * Appends complete JSONL lines under a cross-process lock, in one write, fsynced before it resolves.
 * If a writer died mid-line, the torn tail is closed with a newline first, so it stays one bad line
 * and never merges into the records appended now.
 */
export async function appendLines(
  file: string,
  lines: readonly string[],
  setting = 'learning.dataset_path',
): Promise<void> {
  if (!lines.length) return;
  for (const line of lines) {
    if (line.includes('\n')) throw new Error('appendLines: a JSONL line must not contain a newline');
  }
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true }).catch((err: unknown) => {
    throw notWritable(file, folder, err);
  });
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new InvalidDatasetError(
      `dataset path ${file} is a directory: point learning.dataset_path at a .jsonl file`,
    );
  }
  // The lock is a folder beside the dataset: check here, so a read-only folder is named as such rather
  // than surfacing as an error about an internal lock folder.
  await access(folder, constants.W_OK).catch((err: unknown) => {
    throw notWritable(file, folder, err);
  });
  if (existing) {
    await access(file, constants.W_OK).catch((err: unknown) => {
      throw notWritable(file, file, err);
    });
  }
  await refuseNetworkFilesystem(folder, setting);
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

function notWritable(file: string, blocked: string, cause: unknown): InvalidDatasetError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  return new InvalidDatasetError(
    `cannot append to the dataset ${file}: cannot write ${blocked} (${code}); make it writable by this user or point learning.dataset_path (--dataset) at a writable folder`,
    { cause },
  );
}
