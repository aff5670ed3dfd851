import { type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from '../config/load-config.js';
/** The Schedule's spec, action and policies as config says; the same config always gives the same options. */
export declare function scheduleOptions(config: Config): ScheduleOptions & {
    fingerprint: string;
};
/**
 * Creates the SelfOptimizer Schedule, or updates it to match config. Idempotent: applying the same config
 * again changes nothing (`unchanged`).
 */
export declare function applySchedule(client: Client, config: Config): Promise<{
    action: 'created' | 'updated' | 'unchanged';
    scheduleId: string;
}>;
