import path from 'node:path';
import { baseModelOnThisHost } from '../config/base-model.js';
import { TRAINER_SETTING_KEYS } from '../shared/trainer-protocol.js';
/**
 * Trainer settings each GPU host decides for itself: the device it has, how many processes it runs and whether
 * they shard the model (FSDP), which only that host's GPU count and memory can answer. The result is the same
 * adapter either way.
 */
const HOST_SETTING_KEYS = [
    'device',
    'num_processes',
    'fsdp',
];
/**
 * The run settings this config decides (training-contract.ts RunSettingsSchema): the seed's learning keys under
 * the trainer's names and every trainer setting but the host's own. A base model folder inside the project is
 * kept relative to it, so that each host resolves it against its own project.
 */
export function runSettings(config) {
    const l = config.learning;
    const host = new Set(HOST_SETTING_KEYS);
    const trainer = Object.fromEntries(TRAINER_SETTING_KEYS.filter((key) => !host.has(key)).map((key) => [key, config.trainer[key]]));
    const model = l.training_base_model;
    const inside = path.isAbsolute(model) && !path.relative(config.root, model).startsWith('..');
    return {
        base_model: inside ? `./${path.relative(config.root, model) || '.'}` : model,
        epochs: l.training_epochs,
        max_steps: l.max_train_steps,
        learning_rate: l.learning_rate,
        lora_rank: l.lora_rank,
        dpo_beta: l.dpo_beta,
        ...trainer,
    };
}
/** The settings two configs decide differently, by key (empty when they agree). */
export function settingsDiffer(a, b) {
    const left = a;
    const right = b;
    return [...new Set([...Object.keys(left), ...Object.keys(right)])]
        .filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key]))
        .sort()
        .map((key) => ({ key, a: left[key], b: right[key] }));
}
/**
 * The trainer's run spec: the plan's settings (decided on the learning host; a plan from before they existed
 * takes this host's config), this host's device and process count, and this host's paths.
 */
export function buildRunSpec(config, plan, dirs) {
    const settings = plan.settings ?? runSettings(config);
    return {
        strategy: plan.strategy,
        train_path: dirs.trainPath,
        eval_path: dirs.evalPath,
        adapter_dir: dirs.adapterDir,
        tokenizer_dir: dirs.tokenizerDir,
        checkpoints_dir: dirs.checkpointsDir,
        resume_from_checkpoint: dirs.resumeFrom,
        compare_adapter_dir: dirs.compareAdapterDir,
        example_format: plan.exampleFormat ?? 'summary',
        ...settings,
        base_model: baseModelOnThisHost(config.root, settings.base_model),
        device: config.trainer.device,
        num_processes: config.trainer.num_processes,
        fsdp: config.trainer.fsdp,
    };
}
//# sourceMappingURL=run-spec.js.map