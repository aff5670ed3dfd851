import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../src/temporal/temporal-cli.js';
import { ensureLocalS3 } from '../src/storage/local-s3.js';
import { ensureTrainerPython, TRAINER_DIR } from '../src/trainer/venv.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalCli: string;
    trainerPython: string;
    tinyModel: string;
  }
}

/** Once per test run: the Temporal CLI and the trainer venv (built on a fresh machine), and one tiny model. */
export default async function setup(project: TestProject) {
  const cli = await ensureTemporalCli();
  // The S3 server the object-store tests start (built from its Go module once per machine, like the CLI).
  await ensureLocalS3();
  const python = await ensureTrainerPython(null);
  // Inside the run's own temp folder (tests/scratch-setup.ts runs first and removes it at the end).
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-model-'));
  const tinyModel = path.join(dir, 'tiny-chat');
  await execa(python, ['-m', 'agi_trainer', 'tiny-model', tinyModel], {
    env: { PYTHONPATH: TRAINER_DIR, HF_HUB_OFFLINE: '1' },
  });
  project.provide('temporalCli', cli.path);
  project.provide('trainerPython', python);
  project.provide('tinyModel', tinyModel);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
