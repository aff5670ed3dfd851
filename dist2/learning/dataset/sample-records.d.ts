import type { RecordInput } from './record.js';
/**
 * Deterministic, realistic execution records: plans with tool calls, outputs, verifier summaries, and
 * for every goal both successes and failures (so DPO has pairs). `bulk` pads outputs for benchmarks.
 */
export declare function sampleRecords(count: number, options?: {
    seed?: number;
    bulk?: number;
}): RecordInput[];
export declare function toJsonl(records: readonly unknown[]): string;
