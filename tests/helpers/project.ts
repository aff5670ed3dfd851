import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { loadConfig, PACKAGE_ROOT, type Config } from '../../src/config/load-config.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { uniqueQueues } from './run-workflow.js';

export type TestProject = {
  root: string;
  configPath: string;
  datasetPath: string;
  config: () => Config;
};

/** A throwaway project root: config/default.yaml (the repo's, with `set` applied) and an optional dataset. */
export async function makeProject(
  options: { records?: number | string; set?: Record<string, unknown> } = {},
): Promise<TestProject> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'agi-core-project-'));
  await mkdir(path.join(root, 'config'));
  await mkdir(path.join(root, 'storage', 'learning'), { recursive: true });
  const doc = parseDocument(readFileSync(path.join(PACKAGE_ROOT, 'config', 'default.yaml'), 'utf8'));
  // The repo's config recommends trajectory; tests written against the seed's summary form keep it unless they
  // set learning.example_format themselves (the trajectory tests do).
  doc.setIn(['learning', 'example_format'], 'summary');
  for (const [key, value] of Object.entries(options.set ?? {})) doc.setIn(key.split('.'), value);
  const configPath = path.join(root, 'config', 'default.yaml');
  await writeFile(configPath, doc.toString());
  const datasetPath = path.join(root, 'storage', 'learning', 'dataset.jsonl');
  if (typeof options.records === 'number')
    await writeFile(datasetPath, toJsonl(sampleRecords(options.records)));
  if (typeof options.records === 'string') await writeFile(datasetPath, options.records);
  return { root, configPath, datasetPath, config: () => loadConfig(configPath) };
}

/** Training settings for the tiny model: a few real optimiser steps on CPU. */
export function tinyTraining(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...uniqueQueues(),
    'learning.training_base_model': inject('tinyModel'),
    'learning.max_train_steps': 12,
    'learning.learning_rate': 0.003,
    'trainer.python': inject('trainerPython'),
    'trainer.save_steps': 5,
    ...extra,
  };
}

/** The seed's own layout, as its operator document gives it: every host's config starts from these keys. */
const SEED_LEARNING = {
  dataset_path: 'storage/learning/dataset.jsonl',
  training_output_dir: 'storage/learning/models',
  training_metadata_path: 'storage/learning/models/latest.json',
  training_overrides_path: 'config/overrides.yaml',
};

/**
 * One host's own project folder, as an operator sets it up: config/default.yaml holds the seed's learning keys plus
 * the sections given (what the test is about), nothing from the repo's config; relative paths resolve against the
 * folder. `parent` puts the folder there (else a temp dir). For tests that run `agi-core worker` per host.
 */
export async function hostProject(
  name: string,
  options: { records?: number; config?: Record<string, Record<string, unknown>>; parent?: string } = {},
): Promise<{ root: string; configPath: string }> {
  const root = options.parent
    ? path.join(options.parent, name)
    : await mkdtemp(path.join(os.tmpdir(), `agi-core-${name}-`));
  await mkdir(path.join(root, 'config'), { recursive: true });
  await mkdir(path.join(root, 'storage', 'learning'), { recursive: true });
  if (options.records)
    await writeFile(path.join(root, SEED_LEARNING.dataset_path), toJsonl(sampleRecords(options.records)));
  const { learning, ...sections } = options.config ?? {};
  const configPath = path.join(root, 'config', 'default.yaml');
  await writeFile(configPath, stringify({ learning: { ...SEED_LEARNING, ...learning }, ...sections }));
  return { root, configPath };
}
