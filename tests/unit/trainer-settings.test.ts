import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunSpec } from '../../src/activities/run-spec.js';
import { loadConfig, PACKAGE_ROOT } from '../../src/config/load-config.js';
import { RunSpecSchema, TRAINER_SETTING_KEYS } from '../../src/shared/trainer-protocol.js';
import type { RunPlan } from '../../src/shared/training-contract.js';
import { makeProject } from '../helpers/project.js';

describe('trainer settings: one definition on each side', () => {
  it('every trainer setting travels to the run spec unchanged, and the spec validates', async () => {
    const p = await makeProject({
      set: { 'trainer.attn_implementation': 'eager', 'trainer.report_to': ['none'] },
    });
    const config = loadConfig(p.configPath);
    const spec = buildRunSpec(config, { strategy: 'lora', runDir: '/r' } as RunPlan, {
      trainPath: '/r/data/train.jsonl',
      evalPath: null,
      adapterDir: '/r/a',
      tokenizerDir: '/r/t',
      checkpointsDir: '/r/c',
      resumeFrom: null,
      compareAdapterDir: null,
    });
    for (const key of TRAINER_SETTING_KEYS) expect(spec[key], key).toEqual(config.trainer[key]);
    expect(spec.attn_implementation).toBe('eager');
    expect(RunSpecSchema.parse(spec)).toEqual(spec);
  });

  // Python's RunSpec is built from this committed JSON Schema (trainer/agi_trainer/spec.py): a field with its
  // documented default for every trainer setting. (Before issue 20 this read spec.py's hand-written fields.)
  it('the Python RunSpec has a field for every trainer setting', () => {
    const schema = JSON.parse(
      readFileSync(
        path.join(PACKAGE_ROOT, 'trainer', 'agi_trainer', 'schemas', 'run-spec.schema.json'),
        'utf8',
      ),
    ) as { properties: Record<string, { default?: unknown; title?: string }> };
    for (const key of TRAINER_SETTING_KEYS) {
      expect(schema.properties[key], key).toBeDefined();
      expect(schema.properties[key]!.title, key).toBe(`trainer.${key}`);
      expect(schema.properties[key], key).toHaveProperty('default');
    }
  });
});
