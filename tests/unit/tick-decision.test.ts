import { describe, expect, it } from 'vitest';
import { tickGate, type TickFacts } from '../../src/activities/tick-decision.js';

const now = new Date('2026-12-06T12:00:00Z');
const settings = {
  min_new_samples: 10,
  cooldown: '1h',
  failure_backoff: '30m',
  min_samples_for_training: 50,
};
const facts = (over: Partial<TickFacts> = {}): TickFacts => ({
  now,
  childWorkflowId: 'agi-core-self-optimizer-training',
  last: null,
  valid: 60,
  rollback: null,
  success: null,
  ...over,
});
const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('tickGate: whether a SelfOptimizer tick starts a run', () => {
  it('trains on a fresh project once the threshold is met, counting every record as new', () => {
    expect(tickGate(facts(), settings)).toEqual({ train: true, sampleCount: 60, newSamples: 60 });
    expect(tickGate(facts({ valid: 49 }), settings)).toMatchObject({
      train: false,
      decision: { reason: '49 valid samples; 50 required', sample_count: 49 },
    });
  });

  it('holds while a run is open, and on an unreadable dataset or latest.json, saying why', () => {
    const open = tickGate(
      facts({ last: { status: 'RUNNING', startTime: hours(1), closeTime: null } }),
      settings,
    );
    expect(open).toMatchObject({
      train: false,
      decision: {
        workflow_id: 'agi-core-self-optimizer-training',
        reason: expect.stringContaining('still open'),
      },
    });
    expect(tickGate(facts({ valid: new Error('EACCES') }), settings)).toMatchObject({
      decision: { reason: 'dataset unavailable: EACCES' },
    });
    expect(tickGate(facts({ success: new Error('latest.json is torn') }), settings)).toMatchObject({
      decision: { reason: 'holding: latest.json is torn', sample_count: 60 },
    });
  });

  it('after a live rollback, waits for new samples', () => {
    const rollback = { adapter: 'run-3', sampleCount: 60 };
    expect(tickGate(facts({ rollback }), settings)).toMatchObject({
      train: false,
      decision: { new_samples: 0, reason: expect.stringContaining('rolled back run-3 at 60') },
    });
    expect(tickGate(facts({ rollback, valid: 61 }), settings).train).toBe(true);
  });

  it('needs min_new_samples since the last success, then the cooldown since the last run', () => {
    const success = { created_at: hours(2).toISOString(), sample_count: 55 };
    expect(tickGate(facts({ success }), settings)).toMatchObject({
      decision: { new_samples: 5, reason: '5 new samples since the last successful run; 10 required' },
    });
    const recent = { created_at: hours(0.5).toISOString(), sample_count: 40 };
    expect(tickGate(facts({ success: recent }), settings)).toMatchObject({
      decision: { reason: 'cooldown 1h since the last run: 1800 s left' },
    });
    expect(tickGate(facts({ success: { ...recent, created_at: hours(2).toISOString() } }), settings)).toEqual(
      {
        train: true,
        sampleCount: 60,
        newSamples: 20,
      },
    );
  });

  it('backs off after a failed automatic run and says how to resume it', () => {
    const failed = { status: 'FAILED', startTime: hours(3), closeTime: hours(1.9) };
    const gate = tickGate(facts({ last: failed }), { ...settings, failure_backoff: '2h' });
    expect(gate).toMatchObject({
      train: false,
      decision: { reason: expect.stringContaining('agi-core runs resume agi-core-self-optimizer-training') },
    });
    expect(tickGate(facts({ last: failed }), settings).train).toBe(true);
  });
});
