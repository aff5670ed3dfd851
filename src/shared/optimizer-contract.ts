import type { LiveVerdict } from '../learning/live-gate.js';
import type { Strategy } from './trainer-protocol.js';

/** One SelfOptimizer tick's decision: returned, kept in the workflow's memo, shown in the Web UI. */
export type OptimizerDecision = {
  triggered: boolean;
  reason: string;
  sample_count: number | null;
  new_samples: number | null;
  threshold: number;
  strategy: Strategy;
  /** The TrainingWorkflow started (or already open), when there is one. */
  workflow_id: string | null;
  /** The seed's scheduler metadata: the command an operator would run. */
  command: string;
  dpo_pairs: number | null;
  /** The live gate's judgement of the active adapter on the agent's outcomes (learning.live_gate), this tick. */
  live: LiveVerdict | null;
};

/** What the tick needs to start the child: decided by the assess activity from the workers' config. */
export type OptimizerPlan = {
  decision: OptimizerDecision;
  childWorkflowId: string;
  taskQueue: string;
  dryRun: boolean;
};
