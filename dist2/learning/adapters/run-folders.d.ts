import { z } from 'zod';
export declare const ListedMetadataSchema: z.ZodObject<{
    created_at: z.ZodString;
    strategy: z.ZodString;
    dry_run: z.ZodBoolean;
    run_name: z.ZodOptional<z.ZodString>;
    output_dir: z.ZodOptional<z.ZodString>;
    adapter_path: z.ZodOptional<z.ZodString>;
    publish_failed: z.ZodOptional<z.ZodString>;
    dataset_size: z.ZodOptional<z.ZodNumber>;
    metrics: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodNullable<z.ZodNumber>>>;
}, z.core.$loose>;
export type FinishedRun = {
    name: string;
    dir: string;
    meta: z.infer<typeof ListedMetadataSchema>;
};
/** The finished runs under `outputDir` (a folder with a valid metadata.json), by name. */
export declare function finishedRuns(outputDir: string): Promise<FinishedRun[]>;
