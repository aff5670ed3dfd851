import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  adapterProblems,
  checkAdapterDir,
  readHistory,
} from '../../src/learning/adapters/adapter-registry.js';
import { makeProject } from '../helpers/project.js';

/** A run folder: metadata.json beside adapter/, with the files given. */
async function run(
  root: string,
  files: Record<string, string>,
  metadata: string | null = '{"created_at":"x","strategy":"lora","dry_run":false}',
) {
  const dir = path.join(root, `run-${Math.random().toString(16).slice(2)}`, 'adapter');
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  if (metadata !== null) await writeFile(path.join(path.dirname(dir), 'metadata.json'), metadata);
  return dir;
}

describe('adapter folders', () => {
  it('adapterProblems: a finished run with a JSON config and non-empty weights has none', async () => {
    const p = await makeProject();
    const good = await run(p.root, { 'adapter_config.json': '{"r":8}', 'adapter_model.safetensors': 'w' });
    expect(adapterProblems(good)).toEqual([]);
    expect(checkAdapterDir(good)).toEqual([]);
    const bin = await run(p.root, { 'adapter_config.json': '{}', 'adapter_model.bin': 'w' });
    expect(adapterProblems(bin)).toEqual([]);
  });

  it('adapterProblems names each problem: no metadata, no or broken config, missing or empty weights', async () => {
    const p = await makeProject();
    const unfinished = await run(
      p.root,
      { 'adapter_config.json': '{}', 'adapter_model.safetensors': 'w' },
      null,
    );
    expect(adapterProblems(unfinished)).toEqual([
      `its run never finished (no valid ${path.join(path.dirname(unfinished), 'metadata.json')})`,
    ]);
    const tornMeta = await run(
      p.root,
      { 'adapter_config.json': '{}', 'adapter_model.safetensors': 'w' },
      '{"cr',
    );
    expect(adapterProblems(tornMeta)[0]).toMatch(/^its run never finished/);
    expect(adapterProblems(await run(p.root, { 'adapter_model.safetensors': 'w' }))).toEqual([
      'it has no adapter_config.json (not a PEFT adapter)',
    ]);
    const notJson = await run(p.root, { 'adapter_config.json': '[1]', 'adapter_model.safetensors': 'w' });
    expect(adapterProblems(notJson)).toEqual([
      `${path.join(notJson, 'adapter_config.json')} is not a JSON object`,
    ]);
    expect(
      adapterProblems(await run(p.root, { 'adapter_config.json': '{}', 'model.safetensors': 'w' })),
    ).toEqual(['it has no adapter_model.safetensors or .bin']);
    expect(
      adapterProblems(await run(p.root, { 'adapter_config.json': '{}', 'adapter_model.safetensors': '' })),
    ).toEqual(['its weights file is empty']);
    // A dry run's placeholder has no weights to serve: activation and rollback refuse it (issue 23).
    expect(adapterProblems(await run(p.root, { DRY_RUN: 'dry run' }))).toEqual([
      "it is a dry run's placeholder, with no trained weights",
    ]);
    // Unfinished and a placeholder: both said.
    expect(adapterProblems(await run(p.root, { DRY_RUN: 'dry run' }, null))).toHaveLength(2);
  });

  it('checkAdapterDir refuses on problems, or with force returns them; files and empty folders never pass', async () => {
    const p = await makeProject();
    const bad = await run(p.root, { 'adapter_config.json': '{}' });
    expect(() => checkAdapterDir(bad)).toThrow(
      /^refusing to activate .*: it has no adapter_model\.safetensors or \.bin\. Activate a finished run .* or pass --force/,
    );
    expect(checkAdapterDir(bad, true)).toEqual(['it has no adapter_model.safetensors or .bin']);
    expect(() => checkAdapterDir(path.join(bad, 'adapter_config.json'), true)).toThrow(
      /is a file, not an adapter folder/,
    );
    const empty = path.join(p.root, 'empty');
    await mkdir(empty);
    expect(() => checkAdapterDir(empty, true)).toThrow(/is empty/);
  });

  it('readHistory: no file is an empty history; torn and foreign lines are skipped', async () => {
    const p = await makeProject();
    const file = path.join(p.root, 'history.jsonl');
    expect(await readHistory(file)).toEqual([]);
    const entry = { at: 't', adapter_path: 'a', previous: null, reason: 'run', run_name: 'r' };
    await writeFile(
      file,
      `${JSON.stringify(entry)}\n{"at":\n[1]\n\n${JSON.stringify({ ...entry, at: 'u' })}\n`,
    );
    expect((await readHistory(file)).map((e) => e.at)).toEqual(['t', 'u']);
  });
});
