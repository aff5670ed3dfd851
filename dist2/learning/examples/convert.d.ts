import { z } from 'zod';
import { type ExampleFormat, type Strategy } from '../../shared/trainer-protocol.js';
export type BadLine = {
    line: number;
    offset: number;
    reason: string;
};
export type ConvertOptions = {
    datasetPath: string;
    /** Snapshot end: only bytes [0, offset) are read, whatever was appended since. */
    offset: number;
    strategy: Strategy;
    /** learning.example_format: the seed's summary form unless told. */
    exampleFormat?: ExampleFormat;
    /** Folder that receives train.jsonl, eval.jsonl and manifest.json. */
    outDir: string;
    evalFraction: number;
    evalMinRecords: number;
    maxPairsPerGoal: number;
    /** What readiness saw in [0, offset): conversion refuses a snapshot that no longer holds it. */
    expected?: {
        valid: number;
        tailSha256?: string;
    };
    /** Bad lines listed in the result; the count is always exact. */
    maxBadLinesReported?: number;
};
export declare const ConversionResultSchema: z.ZodObject<{
    strategy: z.ZodEnum<{
        lora: "lora";
        dpo: "dpo";
        kto: "kto";
    }>;
    example_format: z.ZodDefault<z.ZodEnum<{
        summary: "summary";
        trajectory: "trajectory";
    }>>;
    offset: z.ZodNumber;
    sha256: z.ZodString;
    records: z.ZodNumber;
    duplicates: z.ZodNumber;
    bad_line_count: z.ZodNumber;
    bad_lines: z.ZodArray<z.ZodCustom<BadLine, BadLine>>;
    train_examples: z.ZodNumber;
    eval_examples: z.ZodNumber;
    dropped_failures: z.ZodDefault<z.ZodNumber>;
    dropped_identical_plans: z.ZodDefault<z.ZodNumber>;
    eval_note: z.ZodNullable<z.ZodString>;
    train_path: z.ZodString;
    eval_path: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export type ConversionResult = z.infer<typeof ConversionResultSchema>;
/**
 * Converts the dataset prefix [0, offset) into train/eval JSONL, published atomically.
 * Same bytes in, byte-identical files out; a second call on the same snapshot reuses the first's output.
 */
export declare function convertSnapshot(options: ConvertOptions): Promise<ConversionResult>;
