import { isSuccess } from '../dataset/record.js';
/** A recorded value as text: strings as they are, anything else as JSON. */
export function show(value) {
    if (value === undefined || value === null)
        return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
}
/** The user turn both forms share: the goal, and the context when there is one. */
export function renderTask(goal, context) {
    return context.trim() ? `Goal: ${goal.trim()}\nContext: ${context.trim()}` : `Goal: ${goal.trim()}`;
}
function renderPlan(record) {
    if (!record.plan.length)
        return 'Plan: (none)';
    const steps = record.plan.map((step, i) => {
        const head = [step.name, step.tool && `(${step.tool})`].filter(Boolean).join(' ') || `step ${i + 1}`;
        const args = [show(step.args), show(step.kwargs)].filter((s) => s && s !== '[]' && s !== '{}').join(' ');
        return `${i + 1}. ${head}${step.description ? `: ${step.description}` : ''}${args ? ` args=${args}` : ''}`;
    });
    return `Plan:\n${steps.join('\n')}`;
}
function renderExecution(record) {
    if (!record.execution.length)
        return 'Execution: (none)';
    const steps = record.execution.map((step, i) => {
        const failed = step.success === false || Boolean(step.error);
        return `${i + 1}. ${failed ? `failed: ${show(step.error) || show(step.output)}` : `ok: ${show(step.output)}`}`;
    });
    return `Execution:\n${steps.join('\n')}`;
}
/** SFT: the user turn is what the agent saw and did, the assistant turn is the verifier's summary. */
export function toSftExample(record) {
    const user = [
        renderTask(record.goal, record.context_summary),
        renderPlan(record),
        renderExecution(record),
    ].join('\n\n');
    return {
        messages: [
            { role: 'user', content: user },
            { role: 'assistant', content: record.summary.trim() },
        ],
    };
}
function renderAttempt(record, sharedContext) {
    const parts = [renderPlan(record), renderExecution(record), `Summary: ${record.summary.trim()}`];
    if (!sharedContext && record.context_summary.trim())
        parts.unshift(`Context: ${record.context_summary.trim()}`);
    return parts.join('\n\n');
}
/**
 * DPO: a success is preferred over a failure of the same goal. The prompt holds only what both share
 * (the goal, and the context when both saw the same one) so neither side's execution leaks into it.
 */
export function toDpoPair(chosen, rejected) {
    const shared = chosen.context_summary.trim() === rejected.context_summary.trim();
    return {
        prompt: [{ role: 'user', content: renderTask(chosen.goal, shared ? chosen.context_summary : '') }],
        chosen: [{ role: 'assistant', content: renderAttempt(chosen, shared) }],
        rejected: [{ role: 'assistant', content: renderAttempt(rejected, shared) }],
    };
}
/**
 * KTO: the prompt is what the agent was asked (goal and context), the completion is the whole attempt (plan,
 * execution, summary), the label is whether it succeeded — every labelled record counts, no pair needed.
 */
export function toKtoExample(record) {
    return {
        prompt: [{ role: 'user', content: renderTask(record.goal, record.context_summary) }],
        completion: [{ role: 'assistant', content: renderAttempt(record, true) }],
        label: isSuccess(record),
    };
}
export { isSuccess };
//# sourceMappingURL=formats.js.map