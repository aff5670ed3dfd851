import { existsSync, readdirSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runNameFor } from '../../activities/run-name.js';
import { UsageError } from '../../shared/errors.js';
import { parseJsonWith } from '../../shared/stored-json.js';
import { RunPlanSchema } from '../../shared/training-contract.js';
import { downloadFolder, filesUnder } from '../../storage/folders.js';
import { openStore } from '../../storage/open-store.js';
import { runKeys } from '../../storage/run-keys.js';
/**
 * The name a run's artifacts are stored under: its plan's (a resumed run keeps the name of the run it
 * continues), else the one its workflow derives from its start time and run id.
 */
export async function storedRunName(runDir, started) {
    const text = runDir ? await readFile(path.join(runDir, 'run-plan.json'), 'utf8').catch(() => null) : null;
    const plan = text === null ? undefined : parseJsonWith(RunPlanSchema, text);
    return plan?.runName ?? runNameFor(started.startTime.toISOString(), started.runId);
}
/** The run's objects in the artifact store, with sizes; null without a store (storage.url file://). */
export async function runObjects(config, runName) {
    const store = openStore(config);
    return store ? store.list(`${runKeys(runName).base}/`) : null;
}
/** Downloads a run's adapter into `dir`, which must not hold anything yet: nothing on disk is overwritten. */
export async function pullAdapter(config, runName, runDir, dir) {
    if (existsSync(dir) && readdirSync(dir).length > 0)
        throw new UsageError(`${dir} already holds files: pull into a new or empty folder (nothing is overwritten)`);
    const store = openStore(config);
    if (!store) {
        const local = runDir ? path.join(runDir, 'adapter') : null;
        if (!local || !existsSync(local))
            throw new UsageError(`storage.url is file://, so run ${runName}'s adapter is only in its run folder on the learning host${local ? ` (${local})` : ''}, which this machine cannot see: run this there, or use an s3:// storage.url`);
        await cp(local, dir, { recursive: true });
        const files = await filesUnder(dir);
        return { from: local, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) };
    }
    const key = runKeys(runName).adapter;
    const got = await downloadFolder(store, key, dir);
    if (!got)
        throw new UsageError(`no complete adapter at ${store.location}/${key}: the run has not finished training (see agi-core runs show)`);
    return { from: `${store.location}/${key}`, files: got.files, bytes: got.bytes };
}
//# sourceMappingURL=run-artifacts.js.map