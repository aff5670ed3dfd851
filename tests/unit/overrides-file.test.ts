import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readActiveAdapter,
  portablePath,
  setActiveAdapter,
} from '../../src/learning/adapters/overrides-file.js';
import { makeProject } from '../helpers/project.js';

describe('overrides.yaml', () => {
  it('portablePath: relative inside the root, absolute outside it or at the root itself', () => {
    expect(portablePath('/p', '/p/models/a')).toBe('models/a');
    expect(portablePath('/p', '/q/a')).toBe('/q/a');
    expect(portablePath('/p', '/p')).toBe('/p');
    expect(portablePath('/p', '/p-other/a')).toBe('/p-other/a');
  });

  it('reads null without a file or value, keeps other keys, writes once, refuses YAML that is not a mapping', async () => {
    const p = await makeProject();
    const file = path.join(p.root, 'config', 'overrides.yaml');
    expect(await readActiveAdapter(file)).toBeNull();
    await writeFile(file, '# keep me\nmemory:\n  backend: sqlite\nlearning:\n  active_adapter_path: ""\n');
    expect(await readActiveAdapter(file)).toBeNull();
    expect(await setActiveAdapter(file, 'models/a')).toBe(true);
    expect(await setActiveAdapter(file, 'models/a')).toBe(false);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# keep me');
    expect(text).toContain('backend: sqlite');
    expect(await readActiveAdapter(file)).toBe('models/a');
    await writeFile(file, '');
    expect(await setActiveAdapter(file, 'b')).toBe(true);
    expect(await readActiveAdapter(file)).toBe('b');
    await writeFile(file, '- a list\n');
    await expect(readActiveAdapter(file)).rejects.toThrow(/must hold a YAML mapping/);
    await writeFile(file, 'a: [\n');
    await expect(setActiveAdapter(file, 'c')).rejects.toThrow(/is not valid YAML/);
    await mkdir(path.join(p.root, 'dir.yaml'));
    await expect(readActiveAdapter(path.join(p.root, 'dir.yaml'))).rejects.toThrow(
      /dir\.yaml \(learning\.training_overrides_path\) is a directory, not a regular file/,
    );
  });
});
