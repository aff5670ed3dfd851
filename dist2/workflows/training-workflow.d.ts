import type { TrainingInput, TrainingOutcome } from '../shared/training-contract.js';
import { progressQuery, trainerProgressSignal } from './definitions.js';
export { progressQuery, trainerProgressSignal };
/** One training run: readiness → conversion → training (GPU queue) → metadata → overrides → latest.json. */
export declare function TrainingWorkflow(input?: TrainingInput): Promise<TrainingOutcome>;
