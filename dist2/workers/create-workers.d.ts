import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../config/load-config.js';
/**
 * Workers log warnings and errors to stderr only; stdout belongs to the CLI's JSON. With a metrics port,
 * the SDK's own Prometheus metrics (task latencies, slots, polls) are served on that port + 1.
 */
export declare function installQuietRuntime(metricsPort?: number | null): void;
/**
 * The SDK's warning that a worker has no workflows: true of every GPU worker by design (it runs only
 * trainAdapter), so on every start it said nothing an operator could act on.
 */
export declare function isExpectedNotice(message: string): boolean;
/**
 * The SDK's message with what it is about: "Activity failed" and "Workflow failed" alone named neither the run nor
 * the reason, which the SDK passes in the entry's metadata.
 */
export declare function describeLogEntry(message: string, meta: Record<string, unknown> | undefined): string;
/** The learning worker: both workflows and the CPU activities (readiness, conversion, publishing). */
export declare function createLearningWorker(config: Config, connection: NativeConnection): Promise<Worker>;
/** The GPU worker: only trainAdapter, one at a time — one training per GPU. */
export declare function createGpuWorker(config: Config, connection: NativeConnection, options?: {
    shutdownGraceTime?: string;
}): Promise<Worker>;
