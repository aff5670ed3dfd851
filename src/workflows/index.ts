export { TrainingWorkflow, progressQuery, trainerProgressSignal } from './training-workflow.js';
