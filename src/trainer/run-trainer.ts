import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { execa } from 'execa';
import { writeJsonAtomic } from '../shared/atomic-write.js';
import { parseTrainerLine, type RunSpec, type TrainerEvent } from '../shared/trainer-protocol.js';
import type { RolloutSpec } from '../shared/rollout-contract.js';
import { TRAINER_DIR } from './venv.js';
import { stopGroup } from '../shared/process-group.js';

export type TrainerRun<Done extends 'done' | 'rollout_done' = 'done'> = {
  /** Resolves with the `done` event, or the `error` event, or an exit without either. */
  result: Promise<TrainerOutcome<Done>>;
  pid: number;
  /** SIGTERM to the whole process group (the trainer checkpoints), SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<void>;
};

export type TrainerOutcome<Done extends 'done' | 'rollout_done' = 'done'> =
  | { kind: 'done'; event: Extract<TrainerEvent, { event: Done }>; events: TrainerEvent[] }
  | { kind: 'error'; event: Extract<TrainerEvent, { event: 'error' }>; events: TrainerEvent[] }
  | {
      kind: 'crashed';
      exitCode: number | undefined;
      signal: string | undefined;
      stderrTail: string;
      events: TrainerEvent[];
    };

/** Environment the trainer sees: only what it needs, never the worker's secrets. */
function trainerEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const keep = [
    'PATH',
    'HOME',
    'LANG',
    'LC_ALL',
    'TMPDIR',
    'HF_HOME',
    'HF_HUB_OFFLINE',
    'HF_TOKEN',
    'TRANSFORMERS_CACHE',
    'CUDA_VISIBLE_DEVICES',
    'OMP_NUM_THREADS',
    'OPENBLAS_CORETYPE',
    'OPENBLAS_L2_SIZE',
    'XDG_CACHE_HOME',
  ];
  const env: Record<string, string> = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    PYTHONPATH: TRAINER_DIR,
    PYTHONUNBUFFERED: '1',
    TOKENIZERS_PARALLELISM: 'false',
    HF_HUB_DISABLE_TELEMETRY: '1',
  };
}

type SpawnOptions = {
  python: string;
  specPath: string;
  logPath: string;
  cudaVisibleDevices?: string;
  onEvent: (event: TrainerEvent) => void;
};

/** Spawns `python -m agi_trainer train --spec FILE` in its own process group and streams its protocol events. */
export function startTrainer(options: SpawnOptions & { spec: RunSpec }): Promise<TrainerRun> {
  return spawnAgiTrainer('train', 'done', options);
}

/** Spawns `python -m agi_trainer rollout --spec FILE`: the model acting on a task suite. */
export function startRollout(
  options: SpawnOptions & { spec: RolloutSpec },
): Promise<TrainerRun<'rollout_done'>> {
  return spawnAgiTrainer('rollout', 'rollout_done', options);
}

async function spawnAgiTrainer<Done extends 'done' | 'rollout_done'>(
  command: 'train' | 'rollout',
  doneEvent: Done,
  options: SpawnOptions & { spec: RunSpec | RolloutSpec },
): Promise<TrainerRun<Done>> {
  await writeJsonAtomic(options.specPath, options.spec);
  await mkdir(path.dirname(options.logPath), { recursive: true });
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const child = execa(options.python, ['-m', 'agi_trainer', command, '--spec', options.specPath], {
    detached: true,
    extendEnv: false,
    env: trainerEnv({ CUDA_VISIBLE_DEVICES: options.cudaVisibleDevices }),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
    buffer: false,
  });
  const events: TrainerEvent[] = [];
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const event = parseTrainerLine(line);
    if (!event) {
      // Not protocol (a library's print, a torn line): keep it in the log, never crash on it.
      log.write(`[stdout] ${line}\n`);
      return;
    }
    events.push(event);
    options.onEvent(event);
  });
  const closed = new Promise<void>((resolve) => lines.once('close', resolve));
  const result = (async (): Promise<TrainerOutcome<Done>> => {
    const exit = await child;
    await closed;
    await new Promise<void>((resolve) => log.end(resolve));
    const done = events.find((e): e is Extract<TrainerEvent, { event: Done }> => e.event === doneEvent);
    if (done && exit.exitCode === 0) return { kind: 'done', event: done, events };
    const error = events.findLast((e) => e.event === 'error');
    if (error) return { kind: 'error', event: error, events };
    return { kind: 'crashed', exitCode: exit.exitCode, signal: exit.signal, stderrTail, events };
  })();
  const pid = child.pid!;
  return {
    result,
    pid,
    // Data-loader children and the like share the group: none may outlive the trainer.
    stop: (graceMs: number) => stopGroup(pid, result, graceMs),
  };
}
