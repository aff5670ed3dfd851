import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { UsageError } from '../../shared/errors.js';
import { startLocalS3 } from '../../storage/local-s3.js';
import { metricsPortFromEnv, serveMetrics } from '../../shared/metrics.js';
import { applySchedule } from '../../temporal/schedule.js';
import { installQuietRuntime } from '../../workers/create-workers.js';
import { openStack } from '../../workers/stack.js';
import { EXIT } from '../main.js';
import { parseFlags } from '../parse-flags.js';
export const UP_HELP = `Usage: agi-core up [--config PATH] [--storage local]

Starts the embedded stack — the Temporal dev server (SQLite under temporal.embedded.db_dir, Web UI on
temporal.embedded.ui_port) and a learning and a GPU worker, applies the SelfOptimizer schedule, and runs
until Ctrl-C, which stops all of it.

  --storage local   also start a local S3 server (versitygw, data under storage/s3, built once per machine) and
                    move the run's bytes through it (storage.url s3://agi-core/local), as hosts that share no
                    folder do; for any other store set storage.url and storage.endpoint in the config`;
const FLAGS = {
    config: { type: 'string' },
    storage: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
export async function upCommand(argv) {
    const { values } = parseFlags('agi-core up', argv, FLAGS);
    if (values.help) {
        process.stdout.write(UP_HELP + '\n');
        return EXIT.ok;
    }
    if (values.storage !== undefined && values.storage !== 'local')
        throw new UsageError(`--storage ${values.storage}: the only server agi-core starts is local (a local S3 server); for any other store set storage.url and storage.endpoint in the config`);
    let config = loadConfig(values.config);
    let s3 = null;
    if (values.storage === 'local') {
        s3 = await startLocalS3({ dataDir: path.join(config.root, 'storage', 's3'), bucket: 'agi-core' });
        // The workers run in this process: they find the server's credentials where the AWS chain looks.
        Object.assign(process.env, s3.env);
        config = {
            ...config,
            storage: {
                ...config.storage,
                url: 's3://agi-core/local',
                endpoint: s3.endpoint,
                force_path_style: true,
            },
        };
        process.stderr.write(`agi-core up: local S3 server on ${s3.endpoint} (data in storage/s3)\n`);
    }
    const metricsPort = metricsPortFromEnv();
    installQuietRuntime(metricsPort);
    const served = metricsPort === null ? null : await serveMetrics(metricsPort);
    // Embedded, a second `up` in one folder finds the first's server: it must not add a second GPU worker (two
    // trainings on one GPU) or a second learning worker behind the operator's back. On a cluster, `up` is one
    // more pair of workers by design.
    const stack = await openStack(config, { workers: config.temporal.address ? 'always' : 'if-missing' });
    if (stack.mode === 'embedded-reused' && stack.workers.length === 0) {
        await stack.close();
        await s3?.stop();
        await served?.close();
        throw new UsageError(`another agi-core up (or agi-core worker) already serves this project on ${stack.address}: its learning and GPU workers poll ${config.temporal.task_queues.learning} and ${config.temporal.task_queues.gpu_training} (Web UI ${stack.uiUrl ?? '-'}); use it, or stop it first. To add a GPU host, run agi-core worker --gpu with temporal.address set`);
    }
    const schedule = await applySchedule(stack.client, config);
    process.stderr.write(`agi-core up: SelfOptimizer schedule ${schedule.scheduleId} ${schedule.action} (every ${config.self_optimizer.interval}).\n` +
        `agi-core up: Temporal at ${stack.address} (${stack.mode}), Web UI ${stack.uiUrl ?? '(cluster UI)'}; workers on ` +
        `${config.temporal.task_queues.learning} and ${config.temporal.task_queues.gpu_training}. Ctrl-C stops.\n`);
    await new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
    });
    process.stderr.write('agi-core up: stopping workers and server…\n');
    await stack.close();
    await s3?.stop();
    await served?.close();
    return EXIT.ok;
}
//# sourceMappingURL=up-command.js.map