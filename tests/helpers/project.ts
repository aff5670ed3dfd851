import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadConfig, PACKAGE_ROOT, type Config } from '../../src/config/load-config.js';
import { sampleRecords, toJsonl } from '../../src/learning/sample-records.js';

export type TestProject = {
  root: string;
  configPath: string;
  datasetPath: string;
  config: () => Config;
};

/** A throwaway project root: config/default.yaml (the repo's, with `set` applied) and an optional dataset. */
export async function makeProject(options: { records?: number | string; set?: Record<string, unknown> } = {}): Promise<TestProject> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'agi-core-project-'));
  await mkdir(path.join(root, 'config'));
  await mkdir(path.join(root, 'storage', 'learning'), { recursive: true });
  const doc = parseDocument(readFileSync(path.join(PACKAGE_ROOT, 'config', 'default.yaml'), 'utf8'));
  for (const [key, value] of Object.entries(options.set ?? {})) doc.setIn(key.split('.'), value);
  const configPath = path.join(root, 'config', 'default.yaml');
  await writeFile(configPath, doc.toString());
  const datasetPath = path.join(root, 'storage', 'learning', 'dataset.jsonl');
  if (typeof options.records === 'number') await writeFile(datasetPath, toJsonl(sampleRecords(options.records)));
  if (typeof options.records === 'string') await writeFile(datasetPath, options.records);
  return { root, configPath, datasetPath, config: () => loadConfig(configPath) };
}
