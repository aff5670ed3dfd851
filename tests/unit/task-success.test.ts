import { describe, expect, it } from 'vitest';
import {
  evaluation,
  pairedComparison,
  taskPromotion,
  taskScore,
} from '../../src/learning/judging/task-success.js';
import type { EpisodeResult } from '../../src/shared/rollout-contract.js';

const episode = (task_id: string, success: boolean, dataset = 'chain_sum', lucky = false): EpisodeResult => ({
  task_id,
  dataset,
  attempt: 0,
  success,
  lucky,
  failure: success ? null : 'wrong answer',
});

describe('task success: scores, paired comparison and promotion', () => {
  it('scores with the Wilson interval, per dataset, counting a resumed duplicate once', () => {
    const e = evaluation('base', [
      episode('t1', true),
      episode('t2', false),
      episode('t1', false), // a resumed rollout wrote t1 again: the first line counts
      episode('t3', true, 'number_sorting', true),
    ]);
    expect(e.summary).toMatchObject({ adapter: 'base', successes: 2, tasks: 3, lucky: 1 });
    expect(e.summary.by_dataset).toEqual({
      chain_sum: taskScore(1, 2),
      number_sorting: taskScore(1, 1),
    });
    // 1/2: Wilson 95% is [0.0945, 0.9055] (Newcombe 1998, table I).
    expect(e.summary.by_dataset.chain_sum!.interval![0]).toBeCloseTo(0.0945, 3);
    expect(e.summary.by_dataset.chain_sum!.interval![1]).toBeCloseTo(0.9055, 3);
    expect(taskScore(0, 0)).toEqual({ successes: 0, tasks: 0, success_rate: null, interval: null });
  });

  it('exact McNemar on the tasks where two adapters disagree', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `t${i}`);
    // 10 both, 1 only a, 9 only b, 10 neither.
    const a = evaluation(
      'base',
      ids.map((id, i) => episode(id, i < 10 || i === 10)),
    );
    const b = evaluation(
      'run-1',
      ids.map((id, i) => episode(id, i < 10 || (i >= 11 && i < 20))),
    );
    const c = pairedComparison(a, b);
    expect(c).toMatchObject({
      a: 'base',
      b: 'run-1',
      tasks: 30,
      both: 10,
      only_a: 1,
      only_b: 9,
      neither: 10,
    });
    // P(X >= 9 | n = 10, 1/2) = 11/1024; two-sided doubles it.
    expect(c.p_b_better).toBeCloseTo(11 / 1024, 10);
    expect(c.p_value).toBeCloseTo(22 / 1024, 10);
    // Reversed: b is not better.
    expect(pairedComparison(b, a).p_b_better).toBeCloseTo(1 - 1 / 1024, 10);
    // Tasks only one side ran are not paired; no disagreement is p = 1.
    const same = pairedComparison(a, evaluation('x', [episode('t0', true), episode('other', true)]));
    expect(same).toMatchObject({ tasks: 1, both: 1, p_value: 1, p_b_better: 1 });
  });

  it('promotes only a candidate significantly better at alpha, and says why either way', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `t${i}`);
    const active = evaluation(
      'run-1',
      ids.map((id, i) => episode(id, i < 10 || i === 10)),
    );
    const better = evaluation(
      'run-2',
      ids.map((id, i) => episode(id, i < 10 || (i >= 11 && i < 20))),
    );
    const yes = taskPromotion(pairedComparison(active, better), 0.05);
    expect(yes.promote).toBe(true);
    expect(yes.reason).toContain('+26.7 points on 30 held-out tasks (9 won, 1 lost)');
    const no = taskPromotion(pairedComparison(active, better), 0.01);
    expect(no.promote).toBe(false);
    expect(no.reason).toContain('not significantly better');
    expect(taskPromotion(pairedComparison(active, active), 0.05).promote).toBe(false);
  });
});

describe('decideTaskPromotion: what metadata.json records', () => {
  it('if_improved promotes only a significant gain; always activates but still records both rates', async () => {
    const { makeProject } = await import('../helpers/project.js');
    const { decideTaskPromotion } = await import('../../src/learning/judging/promotion.js');
    const project = await makeProject({ set: { 'learning.eval_suite': 'reasoning-gym:chain_sum' } });
    const config = project.config();
    const ids = Array.from({ length: 30 }, (_, i) => `t${i}`);
    const reference = evaluation(
      'base',
      ids.map((id, i) => episode(id, i < 10 || i === 10)),
    );
    const candidate = evaluation(
      'run-2',
      ids.map((id, i) => episode(id, i < 10 || (i >= 11 && i < 20))),
    );
    const facts = (active: string | null, policy = config.learning.promotion_policy) => ({
      policy,
      alpha: config.learning.live_gate.alpha,
      runName: 'run-2',
      active,
    });
    const taskEval = { suite: 'reasoning-gym:chain_sum', tasks: 30, seed: 0, reference, candidate };
    const promoted = decideTaskPromotion(facts(null), taskEval);
    expect(promoted.activate).toBe(true);
    expect(promoted.reason).toContain("held-out success 63.3% vs base's 36.7%");
    expect(promoted.task_eval).toMatchObject({
      alpha: 0.05,
      candidate: { adapter: 'run-2', successes: 19 },
      reference: { adapter: 'base', successes: 11 },
      comparison: { only_a: 1, only_b: 9 },
    });
    const kept = decideTaskPromotion(facts('x'), { ...taskEval, candidate: reference, reference: candidate });
    expect(kept.activate).toBe(false);
    expect(kept.reason).toContain('kept run-2 (activate this one with agi-core adapters activate run-2)');
    const always = decideTaskPromotion(facts('x', 'always'), {
      ...taskEval,
      candidate: reference,
      reference: candidate,
    });
    expect(always.activate).toBe(true);
    expect(always.task_eval?.comparison.only_b).toBe(1);
  });
});
