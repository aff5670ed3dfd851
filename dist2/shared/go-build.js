import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from './errors.js';
/** Where agi-core keeps what it builds once per machine (the Temporal CLI, the local S3 server, the venv). */
export function cacheDir() {
    return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'agi-core');
}
export function onPath(command) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
        const candidate = path.join(dir, command);
        if (dir && existsSync(candidate))
            return candidate;
    }
    return undefined;
}
/** Builds a pinned Go tool into the cache (minutes, once per machine), streaming progress to `log`. */
export async function buildGoTool(tool, log) {
    const go = onPath('go');
    if (!go)
        throw new UsageError(`${tool.label} is needed and was not found, and Go is not installed to build it: ${tool.instead}`);
    const dir = path.dirname(tool.target);
    await mkdir(dir, { recursive: true });
    log(`agi-core: building ${tool.label} ${tool.version} with Go into ${dir} (once per machine, a few minutes)…`);
    const started = Date.now();
    let packages = 0;
    // Build into a temp GOBIN and move: a half-built binary must never look cached.
    const tmpBin = `${dir}.partial-${process.pid}`;
    const child = execa(go, ['install', '-v', `${tool.pkg}@${tool.version}`], {
        env: { GOBIN: tmpBin, GOFLAGS: '-mod=mod' },
        stdout: 'pipe',
        stderr: 'pipe',
        reject: false,
    });
    let reported = 0;
    child.stderr?.on('data', (chunk) => {
        packages += chunk.toString().split('\n').filter(Boolean).length;
        if (packages - reported >= 100) {
            reported = packages - (packages % 100);
            log(`agi-core: … ${reported} Go packages compiled (${Math.round((Date.now() - started) / 1000)} s)`);
        }
    });
    const result = await child;
    if (result.exitCode !== 0) {
        throw new UsageError(`building ${tool.label} failed (go install ${tool.pkg}@${tool.version}, exit ${result.exitCode}):\n${String(result.stderr).slice(-2000)}\n${tool.instead}`);
    }
    await rename(path.join(tmpBin, tool.binary), tool.target);
    await rm(tmpBin, { recursive: true, force: true });
    log(`agi-core: ${tool.label} ready at ${tool.target} (${Math.round((Date.now() - started) / 1000)} s)`);
}
//# sourceMappingURL=go-build.js.map