import { type RecordInput } from './record.js';
export type LearningPipelineOptions = {
    /**
     * The overrides file whose active adapter stamps each record (`adapter`: its run name, or `base`), so the
     * agent's outcomes can judge each adapter. Default: config/overrides.yaml of the project holding the dataset;
     * null: no stamping (records are then attributed by their timestamp).
     */
    overridesPath?: string | null;
    /** The adapter active when the overrides file names none (the config's learning.active_adapter_path). */
    activeAdapterFallback?: string | null;
};
/**
 * The seed's LearningPipeline: agents call addExample() per execution; records are validated at once,
 * buffered, and appended every `flushBatch` records (and on flush()/close()) with a locked, fsynced write.
 */
export declare class LearningPipeline {
    readonly datasetPath: string;
    readonly flushBatch: number;
    private buffer;
    private pending;
    private readonly probe;
    constructor(datasetPath: string, flushBatch?: number, options?: LearningPipelineOptions);
    /** The pipeline a project's config describes: its dataset, flush batch and overrides file. */
    static fromConfig(config: {
        learning: {
            dataset_path: string;
            dataset_flush_batch: number;
            training_overrides_path: string;
            active_adapter_path: string | null;
        };
    }): LearningPipeline;
    /** Validates and buffers one record; throws (naming the field) on a record that would be a bad line. */
    addExample(record: RecordInput): Promise<void>;
    /** Resolves once every buffered record is on disk (fsynced). */
    flush(): Promise<void>;
    get buffered(): number;
}
