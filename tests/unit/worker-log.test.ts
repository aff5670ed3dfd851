import { describe, expect, it } from 'vitest';
import { describeLogEntry, isExpectedNotice } from '../../src/workers/create-workers.js';

describe('worker log lines', () => {
  it('name the activity, the workflow and the reason the SDK passes in the metadata', () => {
    expect(
      describeLogEntry('Activity failed', {
        activityType: 'convertDataset',
        workflowType: 'TrainingWorkflow',
        workflowId: 'training-manual-1',
        attempt: 3,
        error: new Error('dataset d.jsonl changed since readiness'),
      }),
    ).toBe(
      'Activity failed (activity convertDataset, workflow TrainingWorkflow, id training-manual-1, attempt 3): dataset d.jsonl changed since readiness',
    );
    expect(describeLogEntry('Workflow failed', { workflowId: 'w', error: 'boom' })).toBe(
      'Workflow failed (id w): boom',
    );
    expect(describeLogEntry('plain', undefined)).toBe('plain');
  });

  it("drop only the GPU worker's expected no-workflows notice", () => {
    expect(isExpectedNotice('No workflows registered, not polling for workflow tasks')).toBe(true);
    expect(isExpectedNotice('Activity failed')).toBe(false);
  });
});
