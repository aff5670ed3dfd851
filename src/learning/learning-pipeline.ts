import { appendLines } from './append.js';
import { RecordSchema, type RecordInput } from './record.js';

/**
 * The seed's LearningPipeline: agents call addExample() per execution; records are validated at once,
 * buffered, and appended every `flushBatch` records (and on flush()/close()) with a locked, fsynced write.
 */
export class LearningPipeline {
  private buffer: string[] = [];
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly datasetPath: string,
    readonly flushBatch = 10,
  ) {}

  /** Validates and buffers one record; throws (naming the field) on a record that would be a bad line. */
  async addExample(record: RecordInput): Promise<void> {
    const parsed = RecordSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TypeError(
        `LearningPipeline.addExample: ${issue.path.join('.') || 'record'}: ${issue.message}`,
      );
    }
    this.buffer.push(JSON.stringify(record));
    if (this.buffer.length >= this.flushBatch) await this.flush();
  }

  /** Resolves once every buffered record is on disk (fsynced). */
  flush(): Promise<void> {
    const lines = this.buffer;
    this.buffer = [];
    // Chain flushes so records keep their order even when callers don't await each other.
    // A failed flush must not wedge later ones: the caller of that flush sees its error.
    this.pending = this.pending.catch(() => undefined).then(() => appendLines(this.datasetPath, lines));
    return this.pending;
  }

  get buffered(): number {
    return this.buffer.length;
  }
}
