import { countRecords } from './readiness.js';
/** The seed's helper: is the dataset ready, and which `agi-core-train` command would train on it. */
export async function scheduleTrainingIfReady(options) {
    const counts = await countRecords(options.datasetPath);
    return {
        triggered: counts.valid >= options.threshold,
        sample_count: counts.valid,
        threshold: options.threshold,
        command: suggestedCommand(options.strategy, options.displayPath ?? options.datasetPath),
    };
}
export function suggestedCommand(strategy, datasetPath) {
    return `agi-core-train --strategy=${strategy} --dataset=${datasetPath} --require-threshold`;
}
/**
 * `auto`: DPO when enough same-goal success/failure pairs exist, else KTO when both outcomes exist (it learns
 * from every labelled record, paired or not), else SFT. Returns the choice and why, for the run's record.
 */
export function chooseStrategy(stats, minDpoPairs) {
    if (stats.dpo_pairs >= minDpoPairs)
        return { strategy: 'dpo', why: `${stats.dpo_pairs} DPO pairs ≥ min_dpo_pairs ${minDpoPairs}` };
    if (stats.successes > 0 && stats.failures > 0)
        return {
            strategy: 'kto',
            why: `${stats.dpo_pairs} DPO pairs < min_dpo_pairs ${minDpoPairs}, but ${stats.successes} successes and ${stats.failures} failures to learn from unpaired`,
        };
    return {
        strategy: 'lora',
        why: `only ${stats.successes ? 'successes' : 'failures'} (${stats.successes + stats.failures} records): nothing to prefer, plain SFT`,
    };
}
//# sourceMappingURL=scheduling.js.map