import type { OptimizerDecision } from '../shared/optimizer-contract.js';
/** One short tick of the Schedule: decide from durable state, start at most one TrainingWorkflow, report why. */
export declare function SelfOptimizer(): Promise<OptimizerDecision>;
