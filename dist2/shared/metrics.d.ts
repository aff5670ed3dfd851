import { Counter, Gauge, Registry } from 'prom-client';
/** One registry per process: workers update it, /metrics serves it. Temporal's own SDK metrics are on port + 1. */
export declare const registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
export declare const metrics: {
    runs: Counter<"strategy" | "outcome">;
    trainerFailures: Counter<"kind">;
    step: Gauge<string>;
    loss: Gauge<string>;
    tokensPerSecond: Gauge<string>;
    datasetSamples: Gauge<string>;
};
/** Serves /metrics on `port` (0: any free port); resolves with the bound port and a close function. */
export declare function serveMetrics(port: number, host?: string): Promise<{
    port: number;
    close(): Promise<void>;
}>;
/** The metrics port from AGI_CORE_METRICS_PORT, if set. */
export declare function metricsPortFromEnv(env?: NodeJS.ProcessEnv): number | null;
