import { type Client } from '@temporalio/client';
import type { Config } from '../config/load-config.js';
import type { OptimizerPlan } from '../shared/optimizer-contract.js';
/** The one workflow id automatic runs use: a second concurrent start is refused by Temporal itself. */
export declare function autoTrainingWorkflowId(config: Config): string;
/** Decides one tick from durable state only: the dataset, latest.json and Temporal's record of the last automatic run. */
export declare function assessTraining(config: Config, client: Client, now: Date): Promise<OptimizerPlan>;
export declare function createOptimizerActivities(config: Config): {
    assessTraining(nowIso: string): Promise<OptimizerPlan>;
};
