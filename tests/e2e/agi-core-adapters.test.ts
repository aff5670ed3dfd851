import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/project.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const agiCore = (cwd: string, args: string[]) =>
  execa(process.execPath, [BIN, ...args], { cwd, reject: false });

describe('agi-core adapters', () => {
  it('activates a run by name, lists it as active, and rolls back', async () => {
    const p = await makeProject();
    for (const run of ['r1', 'r2']) {
      const dir = path.join(p.root, 'storage/learning/models', run);
      await mkdir(path.join(dir, 'adapter'), { recursive: true });
      await writeFile(path.join(dir, 'adapter', 'adapter_config.json'), '{}');
      await writeFile(path.join(dir, 'adapter', 'adapter_model.safetensors'), 'weights');
      await writeFile(
        path.join(dir, 'metadata.json'),
        JSON.stringify({
          strategy: 'lora',
          dry_run: false,
          dataset_size: 60,
          created_at: run,
          metrics: { eval_loss_after: 1.5 },
        }),
      );
    }
    expect((await agiCore(p.root, ['adapters', 'activate', 'r1'])).exitCode).toBe(0);
    expect((await agiCore(p.root, ['adapters', 'activate', 'r2'])).exitCode).toBe(0);
    const listed = JSON.parse((await agiCore(p.root, ['adapters', 'list', '--json'])).stdout) as {
      run: string;
      active: boolean;
    }[];
    expect(listed.filter((r) => r.active).map((r) => r.run)).toEqual(['r2']);
    const rolled = await agiCore(p.root, ['adapters', 'rollback']);
    expect(rolled.stdout).toMatch(/rolled back to storage\/learning\/models\/r1\/adapter/);
    expect(await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8')).toContain(
      'active_adapter_path: storage/learning/models/r1/adapter',
    );
  });

  it('refuses a missing or empty adapter with exit 2 and leaves overrides untouched', async () => {
    const p = await makeProject();
    const missing = await agiCore(p.root, ['adapters', 'activate', 'no-such-run']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/does not exist: pick one from agi-core adapters list/);
    await mkdir(path.join(p.root, 'storage/learning/models/empty/adapter'), { recursive: true });
    const empty = await agiCore(p.root, ['adapters', 'activate', 'empty']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/is empty: refusing to activate it/);
    expect(existsSync(path.join(p.root, 'config/overrides.yaml'))).toBe(false);
  });

  it('activates only finished runs inside the project, unless --force says what it skips', async () => {
    const p = await makeProject();
    const models = path.join(p.root, 'storage/learning/models');
    const make = async (run: string, files: Record<string, string>, metadata = true) => {
      await mkdir(path.join(models, run, 'adapter'), { recursive: true });
      for (const [name, text] of Object.entries(files))
        await writeFile(path.join(models, run, 'adapter', name), text);
      if (metadata)
        await writeFile(
          path.join(models, run, 'metadata.json'),
          JSON.stringify({ created_at: run, strategy: 'lora', dry_run: false }),
        );
    };
    await make('config-only', { 'adapter_config.json': '{}' });
    await make('broken', { 'adapter_config.json': 'not json', 'adapter_model.safetensors': '' });
    await make('unfinished', { 'adapter_config.json': '{}', 'adapter_model.safetensors': 'w' }, false);
    const outside = await mkdtemp(path.join(os.tmpdir(), 'agi-core-outside-'));
    try {
      await mkdir(path.join(outside, 'adapter'));
      await writeFile(path.join(outside, 'adapter', 'adapter_config.json'), '{}');
      await writeFile(path.join(outside, 'adapter', 'adapter_model.safetensors'), 'w');
      await writeFile(
        path.join(outside, 'metadata.json'),
        JSON.stringify({ created_at: 'x', strategy: 'lora', dry_run: false }),
      );
      const refusals: [string, RegExp][] = [
        ['config-only', /no adapter_model\.safetensors or \.bin/],
        ['broken', /adapter_config\.json is not a JSON object; its weights file is empty/],
        ['unfinished', /its run never finished \(no valid .*metadata\.json\)/],
        [path.join(outside, 'adapter'), /outside the folders this project may use.*or pass --force/],
        ['config/default.yaml', /is a file, not an adapter folder/],
      ];
      for (const [target, message] of refusals) {
        const r = await agiCore(p.root, ['adapters', 'activate', target]);
        expect(r.exitCode, target).toBe(2);
        expect(r.stderr, target).toMatch(message);
        expect(r.stderr.trim().split('\n'), target).toHaveLength(1);
        expect(existsSync(path.join(p.root, 'config/overrides.yaml')), target).toBe(false);
      }
      const forced = await agiCore(p.root, ['adapters', 'activate', 'unfinished', '--force']);
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(forced.stderr).toMatch(/--force: activating although its run never finished/);
      expect(await readFile(path.join(p.root, 'config/overrides.yaml'), 'utf8')).toContain(
        'storage/learning/models/unfinished/adapter',
      );
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
