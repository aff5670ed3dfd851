import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { loadConfig, PACKAGE_ROOT } from '../../config/load-config.js';
import { ensureTrainerPython, TRAINER_DIR } from '../../trainer/venv.js';
import { trainCommand } from '../train-command.js';
import { EXIT } from '../main.js';
import { parseFlags } from '../parse-flags.js';
export const DEMO_HELP = `Usage: agi-core demo [--config PATH] [--dry-run]

The main job on the embedded default, from nothing: creates the trainer venv, builds the tiny local base
model (learning.training_base_model) if it is missing, seeds the dataset from examples/dataset.jsonl if there
is none, then runs agi-core-train --strategy lora --require-threshold: a real LoRA run, durable on Temporal.`;
const FLAGS = {
    config: { type: 'string' },
    'dry-run': { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
export async function demoCommand(argv) {
    const { values } = parseFlags('agi-core demo', argv, FLAGS);
    if (values.help) {
        process.stdout.write(DEMO_HELP + '\n');
        return EXIT.ok;
    }
    const config = loadConfig(values.config);
    const log = (line) => process.stderr.write(`agi-core demo: ${line}\n`);
    if (!values['dry-run']) {
        const python = await ensureTrainerPython(config.trainer.python);
        const model = config.learning.training_base_model;
        if (path.isAbsolute(model) && !existsSync(path.join(model, 'config.json'))) {
            log(`building the tiny base model into ${model} (offline, random weights)…`);
            await execa(python, ['-m', 'agi_trainer', 'tiny-model', model], {
                env: { PYTHONPATH: TRAINER_DIR, HF_HUB_OFFLINE: '1' },
                stdout: 'ignore',
                stderr: 'inherit',
            });
        }
    }
    const dataset = config.learning.dataset_path;
    if (!existsSync(dataset)) {
        log(`no dataset at ${dataset}: seeding it with the bundled examples/dataset.jsonl (64 records)`);
        await mkdir(path.dirname(dataset), { recursive: true });
        await copyFile(path.join(PACKAGE_ROOT, 'examples', 'dataset.jsonl'), dataset);
    }
    const args = [
        '--strategy',
        'lora',
        '--require-threshold',
        ...(values.config ? ['--config', values.config] : []),
    ];
    if (values['dry-run'])
        args.push('--dry-run');
    log(`running: agi-core-train ${args.join(' ')}`);
    return trainCommand(args);
}
//# sourceMappingURL=demo-command.js.map