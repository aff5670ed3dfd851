import { type RunSpec, type TrainerEvent } from '../shared/trainer-protocol.js';
import type { RolloutSpec } from '../shared/rollout-contract.js';
export type TrainerRun<Done extends 'done' | 'rollout_done' = 'done'> = {
    /** Resolves with the `done` event, or the `error` event, or an exit without either. */
    result: Promise<TrainerOutcome<Done>>;
    pid: number;
    /** SIGTERM to the whole process group (the trainer checkpoints), SIGKILL after `graceMs`. */
    stop(graceMs: number): Promise<void>;
};
export type TrainerOutcome<Done extends 'done' | 'rollout_done' = 'done'> = {
    kind: 'done';
    event: Extract<TrainerEvent, {
        event: Done;
    }>;
    events: TrainerEvent[];
} | {
    kind: 'error';
    event: Extract<TrainerEvent, {
        event: 'error';
    }>;
    events: TrainerEvent[];
} | {
    kind: 'crashed';
    exitCode: number | undefined;
    signal: string | undefined;
    stderrTail: string;
    events: TrainerEvent[];
};
type SpawnOptions = {
    python: string;
    specPath: string;
    logPath: string;
    cudaVisibleDevices?: string;
    onEvent: (event: TrainerEvent) => void;
};
/** Spawns `python -m agi_trainer train --spec FILE` in its own process group and streams its protocol events. */
export declare function startTrainer(options: SpawnOptions & {
    spec: RunSpec;
}): Promise<TrainerRun>;
/** Spawns `python -m agi_trainer rollout --spec FILE`: the model acting on a task suite. */
export declare function startRollout(options: SpawnOptions & {
    spec: RolloutSpec;
}): Promise<TrainerRun<'rollout_done'>>;
export {};
