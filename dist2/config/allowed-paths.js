import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PathNotAllowedError } from '../shared/errors.js';
import { checkFolderShape } from '../shared/path-origins.js';
/** Folders a workflow input may point into: the project root and the folders the config names. */
export function allowedRoots(config) {
    const l = config.learning;
    const roots = [
        config.root,
        path.dirname(l.dataset_path),
        l.training_output_dir,
        path.dirname(l.training_overrides_path),
    ];
    return [...new Set(roots.map(realPathOfNearest))];
}
/** The real path of `p`, following symlinks through its nearest existing ancestor. */
function realPathOfNearest(p) {
    let existing = path.resolve(p);
    const rest = [];
    while (!existsSync(existing)) {
        const parent = path.dirname(existing);
        if (parent === existing)
            break;
        rest.unshift(path.basename(existing));
        existing = parent;
    }
    return path.join(realpathSync(existing), ...rest);
}
/**
 * Resolves a path from a flag or workflow input against the project root and refuses anything
 * outside the allowed roots — `..` escapes and symlinks that lead out included.
 */
export function resolveAllowedPath(config, value, what) {
    if (value.includes('\0'))
        throw new PathNotAllowedError(`${what} contains a NUL byte`);
    const resolved = path.resolve(config.root, value);
    const real = realPathOfNearest(resolved);
    const roots = allowedRoots(config);
    if (!roots.some((root) => real === root || real.startsWith(root + path.sep))) {
        throw new PathNotAllowedError(`${what} ${value} resolves to ${real}, outside the folders this project may use: ${roots.join(', ')}; ` +
            'use a path under one of them, or change the learning.* paths in the config');
    }
    return resolved;
}
/**
 * The folders a run must not write into: a dedicated config folder and everything beneath it, or — in the seed's
 * own layout, where config, overrides, dataset and runs share one folder — only that folder itself (its config
 * and overrides files are what needs protecting there, not the runs beside them).
 */
function protectedFolders(config) {
    const l = config.learning;
    const within = (p, dir) => p === dir || p.startsWith(dir + path.sep);
    const holdsData = (dir) => within(path.dirname(l.dataset_path), dir) || within(l.training_output_dir, dir);
    const dirs = [...new Set([path.dirname(config.configPath), path.dirname(l.training_overrides_path)])];
    return dirs.map((dir) => ({ dir, subtree: !holdsData(dir) }));
}
/**
 * An explicit output folder must not be the config folder, and must not hold an earlier run (or anything else)
 * unless the caller said overwrite: a run writes metadata.json, run-plan.json, data/ and adapter/ there.
 */
export function checkOutputDir(config, dir, overwrite) {
    for (const { dir: protectedDir, subtree } of protectedFolders(config)) {
        if (dir === protectedDir || (subtree && dir.startsWith(protectedDir + path.sep))) {
            throw new PathNotAllowedError(`output dir ${dir} ${subtree ? 'lies inside' : 'is'} the config folder ${protectedDir}: runs write adapter/, data/ and metadata.json there; pick a folder under ${config.learning.training_output_dir}`);
        }
    }
    if (dir === config.learning.training_output_dir || dir === config.root) {
        const what = dir === config.root ? 'the project root' : 'the folder that holds every run';
        throw new PathNotAllowedError(`output dir ${dir} is ${what}: give a new folder for this run, e.g. ${path.join(config.learning.training_output_dir, 'manual-run')}`);
    }
    checkFolderShape(dir, `output dir ${dir} (--output-dir, workflow input outputDir)`);
    let entries = [];
    try {
        // The claim of a run that stopped before writing anything is not "files" to protect.
        entries = readdirSync(dir).filter((e) => e !== '.agi-run-owner.json');
    }
    catch {
        // not there yet
    }
    if (entries.length > 0 && !overwrite) {
        const what = entries.includes('metadata.json') || entries.includes('run-plan.json') ? 'another run' : 'files';
        throw new PathNotAllowedError(`output dir ${dir} already holds ${what} (${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', …' : ''}): pick a new folder, or pass --overwrite (workflow input overwrite: true) to train over it`);
    }
    return dir;
}
//# sourceMappingURL=allowed-paths.js.map