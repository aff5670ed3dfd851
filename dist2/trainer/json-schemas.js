import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULTS_PATH, PACKAGE_ROOT } from '../config/load-config.js';
import { RolloutSpecSchema } from '../shared/rollout-contract.js';
import { RunSpecSchema, TRAINER_SETTING_KEYS, TrainerEventSchema, TrainerSettingsSchema, } from '../shared/trainer-protocol.js';
/**
 * The zod schemas the Python trainer reads, as JSON Schemas it validates with (trainer/agi_trainer/json_schema.py):
 * one definition, two languages. Regenerate the committed files with `npx tsx src/trainer/write-json-schemas.ts`;
 * tests/unit/json-schemas.test.ts fails while they are stale.
 */
export const TRAINER_SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'trainer', 'agi_trainer', 'schemas');
export const REGENERATE_COMMAND = 'npx tsx src/trainer/write-json-schemas.ts';
/** Run-spec fields that come from `learning:` keys under another name, for error messages that name the key to fix. */
const LEARNING_KEYS = {
    base_model: 'learning.training_base_model',
    epochs: 'learning.training_epochs',
    max_steps: 'learning.max_train_steps',
    learning_rate: 'learning.learning_rate',
    lora_rank: 'learning.lora_rank',
    dpo_beta: 'learning.dpo_beta',
    example_format: 'learning.example_format',
};
const DocumentedDefaultsSchema = z.looseObject({
    trainer: z.record(z.string(), z.unknown()),
    learning: z.looseObject({ rollout: z.record(z.string(), z.unknown()) }),
});
/** Each schema, keyed by its file name under TRAINER_SCHEMAS_DIR. */
export function trainerJsonSchemas(defaultsPath = DEFAULTS_PATH) {
    const documented = DocumentedDefaultsSchema.parse(parseYaml(readFileSync(defaultsPath, 'utf8')));
    return {
        'run-spec.schema.json': runSpecJsonSchema(documented.trainer),
        'rollout-spec.schema.json': rolloutSpecJsonSchema(documented),
        'trainer-event.schema.json': toJsonSchema(TrainerEventSchema, 'src/shared/trainer-protocol.ts TrainerEventSchema'),
    };
}
/** The file's text: what is committed, byte for byte. */
export function renderJsonSchema(schema) {
    return JSON.stringify(schema, null, 2) + '\n';
}
// io: 'input' because Python stands where zod's parse would: a spec without `example_format` is valid (its
// default applies), an event without `metrics` is valid. The defaults still travel, as `default`.
function toJsonSchema(schema, source) {
    return {
        $comment: `Generated from ${source} by ${REGENERATE_COMMAND}: edit the zod schema, not this file.`,
        ...z.toJSONSchema(schema, {
            io: 'input',
            target: 'draft-2020-12',
            unrepresentable: 'throw',
            reused: 'inline',
        }),
    };
}
/**
 * The run spec, each `trainer:` setting titled with its config key and carrying the default config/defaults.yaml
 * documents: a spec that leaves a setting out (one written by an older worker) trains as the config says.
 */
function runSpecJsonSchema(trainerDefaults) {
    const schema = toJsonSchema(RunSpecSchema, 'src/shared/trainer-protocol.ts RunSpecSchema');
    for (const key of TRAINER_SETTING_KEYS) {
        if (!(key in trainerDefaults))
            throw new Error(`trainer.${key} has no default in ${DEFAULTS_PATH}: document it there, then ${REGENERATE_COMMAND}`);
        const parsed = TrainerSettingsSchema.shape[key].safeParse(trainerDefaults[key]);
        if (!parsed.success)
            throw new Error(`trainer.${key}: the default in ${DEFAULTS_PATH} is invalid: ${parsed.error.issues[0]?.message}`);
        annotate(schema, key, { title: `trainer.${key}`, default: trainerDefaults[key] });
    }
    for (const [key, configKey] of Object.entries(LEARNING_KEYS))
        annotate(schema, key, { title: configKey });
    return schema;
}
/**
 * The rollout spec. The worker writes every key; one written by hand may leave out what the worker takes from the
 * config, meaning the documented default (src/trainer/rollout.ts buildRolloutSpec makes the same choices).
 */
function rolloutSpecJsonSchema(documented) {
    const schema = toJsonSchema(RolloutSpecSchema, 'src/shared/rollout-contract.ts RolloutSpecSchema');
    const handWritten = {
        adapter_path: null,
        device: documented.trainer['device'],
        temperature: 0,
        ...documented.learning.rollout,
    };
    for (const [key, value] of Object.entries(handWritten)) {
        const field = RolloutSpecSchema.shape[key];
        if (!field)
            throw new Error(`learning.rollout.${key} in ${DEFAULTS_PATH} is no rollout spec field`);
        if (!field.safeParse(value).success)
            throw new Error(`rollout spec ${key}: default ${String(value)} is invalid`);
        annotate(schema, key, { default: value });
    }
    return schema;
}
function annotate(schema, key, extra) {
    const property = schema.properties[key];
    if (!property)
        throw new Error(`no property ${key} in the schema: update json-schemas.ts`);
    // Annotations first, so that a reader of the file sees the key and default before the shape.
    schema.properties[key] = { ...extra, ...property, ...extra };
}
//# sourceMappingURL=json-schemas.js.map