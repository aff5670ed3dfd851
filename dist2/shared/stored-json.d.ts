import { z } from 'zod';
/** Parses JSON read back from disk against its schema; undefined when it is not JSON or not that shape. */
export declare function parseJsonWith<T extends z.ZodType>(schema: T, text: string): z.infer<T> | undefined;
/** The part of metadata.json / latest.json that ordering and display rely on; other keys pass through. */
export declare const MetadataHeadSchema: z.ZodObject<{
    created_at: z.ZodString;
    strategy: z.ZodString;
    dry_run: z.ZodBoolean;
    run_name: z.ZodOptional<z.ZodString>;
    output_dir: z.ZodOptional<z.ZodString>;
    adapter_path: z.ZodOptional<z.ZodString>;
    publish_failed: z.ZodOptional<z.ZodString>;
}, z.core.$loose>;
export type MetadataHead = z.infer<typeof MetadataHeadSchema>;
