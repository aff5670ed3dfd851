import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Config } from '../../src/config/load-config.js';
import type { TrainingInput, TrainingOutcome } from '../../src/shared/training-contract.js';
import type { TrainingWorkflow } from '../../src/workflows/training-workflow.js';

/** Unique queue names per test so that tests sharing one server never pick up each other's tasks. */
export function uniqueQueues(): Record<string, string> {
  const id = randomUUID().slice(0, 8);
  return {
    'temporal.task_queues.learning': `learning-${id}`,
    'temporal.task_queues.gpu_training': `gpu-${id}`,
  };
}

export function startTraining(
  client: Client,
  config: Config,
  input: TrainingInput,
  workflowId = `test-${randomUUID()}`,
) {
  return client.workflow.start<typeof TrainingWorkflow>('TrainingWorkflow', {
    workflowId,
    taskQueue: config.temporal.task_queues.learning,
    args: [input],
  });
}

export async function runTraining(
  client: Client,
  config: Config,
  input: TrainingInput,
): Promise<TrainingOutcome> {
  const handle = await startTraining(client, config, input);
  return handle.result();
}

export { rootMessage } from '../../src/shared/errors.js';
