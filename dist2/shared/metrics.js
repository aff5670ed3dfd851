import { UsageError } from './errors.js';
import http from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
/** One registry per process: workers update it, /metrics serves it. Temporal's own SDK metrics are on port + 1. */
export const registry = new Registry();
export const metrics = {
    runs: new Counter({
        name: 'agi_training_runs_total',
        help: 'Training runs finished by this worker, by outcome',
        labelNames: ['outcome', 'strategy'],
        registers: [registry],
    }),
    trainerFailures: new Counter({
        name: 'agi_trainer_failures_total',
        help: 'Trainer attempts that failed, by kind',
        labelNames: ['kind'],
        registers: [registry],
    }),
    step: new Gauge({
        name: 'agi_training_step',
        help: 'Optimiser step of the running training',
        registers: [registry],
    }),
    loss: new Gauge({
        name: 'agi_training_loss',
        help: 'Latest training loss reported by the trainer',
        registers: [registry],
    }),
    tokensPerSecond: new Gauge({
        name: 'agi_training_tokens_per_second',
        help: 'Trainer throughput in tokens per second',
        registers: [registry],
    }),
    datasetSamples: new Gauge({
        name: 'agi_dataset_valid_samples',
        help: 'Valid records in the dataset at the last readiness check',
        registers: [registry],
    }),
};
let defaultsOn = false;
/** Serves /metrics on `port` (0: any free port); resolves with the bound port and a close function. */
export async function serveMetrics(port, host = '0.0.0.0') {
    if (!defaultsOn) {
        collectDefaultMetrics({ register: registry });
        defaultsOn = true;
    }
    const server = http.createServer((req, res) => {
        if (req.url !== '/metrics') {
            res.writeHead(404).end('see /metrics\n');
            return;
        }
        registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text), (err) => res.writeHead(500).end(err.message));
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
    });
    const bound = server.address().port;
    return { port: bound, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
/** The metrics port from AGI_CORE_METRICS_PORT, if set. */
export function metricsPortFromEnv(env = process.env) {
    const raw = env.AGI_CORE_METRICS_PORT;
    if (!raw)
        return null;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65534)
        throw new UsageError(`AGI_CORE_METRICS_PORT must be a port number (0-65534), got "${raw}"`);
    return port;
}
//# sourceMappingURL=metrics.js.map