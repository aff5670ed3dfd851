import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MetadataHeadSchema, parseJsonWith } from '../../shared/stored-json.js';
export const ListedMetadataSchema = MetadataHeadSchema.extend({
    dataset_size: z.number().optional(),
    metrics: z.record(z.string(), z.number().nullable()).default({}),
});
/** The finished runs under `outputDir` (a folder with a valid metadata.json), by name. */
export async function finishedRuns(outputDir) {
    const names = existsSync(outputDir)
        ? readdirSync(outputDir, { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => e.name)
            .sort()
        : [];
    const runs = [];
    for (const name of names) {
        const dir = path.join(outputDir, name);
        const text = await readFile(path.join(dir, 'metadata.json'), 'utf8').catch(() => null);
        const meta = text === null ? undefined : parseJsonWith(ListedMetadataSchema, text);
        if (meta)
            runs.push({ name, dir, meta });
    }
    return runs;
}
//# sourceMappingURL=run-folders.js.map