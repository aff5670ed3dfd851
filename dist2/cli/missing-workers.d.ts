import type { Client } from '@temporalio/client';
import type { RunStatus } from '../temporal/run-status.js';
import type { Stack } from '../workers/stack.js';
/** How long a task may wait, untaken, before the workers the server lists are presumed dead. */
export declare const WORKER_GRACE_MS = 10000;
/**
 * Watches a run's untaken tasks. The server lists a worker killed with -9 as a poller for a minute or more, so
 * "pollers present" said nothing about whether anyone would take the run: on an embedded server, a side whose task
 * waits longer than WORKER_GRACE_MS gets a worker in this process (a GPU one only when no other run is training,
 * since a busy GPU worker does not poll either). On a cluster the progress line says what is missing.
 */
export declare class MissingWorkers {
    private readonly stack;
    private readonly client;
    private readonly workflowId;
    private readonly log;
    private readonly since;
    constructor(stack: Pick<Stack, 'mode' | 'startMissing'>, client: Client, workflowId: string, log: (line: string) => void);
    check(status: RunStatus, now?: number): Promise<void>;
    private anotherRunTraining;
}
/** Whether a task queued since `since` has waited past the grace period. */
export declare function overdue(since: number | null, now: number): boolean;
