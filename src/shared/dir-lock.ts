import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding an exclusive lock across processes: mkdir is atomic on every local file system.
 * A lock whose owner died (its pid is gone) is taken over.
 */
export async function withDirLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  options: { timeoutMs?: number; retryMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const retryMs = options.retryMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  await mkdir(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => 'NaN'));
      if (Number.isFinite(owner) && owner > 0 && !alive(owner)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for lock ${lockDir} (held by pid ${owner})`);
      await new Promise((r) => setTimeout(r, retryMs * (0.5 + Math.random())));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
