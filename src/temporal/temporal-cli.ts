import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../shared/errors.js';

/** Pinned: the newest tag whose go.mod has no `replace`, so `go install pkg@version` builds it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function cacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'agi-core');
}

export function cachedCliPath(): string {
  return path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export type CliLocation = { path: string; source: 'env' | 'cache' | 'path' | 'built' };

/**
 * Finds the `temporal` CLI: $TEMPORAL_CLI_PATH, our cache, PATH; else builds the pinned version with Go
 * into the cache (minutes, once per machine), streaming Go's progress to stderr.
 */
export async function ensureTemporalCli(
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<CliLocation> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new UsageError(`TEMPORAL_CLI_PATH=${fromEnv} does not exist: fix or unset it`);
    return { path: fromEnv, source: 'env' };
  }
  const cached = cachedCliPath();
  if (existsSync(cached)) return { path: cached, source: 'cache' };
  const found = onPath('temporal');
  if (found) return { path: found, source: 'path' };
  const go = onPath('go');
  if (!go) {
    throw new UsageError(
      'the Temporal CLI (`temporal`) is needed for the embedded server and was not found. Install it with ' +
        '`brew install temporal`, or download it from the official Temporal CLI releases and put it on PATH ' +
        '(or set TEMPORAL_CLI_PATH), or install Go so agi-core can build it; or set TEMPORAL_ADDRESS to use a running cluster.',
    );
  }
  await buildWithGo(go, cached, log);
  return { path: cached, source: 'built' };
}

async function buildWithGo(go: string, target: string, log: (line: string) => void): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  log(
    `agi-core: building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${dir} (once per machine, a few minutes)…`,
  );
  const started = Date.now();
  let packages = 0;
  // Build into a temp GOBIN and move: a half-built binary must never look cached.
  const tmpBin = `${dir}.partial-${process.pid}`;
  const child = execa(go, ['install', '-v', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { GOBIN: tmpBin, GOFLAGS: '-mod=mod' },
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
  });
  let reported = 0;
  child.stderr?.on('data', (chunk: Buffer) => {
    packages += chunk.toString().split('\n').filter(Boolean).length;
    if (packages - reported >= 100) {
      reported = packages - (packages % 100);
      log(`agi-core: … ${reported} Go packages compiled (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  });
  const result = await child;
  if (result.exitCode !== 0) {
    throw new UsageError(
      `building the Temporal CLI failed (go install ${MODULE}@${TEMPORAL_CLI_VERSION}, exit ${result.exitCode}):\n${String(result.stderr).slice(-2000)}\n` +
        'Install the CLI yourself and set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use a running cluster.',
    );
  }
  const { rename, rm } = await import('node:fs/promises');
  await rename(path.join(tmpBin, 'temporal'), target);
  await rm(tmpBin, { recursive: true, force: true });
  log(`agi-core: Temporal CLI ready at ${target} (${Math.round((Date.now() - started) / 1000)} s)`);
}
