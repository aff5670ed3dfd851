import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
/** The seed's dry-run output: adapter/ and tokenizer/ exist, adapter/DRY_RUN says nothing was trained. */
export async function writeDryRunFolders(runDir) {
    await mkdir(path.join(runDir, 'adapter'), { recursive: true });
    await mkdir(path.join(runDir, 'tokenizer'), { recursive: true });
    await writeFile(path.join(runDir, 'adapter', 'DRY_RUN'), 'dry run: no weights were trained\n');
}
//# sourceMappingURL=dry-run.js.map