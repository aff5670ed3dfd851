import type { Config } from '../config/load-config.js';
import { type RunSpec } from '../shared/trainer-protocol.js';
import type { RunPlan, RunSettings } from '../shared/training-contract.js';
/**
 * The run settings this config decides (training-contract.ts RunSettingsSchema): the seed's learning keys under
 * the trainer's names and every trainer setting but the host's own. A base model folder inside the project is
 * kept relative to it, so that each host resolves it against its own project.
 */
export declare function runSettings(config: Config): RunSettings;
/** The settings two configs decide differently, by key (empty when they agree). */
export declare function settingsDiffer(a: RunSettings, b: RunSettings): {
    key: string;
    a: unknown;
    b: unknown;
}[];
/**
 * The trainer's run spec: the plan's settings (decided on the learning host; a plan from before they existed
 * takes this host's config), this host's device and process count, and this host's paths.
 */
export declare function buildRunSpec(config: Config, plan: RunPlan, dirs: {
    trainPath: string;
    evalPath: string | null;
    adapterDir: string;
    tokenizerDir: string;
    checkpointsDir: string;
    resumeFrom: string | null;
    compareAdapterDir: string | null;
}): RunSpec;
