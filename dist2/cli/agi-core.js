#!/usr/bin/env node
import { UsageError } from '../shared/errors.js';
import { adaptersCommand } from './commands/adapters-command.js';
import { agentCommand } from './commands/agent-command.js';
import { configCommand } from './commands/config-command.js';
import { reportCommand } from './commands/report-command.js';
import { datasetCommand } from './commands/dataset-command.js';
import { demoCommand } from './commands/demo-command.js';
import { evalCommand } from './commands/eval-command.js';
import { runsCommand } from './commands/runs-command.js';
import { scheduleCommand } from './commands/schedule-command.js';
import { trainerCommand } from './commands/trainer-command.js';
import { upCommand } from './commands/up-command.js';
import { workerCommand } from './commands/worker-command.js';
import { EXIT, runMain } from './main.js';
const HELP = `Usage: agi-core <command> [options]

Commands:
  demo        the main job from nothing: trainer venv, tiny model, bundled dataset, one real LoRA run
  up          embedded stack: Temporal dev server + learning and GPU workers; Ctrl-C stops everything
  worker      a learning worker, or a GPU worker with --gpu, against any Temporal cluster
  dataset     append | stats | validate the learning dataset
  runs        list | show ID | resume ID | cancel ID training runs
  adapters    list | activate RUN | rollback | history — what the agent loads (config/overrides.yaml)
  schedule    apply | show | pause | unpause | trigger | delete the SelfOptimizer's Temporal Schedule
  trainer     setup | tiny-model DIR | python — the Python trainer's environment
  config      show — the effective configuration and where each value came from
  report      one self-contained HTML page: each adapter's live success rate over time, rollbacks, loss curves
  agent       run: the reference agent acts on a task suite with the active adapter and appends its records
  eval        held-out task success of base / active / a run on a task suite, with intervals and paired p

Run \`agi-core <command> --help\` for each; training runs start with \`agi-core-train\`.`;
const COMMANDS = {
    demo: demoCommand,
    up: upCommand,
    worker: workerCommand,
    dataset: (argv) => datasetCommand(argv),
    trainer: trainerCommand,
    schedule: scheduleCommand,
    runs: runsCommand,
    adapters: adaptersCommand,
    config: configCommand,
    report: reportCommand,
    eval: evalCommand,
    agent: agentCommand,
};
runMain('agi-core', async (argv) => {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h') {
        process.stdout.write(HELP + '\n');
        return name ? EXIT.ok : EXIT.usage;
    }
    const command = COMMANDS[name];
    if (!command)
        throw new UsageError(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return command(rest);
});
//# sourceMappingURL=agi-core.js.map