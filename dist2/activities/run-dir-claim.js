import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../shared/atomic-write.js';
import { withDirLock } from '../shared/dir-lock.js';
import { UsageError } from '../shared/errors.js';
import { parseJsonWith } from '../shared/stored-json.js';
/** Which workflow writes a run folder named by --output-dir (hidden: the folder's listing stays the seed's). */
export const CLAIM_FILE = '.agi-run-owner.json';
const ClaimSchema = z.object({ workflow_id: z.string().min(1), claimed_at: z.string() });
/**
 * Claims `dir` for `workflowId`. Two `--overwrite` runs into one folder would interleave their data, checkpoints
 * and adapter: the second is refused while the first is still open. Checked and written under one lock, so two
 * readiness steps at the same instant cannot both win.
 */
export async function claimRunDir(dir, workflowId, isOpen) {
    await mkdir(path.dirname(dir), { recursive: true });
    await withDirLock(`${dir}.claim-lock`, async () => {
        const file = path.join(dir, CLAIM_FILE);
        const text = await readFile(file, 'utf8').catch(() => null);
        const owner = text === null ? undefined : parseJsonWith(ClaimSchema, text);
        if (owner && owner.workflow_id !== workflowId && (await isOpen(owner.workflow_id)))
            throw new UsageError(`output dir ${dir} is being written by run ${owner.workflow_id}, which is still open: wait for it (agi-core runs show ${owner.workflow_id}), cancel it (agi-core runs cancel ${owner.workflow_id}), or pick another folder`);
        await mkdir(dir, { recursive: true });
        await writeJsonAtomic(file, { workflow_id: workflowId, claimed_at: new Date().toISOString() });
    });
}
//# sourceMappingURL=run-dir-claim.js.map