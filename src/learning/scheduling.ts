import { countRecords } from './readiness.js';

export type ScheduleSuggestion = {
  triggered: boolean;
  sample_count: number;
  threshold: number;
  /** The command an operator (or cron) runs; the SelfOptimizer starts the same run itself. */
  command: string;
};

/** The seed's helper: is the dataset ready, and which `agi-core-train` command would train on it. */
export async function scheduleTrainingIfReady(options: {
  datasetPath: string;
  threshold: number;
  strategy: 'lora' | 'dpo';
  displayPath?: string;
}): Promise<ScheduleSuggestion> {
  const counts = await countRecords(options.datasetPath);
  return {
    triggered: counts.valid >= options.threshold,
    sample_count: counts.valid,
    threshold: options.threshold,
    command: suggestedCommand(options.strategy, options.displayPath ?? options.datasetPath),
  };
}

export function suggestedCommand(strategy: string, datasetPath: string): string {
  return `agi-core-train --strategy=${strategy} --dataset=${datasetPath} --require-threshold`;
}
