import type { EvalSummary, PairedComparison } from '../../shared/rollout-contract.js';
import type { TaskEvalResults } from '../../shared/training-contract.js';
export type Promotion = {
    policy: 'always' | 'if_improved';
    activate: boolean;
    reason: string;
    eval_loss: number | null;
    active_eval_loss: number | null;
    active_adapter: string | null;
    /** With learning.eval_suite: both adapters' held-out task success and the paired test that decided. */
    task_eval?: TaskEvalRecord;
};
export type TaskEvalRecord = {
    suite: string;
    tasks: number;
    seed: number;
    alpha: number;
    candidate: EvalSummary;
    reference: EvalSummary;
    comparison: PairedComparison;
};
/** What the promotion gate knows about a finished run and the adapter it would replace (gathered by publishing). */
export type PromotionFacts = {
    /** learning.promotion_policy */
    policy: Promotion['policy'];
    /** learning.live_gate.alpha: the significance a held-out gain needs. */
    alpha: number;
    runName: string;
    dryRun: boolean;
    /** learning.active_adapter_path as overrides.yaml holds it now, or null. */
    active: string | null;
    /** Whether that folder holds a trained adapter (adapter_config.json), not a dry run's placeholder. */
    activeIsTrained: boolean;
    evalLoss: number | null;
    activeEvalLoss: number | null;
    /** Held-out task success of candidate and reference (learning.eval_suite); absent when none was configured. */
    taskEval?: TaskEvalResults;
};
/** Promotion by held-out task success: a candidate significantly better than what it would replace. */
export declare function decideTaskPromotion(facts: Pick<PromotionFacts, 'policy' | 'alpha' | 'runName' | 'active'>, taskEval: TaskEvalResults): Omit<Promotion, 'eval_loss' | 'active_eval_loss'>;
/**
 * The promotion gate: a trained adapter replaces the active one only when it does better — on held-out tasks
 * when learning.eval_suite is set, else on the eval split's loss — or when the policy is `always`.
 */
export declare function decidePromotion(facts: PromotionFacts): Promotion;
