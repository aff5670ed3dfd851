import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { withPath } from './os-error-path.js';
import path from 'node:path';
import { UsageError } from './errors.js';
/** statfs(2) magic numbers of filesystems shared between hosts, where a pid means nothing to another host. */
const NETWORK_FILESYSTEMS = {
    0x6969: 'NFS',
    0xff534d42: 'CIFS',
    0xfe534d42: 'SMB2',
    0x517b: 'SMB',
    0x01021997: '9p',
    0x00c36400: 'CephFS',
    0x0bd00bd0: 'Lustre',
    0x5346414f: 'AFS',
};
const checkedLocal = new Set();
/**
 * These locks hold between processes of one host: they are refused on a network filesystem, where a writer on
 * another host would take a lock whose owner it cannot see (its pid is another machine's) and interleave with it.
 */
export async function refuseNetworkFilesystem(dir, setting, stat = statfs) {
    if (checkedLocal.has(dir))
        return;
    const st = await stat(dir).catch(() => null);
    const kind = st ? NETWORK_FILESYSTEMS[Number(st.type)] : undefined;
    if (kind) {
        throw new UsageError(`${setting}: ${dir} is on ${kind}, a network filesystem, where agi-core's lock (one host's processes) cannot hold: writers on two hosts could interleave. Keep it on a local disk of the learning host; hosts share runs through storage.url, not a folder`);
    }
    if (st)
        checkedLocal.add(dir);
}
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
async function ownerOf(lockDir) {
    const owner = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => 'NaN'));
    return Number.isInteger(owner) && owner > 0 ? owner : null;
}
/**
 * Runs `fn` holding an exclusive lock across processes on one machine. The lock is a folder that appears
 * with its owner's pid already inside (built aside, then renamed into place: atomic), so a holder killed at
 * any instant leaves a lock whose owner can be checked; a lock whose owner is dead is taken over.
 */
export async function withDirLock(lockDir, fn, options = {}) {
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    const retryMs = options.retryMs ?? 50;
    const deadline = Date.now() + timeoutMs;
    await mkdir(path.dirname(lockDir), { recursive: true });
    const mine = `${lockDir}.${process.pid}.${randomBytes(4).toString('hex')}`;
    for (;;) {
        try {
            await mkdir(mine, { recursive: true });
            await writeFile(path.join(mine, 'pid'), String(process.pid));
            await rename(mine, lockDir);
            break;
        }
        catch (err) {
            const code = err.code;
            if (code !== 'ENOTEMPTY' && code !== 'EEXIST') {
                // A full or read-only disk: leave no half-built lock folder behind, and say which file it was for.
                await rm(mine, { recursive: true, force: true }).catch(() => undefined);
                throw withPath(err, lockDir);
            }
        }
        const owner = await ownerOf(lockDir);
        if (owner !== null && !alive(owner)) {
            // Take over a dead owner's lock by moving it aside: only one waiter's rename can succeed.
            const trash = `${lockDir}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
            const moved = await rename(lockDir, trash).then(() => true, () => false);
            if (moved && (await ownerOf(trash)) !== owner) {
                // Someone took it over between our check and the move: give it back if the place is still free.
                await rename(trash, lockDir).catch(() => undefined);
            }
            await rm(trash, { recursive: true, force: true });
            continue;
        }
        if (Date.now() > deadline) {
            await rm(mine, { recursive: true, force: true });
            throw new Error(`timed out waiting for lock ${lockDir} (held by pid ${owner ?? 'unknown'})`);
        }
        await new Promise((r) => setTimeout(r, retryMs * (0.5 + Math.random())));
    }
    try {
        return await fn();
    }
    finally {
        // Release by moving the lock away in one step: deleting it in place would leave an empty folder for a
        // moment, and renaming onto an empty folder succeeds, so a waiter could acquire a lock being deleted.
        const released = `${lockDir}.released.${process.pid}.${randomBytes(4).toString('hex')}`;
        await rename(lockDir, released);
        await rm(released, { recursive: true, force: true });
    }
}
//# sourceMappingURL=dir-lock.js.map