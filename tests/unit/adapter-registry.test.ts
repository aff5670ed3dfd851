import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  activateAdapter,
  checkAdapterDir,
  readHistory,
  registryOf,
  rollbackTarget,
} from '../../src/learning/adapters/adapter-registry.js';
import { makeProject } from '../helpers/project.js';

async function adapter(root: string, run: string): Promise<string> {
  const dir = path.join(root, 'storage/learning/models', run, 'adapter');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'adapter_config.json'), '{}');
  return dir;
}

describe('adapter registry', () => {
  it('refuses a missing or empty adapter folder and leaves overrides untouched', async () => {
    const p = await makeProject();
    expect(() => checkAdapterDir(path.join(p.root, 'nope'))).toThrow(/does not exist/);
    const empty = path.join(p.root, 'storage/learning/models/r0/adapter');
    await mkdir(empty, { recursive: true });
    expect(() => checkAdapterDir(empty)).toThrow(/is empty: refusing to activate it/);
  });

  it('activates, records history, and rolls back along activations', async () => {
    const p = await makeProject();
    const reg = registryOf(p.config());
    const a = await adapter(p.root, 'r1');
    const b = await adapter(p.root, 'r2');
    await writeFile(reg.overridesPath, '# operator comment\nmemory:\n  backend: sqlite\n');
    await activateAdapter(reg, a, 'run', 'r1', '2026-11-25T00:00:00Z');
    await activateAdapter(reg, b, 'run', 'r2', '2026-11-25T01:00:00Z');
    await activateAdapter(reg, b, 'run', 'r2', '2026-11-25T01:00:00Z'); // a retried activity: no second line
    expect((await readHistory(reg.historyPath)).map((h) => h.run_name)).toEqual(['r1', 'r2']);
    expect(await rollbackTarget(reg)).toBe(a);
    await activateAdapter(reg, a, 'rollback', 'r1', '2026-11-25T02:00:00Z');
    const overrides = await readFile(reg.overridesPath, 'utf8');
    expect(overrides).toMatch(/^# operator comment/);
    expect(parse(overrides)).toEqual({
      memory: { backend: 'sqlite' },
      learning: { active_adapter_path: 'storage/learning/models/r1/adapter' },
    });
    await expect(rollbackTarget(reg)).rejects.toThrow(/nothing to roll back to/);
  });

  it('two activations racing end at one of them, with valid YAML and both in the history', async () => {
    const p = await makeProject();
    const reg = registryOf(p.config());
    const dirs = await Promise.all(Array.from({ length: 8 }, (_, i) => adapter(p.root, `race${i}`)));
    await Promise.all(
      dirs.map((d, i) => activateAdapter(reg, d, 'activate', `race${i}`, new Date().toISOString())),
    );
    const active = (
      parse(await readFile(reg.overridesPath, 'utf8')) as { learning: { active_adapter_path: string } }
    ).learning.active_adapter_path;
    expect(dirs.map((d) => path.relative(p.root, d))).toContain(active);
    const history = await readHistory(reg.historyPath);
    expect(history).toHaveLength(8);
    expect(history.at(-1)!.adapter_path).toBe(active);
  });
});
