import { ActivityCancellationType, ApplicationFailure, proxyActivities, workflowInfo, } from '@temporalio/workflow';
import { EvalInputSchema } from '../shared/eval-contract.js';
import { NON_RETRYABLE_ERROR_TYPES } from '../shared/errors.js';
const learning = proxyActivities({
    startToCloseTimeout: '10 minutes',
    retry: { maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
});
/**
 * `agi-core eval`: each adapter acts on the same held-out tasks on the GPU task queue, one after another (one
 * model per GPU at a time); the first is the reference every other is compared with, paired task by task.
 */
export async function EvalWorkflow(input) {
    const parsed = EvalInputSchema.safeParse(input);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw ApplicationFailure.nonRetryable(`EvalWorkflow input ${issue.path.join('.') || 'input'}: ${issue.message}`, 'UsageError');
    }
    const { suite, tasks, seed, adapters } = parsed.data;
    const plan = await learning.planEvaluation({ adapters });
    const gpu = proxyActivities({
        taskQueue: plan.gpuTaskQueue,
        startToCloseTimeout: '7 days',
        heartbeatTimeout: `${plan.heartbeatTimeoutSeconds}s`,
        cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        retry: {
            initialInterval: '5s',
            maximumInterval: '2 minutes',
            maximumAttempts: 5,
            nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES, 'RolloutBadInputError'],
        },
    });
    const { workflowId } = workflowInfo();
    const evaluations = [];
    for (const [i, adapter] of plan.adapters.entries()) {
        evaluations.push(await gpu.evaluateAdapter({
            suite,
            seed,
            tasks,
            adapter,
            resultsName: `${workflowId}-${i}-${adapter.label}`,
        }));
    }
    return learning.compareEvaluations({ suite, seed, tasks, evaluations });
}
//# sourceMappingURL=eval-workflow.js.map