import { pairedComparison, taskPromotion } from './task-success.js';
/** Promotion by held-out task success: a candidate significantly better than what it would replace. */
export function decideTaskPromotion(facts, taskEval) {
    const { policy, alpha, active } = facts;
    const comparison = pairedComparison(taskEval.reference, taskEval.candidate);
    const record = {
        suite: taskEval.suite,
        tasks: taskEval.tasks,
        seed: taskEval.seed,
        alpha,
        candidate: taskEval.candidate.summary,
        reference: taskEval.reference.summary,
        comparison,
    };
    const rates = `${pctOf(taskEval.candidate.summary)} vs ${taskEval.reference.summary.adapter}'s ${pctOf(taskEval.reference.summary)}`;
    const base = { policy, active_adapter: active, task_eval: record };
    if (policy === 'always')
        return { ...base, activate: true, reason: `promotion_policy always (held-out success ${rates})` };
    const decision = taskPromotion(comparison, alpha);
    return {
        ...base,
        activate: decision.promote,
        reason: decision.promote
            ? `held-out success ${rates}: ${decision.reason}`
            : `held-out success ${rates}: ${decision.reason}; kept ${taskEval.reference.summary.adapter} (activate this one with agi-core adapters activate ${facts.runName})`,
    };
}
function pctOf(s) {
    return s.success_rate === null ? '-' : `${(s.success_rate * 100).toFixed(1)}%`;
}
/**
 * The promotion gate: a trained adapter replaces the active one only when it does better — on held-out tasks
 * when learning.eval_suite is set, else on the eval split's loss — or when the policy is `always`.
 */
export function decidePromotion(facts) {
    const { policy, active, runName } = facts;
    const evalLoss = facts.evalLoss;
    const activeLoss = facts.activeEvalLoss;
    const base = { policy, eval_loss: evalLoss, active_eval_loss: activeLoss, active_adapter: active };
    if (facts.taskEval && !facts.dryRun)
        return {
            eval_loss: evalLoss,
            active_eval_loss: activeLoss,
            ...decideTaskPromotion(facts, facts.taskEval),
        };
    if (facts.dryRun) {
        // The seed's dry run activates its placeholder on a fresh project; over a trained adapter it would silently
        // switch the agent to the base model.
        return facts.activeIsTrained
            ? {
                ...base,
                activate: false,
                reason: `dry run: the active ${active} is a trained adapter, which a dry run's placeholder never replaces`,
            }
            : { ...base, activate: true, reason: 'dry run: activated as the seed did' };
    }
    if (policy === 'always')
        return { ...base, activate: true, reason: 'promotion_policy always' };
    if (!active)
        return { ...base, activate: true, reason: 'no adapter was active' };
    // A dry run's placeholder (or a folder that is no adapter) has nothing to beat.
    if (!facts.activeIsTrained) {
        return { ...base, activate: true, reason: `the active ${active} holds no trained adapter` };
    }
    if (evalLoss === null || activeLoss === null) {
        return {
            ...base,
            activate: false,
            reason: `cannot compare with the active adapter ${active} (no eval split or it could not be evaluated): kept it; activate this one with agi-core adapters activate ${runName}`,
        };
    }
    return evalLoss < activeLoss
        ? {
            ...base,
            activate: true,
            reason: `eval loss ${evalLoss.toFixed(4)} beats the active adapter's ${activeLoss.toFixed(4)}`,
        }
        : {
            ...base,
            activate: false,
            reason: `eval loss ${evalLoss.toFixed(4)} does not beat the active adapter's ${activeLoss.toFixed(4)}: kept ${active}`,
        };
}
//# sourceMappingURL=promotion.js.map