import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../shared/free-port.js';

/**
 * A throwaway project for a benchmark: `learning:` holds only the lines given (the product's defaults for the
 * rest), and an embedded Temporal server on free ports, so runs never meet each other. Returns its config path.
 */
export async function benchProject(prefix: string, learning: string[]): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), `agi-core-${prefix}-`));
  await mkdir(path.join(root, 'config'));
  await mkdir(path.join(root, 'storage', 'learning'), { recursive: true });
  const configPath = path.join(root, 'config', 'default.yaml');
  const temporal = [
    'temporal:',
    '  embedded:',
    `    port: ${await freePort()}`,
    `    ui_port: ${await freePort()}`,
  ];
  await writeFile(configPath, ['learning:', ...learning, ...temporal, ''].join('\n'));
  return configPath;
}
