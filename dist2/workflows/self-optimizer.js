import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, WorkflowIdReusePolicy, proxyActivities, startChild, upsertMemo, } from '@temporalio/workflow';
const { assessTraining } = proxyActivities({
    startToCloseTimeout: '10 minutes',
    retry: { maximumAttempts: 3 },
});
/** One short tick of the Schedule: decide from durable state, start at most one TrainingWorkflow, report why. */
export async function SelfOptimizer() {
    const plan = await assessTraining(new Date().toISOString());
    let decision = plan.decision;
    if (decision.triggered) {
        try {
            await startChild('TrainingWorkflow', {
                workflowId: plan.childWorkflowId,
                taskQueue: plan.taskQueue,
                args: [
                    { strategy: decision.strategy, requireThreshold: true, dryRun: plan.dryRun, trigger: 'schedule' },
                ],
                // The run must outlive this short tick.
                parentClosePolicy: ParentClosePolicy.ABANDON,
                workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
            });
        }
        catch (err) {
            // Another tick got there first: Temporal allows one open execution per id, so this one stands down.
            if (!(err instanceof WorkflowExecutionAlreadyStartedError))
                throw err;
            decision = {
                ...decision,
                triggered: false,
                reason: `training run ${plan.childWorkflowId} is already open`,
            };
        }
    }
    upsertMemo({ decision });
    return decision;
}
//# sourceMappingURL=self-optimizer.js.map