import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

describe('the library API, imported as `agi-core` as external automation does', () => {
  it('loads a config, appends through LearningPipeline and asks scheduleTrainingIfReady', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-core-lib-'));
    try {
      const script = `
        import { writeFileSync, mkdirSync } from 'node:fs';
        import { loadConfig, LearningPipeline, scheduleTrainingIfReady, countRecords } from 'agi-core';
        const dir = ${JSON.stringify(dir)};
        mkdirSync(dir + '/config');
        writeFileSync(dir + '/config/default.yaml', 'learning:\\n  dataset_path: data/dataset.jsonl\\n  min_samples_for_training: 2\\n');
        const config = loadConfig(dir + '/config/default.yaml');
        const pipeline = new LearningPipeline(config.learning.dataset_path, 2);
        const record = (i) => ({ task_id: 't' + i, goal: 'g', context_summary: '', plan: [], execution: [], summary: 's', success: true });
        await pipeline.addExample(record(1));
        await pipeline.addExample(record(2));
        const suggestion = await scheduleTrainingIfReady({
          datasetPath: config.learning.dataset_path,
          threshold: config.learning.min_samples_for_training,
          strategy: config.learning.training_strategy,
        });
        const counts = await countRecords(config.learning.dataset_path);
        console.log(JSON.stringify({ suggestion, valid: counts.valid }));
      `;
      const r = await execa(process.execPath, ['--input-type=module', '-e', script], {
        cwd: PACKAGE_ROOT,
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        suggestion: {
          triggered: true,
          sample_count: 2,
          threshold: 2,
          command: `agi-core-train --strategy=lora --dataset=${path.join(dir, 'data/dataset.jsonl')} --require-threshold`,
        },
        valid: 2,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
