import { loadConfig } from '../../config/load-config.js';
import { connectWorker } from '../../temporal/connection.js';
import { ensureSearchAttributes } from '../../temporal/search-attributes.js';
import { createGpuWorker, createLearningWorker, installQuietRuntime } from '../../workers/create-workers.js';
import { UsageError, errorMessage } from '../../shared/errors.js';
import { openStore } from '../../storage/open-store.js';
import { checkScratch } from '../../activities/gpu-workspace.js';
import { metricsPortFromEnv, serveMetrics } from '../../shared/metrics.js';
import { EXIT } from '../main.js';
import { parseFlags } from '../parse-flags.js';
export const WORKER_HELP = `Usage: agi-core worker [--gpu] [options]

Runs a worker against a Temporal cluster until SIGINT/SIGTERM (graceful: a running training checkpoints).
  (default)   learning worker: TrainingWorkflow + readiness, conversion, metadata, overrides (queue temporal.task_queues.learning)
  --gpu       GPU worker: trainAdapter only, one training at a time (queue temporal.task_queues.gpu_training)

Options:
  --config PATH         config file
  --address HOST:PORT   Temporal frontend (default: temporal.address / TEMPORAL_ADDRESS, else the embedded port)
  --namespace NAME      namespace (default: temporal.namespace / TEMPORAL_NAMESPACE)

Environment: AGI_CORE_METRICS_PORT=N serves Prometheus metrics on :N/metrics (ours) and :N+1/metrics (Temporal SDK).
  -h, --help            this help`;
const FLAGS = {
    config: { type: 'string' },
    gpu: { type: 'boolean' },
    address: { type: 'string' },
    namespace: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
export async function workerCommand(argv) {
    const { values } = parseFlags('agi-core worker', argv, FLAGS);
    if (values.help) {
        process.stdout.write(WORKER_HELP + '\n');
        return EXIT.ok;
    }
    const loaded = loadConfig(values.config);
    const config = {
        ...loaded,
        temporal: { ...loaded.temporal, namespace: values.namespace ?? loaded.temporal.namespace },
    };
    const address = values.address ?? config.temporal.address ?? `127.0.0.1:${config.temporal.embedded.port}`;
    if (!address)
        throw new UsageError('no Temporal address: pass --address or set TEMPORAL_ADDRESS');
    // Refuse to start rather than fail the first run: a worker that cannot reach the store can do no work.
    const store = openStore(config);
    if (store)
        await store.check();
    if (store && values.gpu) {
        const scratch = await checkScratch(config).catch((err) => {
            throw new UsageError(errorMessage(err));
        });
        process.stderr.write(`agi-core worker: artifact store ${store.location}, scratch ${scratch}\n`);
    }
    else if (store)
        process.stderr.write(`agi-core worker: artifact store ${store.location}\n`);
    const metricsPort = metricsPortFromEnv();
    installQuietRuntime(metricsPort);
    const served = metricsPort === null ? null : await serveMetrics(metricsPort);
    if (served)
        process.stderr.write(`agi-core worker: metrics on :${served.port}/metrics, Temporal SDK metrics on :${served.port + 1}/metrics\n`);
    const connection = await connectWorker(address, config);
    const sa = await ensureSearchAttributes(connection, config.temporal.namespace).catch(async (err) => {
        await connection.close();
        throw err;
    });
    if (sa.created.length)
        process.stderr.write(`agi-core worker: registered search attributes ${sa.created.join(', ')} in namespace ${config.temporal.namespace}\n`);
    if (sa.warning)
        process.stderr.write(`agi-core worker: ${sa.warning}\n`);
    const worker = values.gpu
        ? await createGpuWorker(config, connection)
        : await createLearningWorker(config, connection);
    process.stderr.write(`agi-core worker: ${values.gpu ? 'GPU' : 'learning'} worker polling ${worker.options.taskQueue} on ${address} (pid ${process.pid})\n`);
    await worker.run();
    await connection.close();
    await served?.close();
    return EXIT.ok;
}
//# sourceMappingURL=worker-command.js.map