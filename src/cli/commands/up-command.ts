import { loadConfig } from '../../config/load-config.js';
import { metricsPortFromEnv, serveMetrics } from '../../shared/metrics.js';
import { applySchedule } from '../../temporal/schedule.js';
import { installQuietRuntime } from '../../workers/create-workers.js';
import { openStack } from '../../workers/stack.js';
import { EXIT } from '../main.js';
import { parseFlags } from '../parse-flags.js';

export const UP_HELP = `Usage: agi-core up [--config PATH]

Starts the embedded stack — the Temporal dev server (SQLite under temporal.embedded.db_dir, Web UI on
temporal.embedded.ui_port) and a learning and a GPU worker, applies the SelfOptimizer schedule, and runs
until Ctrl-C, which stops all of it.`;

const FLAGS = {
  config: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function upCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags('agi-core up', argv, FLAGS);
  if (values.help) {
    process.stdout.write(UP_HELP + '\n');
    return EXIT.ok;
  }
  const config = loadConfig(values.config);
  const metricsPort = metricsPortFromEnv();
  installQuietRuntime(metricsPort);
  const served = metricsPort === null ? null : await serveMetrics(metricsPort);
  const stack = await openStack(config, { workers: 'always' });
  const schedule = await applySchedule(stack.client, config);
  process.stderr.write(
    `agi-core up: SelfOptimizer schedule ${schedule.scheduleId} ${schedule.action} (every ${config.self_optimizer.interval}).\n` +
      `agi-core up: Temporal at ${stack.address} (${stack.mode}), Web UI ${stack.uiUrl ?? '(cluster UI)'}; workers on ` +
      `${config.temporal.task_queues.learning} and ${config.temporal.task_queues.gpu_training}. Ctrl-C stops.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('agi-core up: stopping workers and server…\n');
  await stack.close();
  await served?.close();
  return EXIT.ok;
}
