import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
/**
 * Why a base model that is a path on this host cannot be loaded, or null. Checked before a run converts anything,
 * so the mistake costs a second, not a conversion and a trainer start. A path this host lacks is left to the GPU
 * host, which may have it.
 */
export function baseModelProblem(model) {
    if (!path.isAbsolute(model) || !existsSync(model))
        return null;
    if (!statSync(model).isDirectory()) {
        return `learning.training_base_model ${model} is a file, not a model folder: point it at the folder that holds the model's config.json, or give a Hugging Face hub id`;
    }
    if (!existsSync(path.join(model, 'config.json'))) {
        return `learning.training_base_model ${model} has no config.json, so it is not a transformers model folder: point it at the model's folder, give a hub id, or build the tiny test model into a new folder with \`agi-core trainer tiny-model DIR\``;
    }
    return null;
}
/**
 * A base model a run plan names (run-spec.ts runSettings) as this host loads it: `./x` is the folder x of this
 * host's project, as is a bare name this project has a folder of (`tiny`); a hub id or an absolute path stays.
 */
export function baseModelOnThisHost(root, model) {
    if (model.startsWith('./'))
        return path.resolve(root, model);
    if (!path.isAbsolute(model) && existsSync(path.resolve(root, model)))
        return path.resolve(root, model);
    return model;
}
//# sourceMappingURL=base-model.js.map