import { describe, expect, it } from 'vitest';
import {
  chooseStrategy,
  scheduleTrainingIfReady,
  suggestedCommand,
} from '../../src/learning/dataset/scheduling.js';
import { makeProject } from '../helpers/project.js';

describe('scheduling', () => {
  it('scheduleTrainingIfReady: triggered at the threshold exactly, with the command to run', async () => {
    const p = await makeProject({ records: 3 });
    const at = (threshold: number) =>
      scheduleTrainingIfReady({
        datasetPath: p.datasetPath,
        threshold,
        strategy: 'dpo',
        displayPath: 'd.jsonl',
      });
    expect(await at(3)).toEqual({
      triggered: true,
      sample_count: 3,
      threshold: 3,
      command: 'agi-core-train --strategy=dpo --dataset=d.jsonl --require-threshold',
    });
    expect((await at(4)).triggered).toBe(false);
    const plain = await scheduleTrainingIfReady({
      datasetPath: p.datasetPath,
      threshold: 1,
      strategy: 'lora',
    });
    expect(plain.command).toBe(suggestedCommand('lora', p.datasetPath));
    expect(chooseStrategy({ dpo_pairs: 0, successes: 0, failures: 0 }, 1).strategy).toBe('lora');
  });
});
