import { type EvalInput, type EvalResult } from '../shared/eval-contract.js';
/**
 * `agi-core eval`: each adapter acts on the same held-out tasks on the GPU task queue, one after another (one
 * model per GPU at a time); the first is the reference every other is compared with, paired task by task.
 */
export declare function EvalWorkflow(input: EvalInput): Promise<EvalResult>;
