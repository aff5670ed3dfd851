import { describe, expect, it } from 'vitest';
import { decidePromotion, type PromotionFacts } from '../../src/learning/judging/promotion.js';

const facts = (over: Partial<PromotionFacts> = {}): PromotionFacts => ({
  policy: 'if_improved',
  alpha: 0.05,
  runName: 'run-2',
  dryRun: false,
  active: 'storage/learning/models/run-1/adapter',
  activeIsTrained: true,
  evalLoss: 1.2,
  activeEvalLoss: 1.5,
  ...over,
});

describe('decidePromotion: the gate by eval loss (no learning.eval_suite)', () => {
  it('promotes a lower eval loss and keeps the active adapter otherwise, saying how to activate anyway', () => {
    expect(decidePromotion(facts())).toMatchObject({
      activate: true,
      reason: "eval loss 1.2000 beats the active adapter's 1.5000",
      eval_loss: 1.2,
      active_eval_loss: 1.5,
      active_adapter: 'storage/learning/models/run-1/adapter',
    });
    const kept = decidePromotion(facts({ evalLoss: 1.5 }));
    expect(kept.activate).toBe(false);
    expect(kept.reason).toContain('kept storage/learning/models/run-1/adapter');
    const blind = decidePromotion(facts({ activeEvalLoss: null }));
    expect(blind.activate).toBe(false);
    expect(blind.reason).toContain('agi-core adapters activate run-2');
  });

  it('activates when there is nothing to beat, or the policy is always', () => {
    expect(decidePromotion(facts({ active: null })).reason).toBe('no adapter was active');
    expect(decidePromotion(facts({ activeIsTrained: false })).reason).toContain('holds no trained adapter');
    const always = decidePromotion(facts({ policy: 'always', evalLoss: 9 }));
    expect(always).toMatchObject({ activate: true, reason: 'promotion_policy always' });
  });

  it("a dry run's placeholder never replaces a trained adapter, but activates on a fresh project", () => {
    expect(decidePromotion(facts({ dryRun: true })).activate).toBe(false);
    expect(decidePromotion(facts({ dryRun: true, activeIsTrained: false })).activate).toBe(true);
    // Task results of a dry run (there are none in practice) never decide it.
    const summary = {
      adapter: 'x',
      tasks: 1,
      successes: 1,
      success_rate: 1,
      interval: [0, 1] as [number, number],
    };
    const taskEval = {
      suite: 's',
      tasks: 1,
      seed: 0,
      reference: { summary, episodes: [] },
      candidate: { summary, episodes: [] },
    } as unknown as PromotionFacts['taskEval'];
    expect(decidePromotion(facts({ dryRun: true, taskEval })).task_eval).toBeUndefined();
  });
});
