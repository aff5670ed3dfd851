import path from 'node:path';
import { isMap, parseDocument, type Document } from 'yaml';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { ConfigError } from '../shared/errors.js';
import { nonRegularMessage, openRegularFile } from '../shared/regular-file.js';

/** How overrides.yaml refers to a path: relative to the project root when inside it, so the tree can move. */
export function portablePath(root: string, p: string): string {
  const rel = path.relative(root, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

async function readDocument(file: string): Promise<Document> {
  let text = '';
  try {
    // Never a FIFO or a device: reading a FIFO would wait for a writer forever.
    const handle = await openRegularFile(
      file,
      (kind) =>
        new ConfigError(
          nonRegularMessage(
            'overrides file',
            file,
            kind,
            'delete it (runs rewrite it) or point learning.training_overrides_path at a .yaml file',
            'learning.training_overrides_path',
          ),
        ),
    );
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new ConfigError(
      `overrides file ${file} is not valid YAML (${doc.errors[0]!.message}); fix it or delete it, runs rewrite it`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ConfigError(`overrides file ${file} must hold a YAML mapping; fix it or delete it`);
  }
  return doc;
}

/** Reads `learning.active_adapter_path` as written (relative or absolute), or null. */
export async function readActiveAdapter(file: string): Promise<string | null> {
  return (await readActiveAdapterSetting(file)).value;
}

/** The same, telling a key written as null (the base model, after a rollback to it) from no key at all. */
export async function readActiveAdapterSetting(
  file: string,
): Promise<{ set: boolean; value: string | null }> {
  const doc = await readDocument(file);
  const value: unknown = doc.getIn(['learning', 'active_adapter_path']);
  return {
    set: doc.hasIn(['learning', 'active_adapter_path']),
    value: typeof value === 'string' && value ? value : null,
  };
}

/**
 * Sets `learning.active_adapter_path` (null: the base model), keeping every other key and comment, published
 * atomically. Returns false when the file already said so (nothing written).
 */
export async function setActiveAdapter(file: string, value: string | null): Promise<boolean> {
  const doc = await readDocument(file);
  if (doc.getIn(['learning', 'active_adapter_path']) === value) return false;
  if (doc.contents === null) doc.contents = doc.createNode({});
  doc.setIn(['learning', 'active_adapter_path'], value);
  await writeFileAtomic(file, doc.toString());
  return true;
}
