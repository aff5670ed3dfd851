import { describe, expect, it } from 'vitest';
import { makeProject } from '../helpers/project.js';

// A learning rate of 1e30 once trained, published and activated an adapter of NaN weights: the config refuses
// values no LoRA run can use before any training starts.
describe('learning bounds', () => {
  it('refuses a learning rate above 1, naming the key and the typical range', async () => {
    const p = await makeProject({ set: { 'learning.learning_rate': 2 } });
    expect(() => p.config()).toThrow(
      /learning\.learning_rate: must be at most 1, got 2: typical LoRA learning rates are 1e-5 to 1e-3/,
    );
  });

  it('refuses a learning rate of 1e30 and one of 0', async () => {
    const huge = await makeProject({ set: { 'learning.learning_rate': 1e30 } });
    expect(() => huge.config()).toThrow(/learning\.learning_rate: must be at most 1, got 1e\+30/);
    const zero = await makeProject({ set: { 'learning.learning_rate': 0 } });
    expect(() => zero.config()).toThrow(/learning\.learning_rate: must be above 0, got 0/);
  });

  it('refuses a LoRA rank above 4096, naming the key', async () => {
    const p = await makeProject({ set: { 'learning.lora_rank': 100000 } });
    expect(() => p.config()).toThrow(/learning\.lora_rank: must be at most 4096, got 100000/);
  });

  it('still refuses a fractional or zero rank', async () => {
    const half = await makeProject({ set: { 'learning.lora_rank': 8.5 } });
    expect(() => half.config()).toThrow(/learning\.lora_rank/);
    const zero = await makeProject({ set: { 'learning.lora_rank': 0 } });
    expect(() => zero.config()).toThrow(/learning\.lora_rank/);
  });

  it('accepts the edges: a rate of exactly 1 and a rank of 4096', async () => {
    const p = await makeProject({ set: { 'learning.learning_rate': 1, 'learning.lora_rank': 4096 } });
    expect(p.config().learning.learning_rate).toBe(1);
    expect(p.config().learning.lora_rank).toBe(4096);
  });
});
