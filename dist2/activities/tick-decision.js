import { durationMs } from '../config/schema.js';
/**
 * Whether this tick starts a run: an open run, an unreadable dataset or latest.json, a pending rollback, too few
 * (new) samples, the cooldown and the failure backoff each hold it, in that order, with the reason shown in the
 * tick's memo.
 */
export function tickGate(facts, settings) {
    const { last, childWorkflowId: id, now } = facts;
    const hold = (decision) => ({ train: false, decision });
    if (last?.status === 'RUNNING')
        return hold({ reason: `training run ${id} is still open`, workflow_id: id });
    // A broken dataset must not kill the schedule: the tick completes and says why.
    if (facts.valid instanceof Error)
        return hold({ reason: `dataset unavailable: ${facts.valid.message}` });
    const valid = facts.valid;
    const { rollback, success } = facts;
    if (rollback && valid <= rollback.sampleCount)
        return hold({
            sample_count: valid,
            new_samples: valid - rollback.sampleCount,
            reason: `the live gate rolled back ${rollback.adapter} at ${rollback.sampleCount} valid samples; no automatic run until new samples arrive`,
        });
    if (success instanceof Error)
        return hold({ sample_count: valid, reason: `holding: ${success.message}` });
    const newSamples = valid - (success?.sample_count ?? 0);
    const counted = { sample_count: valid, new_samples: newSamples };
    if (valid < settings.min_samples_for_training)
        return hold({
            ...counted,
            reason: `${valid} valid samples; ${settings.min_samples_for_training} required`,
        });
    if (success && newSamples < settings.min_new_samples)
        return hold({
            ...counted,
            reason: `${newSamples} new samples since the last successful run; ${settings.min_new_samples} required`,
        });
    const lastAt = Math.max(success ? Date.parse(success.created_at) : 0, last ? (last.closeTime ?? last.startTime).getTime() : 0);
    const cooldownLeft = lastAt + durationMs(settings.cooldown) - now.getTime();
    if (cooldownLeft > 0)
        return hold({
            ...counted,
            reason: `cooldown ${settings.cooldown} since the last run: ${Math.ceil(cooldownLeft / 1000)} s left`,
        });
    if (last && last.status !== 'COMPLETED' && last.closeTime) {
        const backoffLeft = last.closeTime.getTime() + durationMs(settings.failure_backoff) - now.getTime();
        if (backoffLeft > 0)
            return hold({
                ...counted,
                workflow_id: id,
                reason: `the last automatic run ${last.status.toLowerCase()}; backing off ${settings.failure_backoff} (${Math.ceil(backoffLeft / 1000)} s left) — resume it with: agi-core runs resume ${id}`,
            });
    }
    return { train: true, sampleCount: valid, newSamples };
}
//# sourceMappingURL=tick-decision.js.map