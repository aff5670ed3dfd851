import type { Strategy } from '../../shared/trainer-protocol.js';
export type ScheduleSuggestion = {
    triggered: boolean;
    sample_count: number;
    threshold: number;
    /** The command an operator (or cron) runs; the SelfOptimizer starts the same run itself. */
    command: string;
};
/** The seed's helper: is the dataset ready, and which `agi-core-train` command would train on it. */
export declare function scheduleTrainingIfReady(options: {
    datasetPath: string;
    threshold: number;
    strategy: Strategy;
    displayPath?: string;
}): Promise<ScheduleSuggestion>;
export declare function suggestedCommand(strategy: string, datasetPath: string): string;
/**
 * `auto`: DPO when enough same-goal success/failure pairs exist, else KTO when both outcomes exist (it learns
 * from every labelled record, paired or not), else SFT. Returns the choice and why, for the run's record.
 */
export declare function chooseStrategy(stats: {
    dpo_pairs: number;
    successes: number;
    failures: number;
}, minDpoPairs: number): {
    strategy: Strategy;
    why: string;
};
