import { z } from 'zod';
/** Parses JSON read back from disk against its schema; undefined when it is not JSON or not that shape. */
export function parseJsonWith(schema, text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
}
/** The part of metadata.json / latest.json that ordering and display rely on; other keys pass through. */
export const MetadataHeadSchema = z.looseObject({
    created_at: z.string(),
    strategy: z.string(),
    dry_run: z.boolean(),
    run_name: z.string().optional(),
    output_dir: z.string().optional(),
    adapter_path: z.string().optional(),
    /** Set when the run failed after metadata.json was written (overrides.yaml could not be updated): why. */
    publish_failed: z.string().optional(),
});
//# sourceMappingURL=stored-json.js.map