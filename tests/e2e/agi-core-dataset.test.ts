import { stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { countRecords } from '../../src/learning/dataset/readiness.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import { makeProject } from '../helpers/project.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');

describe('agi-core dataset', () => {
  it('append: appends the valid lines from stdin, reports bad ones by number, exits 1 if any were bad', async () => {
    const p = await makeProject({ records: 2 });
    const input =
      toJsonl(sampleRecords(3, { seed: 8 })) +
      '{"goal": "no summary"}\nnot json\n\n' +
      toJsonl(sampleRecords(1, { seed: 9 }));
    const r = await execa(process.execPath, [BIN, 'dataset', 'append', '--json'], {
      cwd: p.root,
      input,
      reject: false,
    });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      appended: 4,
      bad_line_count: 2,
      bad_lines: [{ line: 4 }, { line: 5 }],
    });
    expect(r.stderr).toMatch(/stdin line 4: summary/);
    expect((await countRecords(p.datasetPath)).valid).toBe(6);
    const clean = await execa(process.execPath, [BIN, 'dataset', 'append'], {
      cwd: p.root,
      input: toJsonl(sampleRecords(2, { seed: 10 })),
      reject: false,
    });
    expect(clean.exitCode).toBe(0);
  });

  it('stats and validate report an incomplete last line as such (text and JSON), and count it nowhere', async () => {
    const p = await makeProject({ records: toJsonl(sampleRecords(3)) + '{"goal": "half-writ' });
    const json = await execa(process.execPath, [BIN, 'dataset', 'stats', '--json'], {
      cwd: p.root,
      reject: false,
    });
    expect(json.exitCode, json.stderr).toBe(0);
    const stats = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({
      valid: 3,
      bad_line_count: 0,
      incomplete_last_line: { line: 4, bytes: 19 },
    });
    expect(stats.snapshot_offset).toBe((await stat(p.datasetPath)).size - 19);
    const text = await execa(process.execPath, [BIN, 'dataset', 'validate'], { cwd: p.root, reject: false });
    // Not a bad line: a writer may be finishing it.
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/incomplete +line 4 \(19 bytes, no newline yet\): not counted/);
  });

  it('stats and validate report counts, DPO pairs and bad lines', async () => {
    const p = await makeProject({ records: toJsonl(sampleRecords(16)) + '{oops\n' });
    const stats = await execa(process.execPath, [BIN, 'dataset', 'stats', '--json'], { cwd: p.root });
    const s = JSON.parse(stats.stdout) as {
      valid: number;
      successes: number;
      failures: number;
      goals: number;
      dpo_pairs: number;
      bad_lines: { line: number }[];
    };
    expect(s).toMatchObject({ valid: 16, goals: 8, bad_lines: [{ line: 17 }] });
    expect(s.successes + s.failures).toBe(16);
    expect(s.dpo_pairs).toBeGreaterThan(0);
    expect((s as unknown as { snapshot_offset: number }).snapshot_offset).toBe(
      (await stat(p.datasetPath)).size,
    );
    const validate = await execa(process.execPath, [BIN, 'dataset', 'validate'], {
      cwd: p.root,
      reject: false,
    });
    expect(validate.exitCode).toBe(1);
    expect(validate.stdout).toMatch(/line 17: not valid JSON/);
  });
});
