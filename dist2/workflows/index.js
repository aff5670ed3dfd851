export { TrainingWorkflow, progressQuery, trainerProgressSignal } from './training-workflow.js';
export { SelfOptimizer } from './self-optimizer.js';
export { EvalWorkflow } from './eval-workflow.js';
//# sourceMappingURL=index.js.map