import { describe, expect, it } from 'vitest';
import { chooseStrategy } from '../../src/learning/dataset/scheduling.js';

describe('chooseStrategy (self_optimizer.strategy: auto)', () => {
  it('picks DPO once there are min_dpo_pairs same-goal pairs', () => {
    expect(chooseStrategy({ dpo_pairs: 20, successes: 30, failures: 30 }, 20)).toEqual({
      strategy: 'dpo',
      why: '20 DPO pairs ≥ min_dpo_pairs 20',
    });
  });

  it('picks KTO below that when both outcomes exist, unpaired', () => {
    expect(chooseStrategy({ dpo_pairs: 19, successes: 5, failures: 1 }, 20)).toMatchObject({
      strategy: 'kto',
      why: expect.stringContaining('5 successes and 1 failures'),
    });
  });

  it('falls back to SFT when one outcome is missing', () => {
    expect(chooseStrategy({ dpo_pairs: 0, successes: 7, failures: 0 }, 20)).toMatchObject({
      strategy: 'lora',
      why: expect.stringContaining('only successes (7 records)'),
    });
    expect(chooseStrategy({ dpo_pairs: 0, successes: 0, failures: 3 }, 20).strategy).toBe('lora');
  });
});
