import { existsSync } from 'node:fs';
import { link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { completeFolders, deleteFolder, downloadFolder, localMarkerOf, uploadFolder, } from '../storage/folders.js';
import { checkpointStep, runKeys } from '../storage/run-keys.js';
import { cacheDir } from '../shared/go-build.js';
import { UsageError, errorMessage } from '../shared/errors.js';
import { readActiveAdapter } from '../learning/adapters/overrides-file.js';
/** The newest complete HF checkpoint on disk (a checkpoint without trainer_state.json was cut off mid-save). */
export async function latestCheckpoint(dir) {
    const names = await readdir(dir).catch(() => []);
    const steps = names
        .map((n) => ({ name: n, step: checkpointStep(n) }))
        .filter((c) => c.step !== null)
        .filter((c) => existsSync(path.join(dir, c.name, 'trainer_state.json')))
        .sort((a, b) => b.step - a.step);
    return steps[0] ? path.join(dir, steps[0].name) : null;
}
/** Today's layout: the trainer works in the run folder itself, which every worker sees. */
export function sharedWorkspace(config, plan, conversion) {
    const checkpointsDir = path.join(plan.runDir, 'checkpoints');
    return {
        dir: plan.runDir,
        trainPath: conversion.train_path,
        evalPath: conversion.eval_path,
        async resumePoint(previous) {
            const local = previous && existsSync(previous) ? previous : await latestCheckpoint(checkpointsDir);
            return local ? { local, ref: local } : null;
        },
        async compareAdapterDir() {
            // Read fresh: runs change it while workers live.
            const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
            return active ? path.resolve(config.root, active) : null;
        },
        checkpointSaved: (local) => Promise.resolve(local),
        publish: () => Promise.resolve(null),
        settle: () => Promise.resolve(),
    };
}
/** The GPU host's scratch folder, checked writable; every error names `trainer.scratch_dir`. */
export async function checkScratch(config) {
    const root = config.trainer.scratch_dir ?? path.join(cacheDir(), 'scratch');
    try {
        await mkdir(root, { recursive: true });
        const probe = path.join(root, `.probe-${process.pid}`);
        await writeFile(probe, 'ok');
        await rm(probe, { force: true });
    }
    catch (err) {
        const message = `trainer.scratch_dir ${root} is not usable on this GPU host (${errorMessage(err)}): point trainer.scratch_dir (or AGI_CORE_SCRATCH_DIR) at a writable folder with room for the data and two checkpoints`;
        // A full disk is this host's problem (retryable: another GPU host may take the retry); a folder that cannot
        // be written is the config's.
        throw err.code === 'ENOSPC' ? new Error(message) : new UsageError(message);
    }
    return root;
}
/** Hard links of a checkpoint's files: HF deletes old checkpoints at later saves, the links keep the bytes. */
async function snapshot(dir, into) {
    await rm(into, { recursive: true, force: true });
    await mkdir(into, { recursive: true });
    for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isDirectory())
            await snapshot(path.join(dir, entry.name), path.join(into, entry.name));
        else if (entry.isFile())
            await link(path.join(dir, entry.name), path.join(into, entry.name));
    }
}
/**
 * The store's layout: data staged in, every checkpoint and the adapter uploaded out. Long as one function because
 * it is one object: each method is short, and they share the staged paths and the uploads under way.
 */
export async function storedWorkspace(config, store, plan, conversion, log) {
    const scratch = await checkScratch(config);
    const dir = path.join(scratch, plan.runName);
    const keys = runKeys(plan.runName);
    const dataDir = path.join(dir, 'data');
    const staged = await downloadFolder(store, keys.data, dataDir);
    if (!staged || staged.marker.tag !== conversion.sha256) {
        throw ApplicationFailure.nonRetryable(`the converted data of run ${plan.runName} (snapshot ${conversion.sha256.slice(0, 12)}) is not in ${store.location}/${keys.data}: the learning worker uploads it at conversion; check both workers use the same storage.url, then resume the run (agi-core runs resume)`, 'StagedDataMissing');
    }
    const checkpointsDir = path.join(dir, 'checkpoints');
    let uploads = Promise.resolve();
    return {
        dir,
        trainPath: path.join(dataDir, path.basename(conversion.train_path)),
        evalPath: conversion.eval_path ? path.join(dataDir, path.basename(conversion.eval_path)) : null,
        async resumePoint() {
            // The store is the truth, not the last heartbeat: a checkpoint uploaded just before the host died may
            // never have been heartbeated, and a resumed run (a new workflow) has no heartbeat at all.
            const steps = (await completeFolders(store, keys.checkpoints))
                .map(checkpointStep)
                .filter((s) => s !== null);
            const key = steps.length ? keys.checkpoint(Math.max(...steps)) : null;
            // Only what the store holds counts: a local checkpoint newer than it was never safe, and would collide
            // with the trainer's next save of the same step.
            const local = key ? path.join(checkpointsDir, path.basename(key)) : null;
            const keep = local ? [path.basename(local), path.basename(localMarkerOf(local))] : [];
            for (const name of await readdir(checkpointsDir).catch(() => []))
                if (!keep.includes(name))
                    await rm(path.join(checkpointsDir, name), { recursive: true, force: true });
            if (!key || !local)
                return null;
            const got = await downloadFolder(store, key, local);
            if (!got)
                return null;
            log(`${got.reused ? 'reusing' : 'downloaded'} ${key} (${got.bytes} bytes)`);
            return { local, ref: key };
        },
        async compareAdapterDir() {
            const key = conversion.stored?.compare_adapter;
            if (!key)
                return null;
            const local = path.join(dir, 'compare-adapter');
            return (await downloadFolder(store, key, local)) ? local : null;
        },
        checkpointSaved(local, step) {
            const key = keys.checkpoint(step);
            const aside = path.join(dir, 'uploading', path.basename(local));
            // Linked at once (before the trainer's next save can rotate it away), uploaded in order, one at a time.
            const linked = snapshot(local, aside);
            // Awaited below, maybe after an earlier upload: handled now, so a failed link is that upload's error
            // rather than an unhandled rejection that would end the worker.
            linked.catch(() => undefined);
            const done = uploads.then(async () => {
                await linked;
                await uploadFolder(store, aside, key, String(step));
                await rm(aside, { recursive: true, force: true });
                // trainer.save_total_limit holds in the bucket too: only once this one is complete do older ones go.
                const older = (await completeFolders(store, keys.checkpoints))
                    .map(checkpointStep)
                    .filter((s) => s !== null && s < step)
                    .sort((a, b) => b - a)
                    .slice(Math.max(0, config.trainer.save_total_limit - 1));
                for (const s of older)
                    await deleteFolder(store, keys.checkpoint(s));
                return key;
            });
            uploads = done.catch(() => undefined);
            return done;
        },
        async publish() {
            await uploads;
            const put = async (local, key) => {
                if (existsSync(local))
                    await uploadFolder(store, local, key);
            };
            await put(path.join(dir, 'adapter'), keys.adapter);
            await put(path.join(dir, 'tokenizer'), keys.tokenizer);
            await put(path.join(dir, 'logs'), keys.logs);
            for (const file of ['loss.json', 'loss.svg'])
                if (existsSync(path.join(dir, file)))
                    await store.putFile(`${keys.base}/${file}`, path.join(dir, file));
            return { store: store.location, adapter: keys.adapter, tokenizer: keys.tokenizer, logs: keys.logs };
        },
        async settle() {
            await uploads;
        },
    };
}
//# sourceMappingURL=gpu-workspace.js.map