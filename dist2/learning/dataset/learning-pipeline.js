import { appendLines } from '../../shared/append.js';
import { ActiveAdapterProbe, overridesFileNear, stampedLine } from '../adapters/attribution.js';
import { jsonProblem } from './json-value.js';
import { RecordSchema } from './record.js';
import { recordLimitProblem } from './record-limits.js';
/**
 * The seed's LearningPipeline: agents call addExample() per execution; records are validated at once,
 * buffered, and appended every `flushBatch` records (and on flush()/close()) with a locked, fsynced write.
 */
export class LearningPipeline {
    datasetPath;
    flushBatch;
    buffer = [];
    pending = Promise.resolve();
    probe;
    constructor(datasetPath, flushBatch = 10, options = {}) {
        this.datasetPath = datasetPath;
        this.flushBatch = flushBatch;
        const overrides = options.overridesPath === undefined ? overridesFileNear(datasetPath) : options.overridesPath;
        this.probe = overrides ? new ActiveAdapterProbe(overrides, options.activeAdapterFallback ?? null) : null;
    }
    /** The pipeline a project's config describes: its dataset, flush batch and overrides file. */
    static fromConfig(config) {
        const l = config.learning;
        return new LearningPipeline(l.dataset_path, l.dataset_flush_batch, {
            overridesPath: l.training_overrides_path,
            activeAdapterFallback: l.active_adapter_path,
        });
    }
    /** Validates and buffers one record; throws (naming the field) on a record that would be a bad line. */
    async addExample(record) {
        // The limits parseRecordLine applies to a line, first: their walk stops at the depth limit, while
        // jsonProblem and JSON.stringify recurse as deep as the record goes. Numbers are jsonProblem's to name.
        const limit = recordLimitProblem(record, { numbers: false });
        if (limit)
            throw new TypeError(`LearningPipeline.addExample: ${limit}`);
        const notJson = jsonProblem(record);
        if (notJson) {
            throw new TypeError(`LearningPipeline.addExample: ${notJson}; record plain JSON values (convert it to a string or a number first)`);
        }
        const parsed = RecordSchema.safeParse(record);
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new TypeError(`LearningPipeline.addExample: ${issue.path.join('.') || 'record'}: ${issue.message}`);
        }
        // Stamped now, not at flush: the adapter that produced this outcome is the one active as it is reported.
        this.buffer.push(stampedLine(record, this.probe ? await this.probe.current() : null));
        if (this.buffer.length >= this.flushBatch)
            await this.flush();
    }
    /** Resolves once every buffered record is on disk (fsynced). */
    flush() {
        const lines = this.buffer;
        this.buffer = [];
        // Chain flushes so records keep their order even when callers don't await each other.
        // A failed flush must not wedge later ones: the caller of that flush sees its error.
        this.pending = this.pending.catch(() => undefined).then(() => appendLines(this.datasetPath, lines));
        return this.pending;
    }
    get buffered() {
        return this.buffer.length;
    }
}
//# sourceMappingURL=learning-pipeline.js.map