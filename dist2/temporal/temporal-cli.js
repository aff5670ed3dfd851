import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { buildGoTool, cacheDir, onPath } from '../shared/go-build.js';
/** Pinned: the newest tag whose go.mod has no `replace`, so `go install pkg@version` builds it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';
export function cachedCliPath() {
    return path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}
/**
 * Finds the `temporal` CLI: $TEMPORAL_CLI_PATH, our cache, PATH; else builds the pinned version with Go
 * into the cache (minutes, once per machine), streaming Go's progress to stderr.
 */
export async function ensureTemporalCli(log = (l) => process.stderr.write(l + '\n')) {
    const fromEnv = process.env.TEMPORAL_CLI_PATH;
    if (fromEnv) {
        if (!existsSync(fromEnv))
            throw new UsageError(`TEMPORAL_CLI_PATH=${fromEnv} does not exist: fix or unset it`);
        return { path: fromEnv, source: 'env' };
    }
    const cached = cachedCliPath();
    if (existsSync(cached))
        return { path: cached, source: 'cache' };
    const found = onPath('temporal');
    if (found)
        return { path: found, source: 'path' };
    await buildGoTool({
        label: 'the Temporal CLI (`temporal`)',
        pkg: MODULE,
        version: TEMPORAL_CLI_VERSION,
        binary: 'temporal',
        target: cached,
        instead: 'install it with `brew install temporal`, or download it from the official Temporal CLI releases and put it on PATH ' +
            '(or set TEMPORAL_CLI_PATH), or install Go so agi-core can build it; or set TEMPORAL_ADDRESS to use a running cluster.',
    }, log);
    return { path: cached, source: 'built' };
}
//# sourceMappingURL=temporal-cli.js.map