import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { freePort } from '../../src/temporal/dev-server.js';
import { makeProject } from '../helpers/project.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const run = (bin: string, cwd: string, args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [bin, ...args], { cwd, reject: false, env: { TEMPORAL_ADDRESS: '', ...env } });

/** Exit 2 and one line that names the thing to fix. */
function expectOneLine(r: { exitCode?: number; stderr: string }, message: RegExp) {
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('bad input gets one line naming the thing and exit 2', () => {
  it('dataset stats|validate on a missing file or a directory', async () => {
    const p = await makeProject();
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'stats']),
      /dataset .*dataset\.jsonl \(learning\.dataset_path\) does not exist/,
    );
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'validate', '--dataset', p.root]),
      /\(--dataset\) is a directory: pass the \.jsonl file/,
    );
  });

  it('flags and variables out of range, and extra arguments', async () => {
    const p = await makeProject({ records: 3 });
    expectOneLine(
      await run(TRAIN, p.root, [
        '--dry-run',
        '--require-threshold',
        '--min-samples',
        '99999999999999999999999',
      ]),
      /--min-samples is too large/,
    );
    expectOneLine(await run(AGI, p.root, ['runs', 'list', '--limit', '0']), /--limit must be at least 1/);
    expectOneLine(
      await run(AGI, p.root, ['dataset', 'append', 'extra.jsonl']),
      /agi-core dataset append takes no further arguments, got "extra.jsonl"/,
    );
    expectOneLine(
      await run(AGI, p.root, ['runs', 'show', 'some-id', 'extra']),
      /takes no further arguments, got "extra"/,
    );
    expectOneLine(
      await run(AGI, p.root, ['worker'], { AGI_CORE_METRICS_PORT: 'abc' }),
      /AGI_CORE_METRICS_PORT must be a port number/,
    );
    expectOneLine(
      await run(TRAIN, p.root, ['--dry-run'], { TEMPORAL_TLS: 'maybe' }),
      /TEMPORAL_TLS must be true, false, 1 or 0/,
    );
  });

  it('an embedded port taken by something else blames temporal.embedded.port, not temporal.address', async () => {
    const port = await freePort();
    const squatter = net.createServer((s) => s.destroy()).listen(port, '127.0.0.1');
    try {
      const p = await makeProject({ records: 3, set: { 'temporal.embedded.port': port } });
      const r = await run(TRAIN, p.root, ['--dry-run']);
      expectOneLine(r, /temporal\.embedded\.port: something that is not a Temporal server listens there/);
      expect(r.stderr).not.toMatch(/temporal\.address/);
    } finally {
      squatter.close();
    }
  });
});
