import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
});
