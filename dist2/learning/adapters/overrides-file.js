import { rename } from 'node:fs/promises';
import path from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { ConfigError } from '../../shared/errors.js';
import { nonRegularMessage, openRegularFile } from '../../shared/regular-file.js';
/** How overrides.yaml refers to a path: relative to the project root when inside it, so the tree can move. */
export function portablePath(root, p) {
    const rel = path.relative(root, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
async function readDocument(file) {
    let text = '';
    try {
        // Never a FIFO or a device: reading a FIFO would wait for a writer forever.
        const handle = await openRegularFile(file, (kind) => new ConfigError(nonRegularMessage('overrides file', file, kind, 'delete it (runs rewrite it) or point learning.training_overrides_path at a .yaml file', 'learning.training_overrides_path')));
        try {
            text = await handle.readFile('utf8');
        }
        finally {
            await handle.close();
        }
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    const doc = parseDocument(text);
    if (doc.errors.length) {
        throw new CorruptOverridesError(`overrides file ${file} is not valid YAML (${doc.errors[0].message}); ${REPAIR}`);
    }
    if (doc.contents !== null && !isMap(doc.contents)) {
        throw new CorruptOverridesError(`overrides file ${file} must hold a YAML mapping; ${REPAIR}`);
    }
    return doc;
}
const REPAIR = 'repair it with `agi-core adapters activate RUN` (or `base`), which rewrites it and keeps the broken one beside it, or fix it by hand';
/** An overrides file that exists but holds no usable YAML mapping: what `adapters activate` may repair. */
export class CorruptOverridesError extends ConfigError {
}
/**
 * Moves a corrupt overrides file aside (`<file>.corrupt-<time>`, nothing lost) so a fresh one can be written.
 * Returns where it went, or null when the file was not corrupt.
 */
export async function setAsideIfCorrupt(file, at) {
    try {
        await readDocument(file);
        return null;
    }
    catch (err) {
        if (!(err instanceof CorruptOverridesError))
            throw err;
        const aside = `${file}.corrupt-${at.replace(/[:.]/g, '')}`;
        await rename(file, aside);
        return aside;
    }
}
/** Reads `learning.active_adapter_path` as written (relative or absolute), or null. */
export async function readActiveAdapter(file) {
    return (await readActiveAdapterSetting(file)).value;
}
/** The same, telling a key written as null (the base model, after a rollback to it) from no key at all. */
export async function readActiveAdapterSetting(file) {
    const doc = await readDocument(file);
    const value = doc.getIn(['learning', 'active_adapter_path']);
    return {
        set: doc.hasIn(['learning', 'active_adapter_path']),
        value: typeof value === 'string' && value ? value : null,
    };
}
/**
 * Sets `learning.active_adapter_path` (null: the base model), keeping every other key and comment, published
 * atomically. Returns false when the file already said so (nothing written).
 */
export async function setActiveAdapter(file, value) {
    const doc = await readDocument(file);
    if (doc.getIn(['learning', 'active_adapter_path']) === value)
        return false;
    if (doc.contents === null)
        doc.contents = doc.createNode({});
    doc.setIn(['learning', 'active_adapter_path'], value);
    await writeFileAtomic(file, doc.toString());
    return true;
}
//# sourceMappingURL=overrides-file.js.map