import { execa } from 'execa';

/** Starts `node ARGS` (a CLI as a user runs it) and resolves `seen` once its stderr matches `ready`. */
export function startProcess(
  args: string[],
  ready: RegExp,
  options: { env?: Record<string, string>; cwd?: string } = {},
) {
  const child = execa(process.execPath, args, {
    reject: false,
    env: options.env,
    cwd: options.cwd,
    buffer: { stdout: true, stderr: true },
  });
  let stderr = '';
  const seen = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (ready.test(stderr)) resolve();
    });
    void child.then((r) => reject(new Error(`exited before "${ready.source}": ${r.stderr}`)));
  });
  return { child, seen, stderr: () => stderr };
}
