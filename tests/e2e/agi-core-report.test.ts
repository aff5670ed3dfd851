import { existsSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { PALETTE, ROLLBACK_COLOUR } from '../../src/learning/live/report-html.js';
import { ensureChromium, screenshot } from '../helpers/chromium.js';
import { finishedRun, outcomes } from '../helpers/live-outcomes.js';
import { countColour, decodePng } from '../helpers/png.js';
import { makeProject } from '../helpers/project.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const agiCore = (cwd: string, args: string[]) =>
  execa(process.execPath, [BIN, ...args], { cwd, reject: false });
const LOSS_COLOUR = '#ff00ff';
const GOALS = [
  'Check disk usage on the hosts',
  'Find why the nightly build failed',
  'Rotate the staging password',
];

/** A loss.svg as the trainer writes one, its curve in a colour nothing else on the page uses. */
const lossSvg = (fall: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320"><rect width="100%" height="100%" fill="white"/>` +
  `<polyline fill="none" stroke="${LOSS_COLOUR}" stroke-width="8" points="40,40 200,${120 + fall} 400,${200 + fall} 600,${260}"/></svg>`;

describe('agi-core report', () => {
  it('draws each adapter’s live success rate over time, the rollback and every loss curve, in headless Chromium', async () => {
    const chromium = await ensureChromium();
    const p = await makeProject();
    await finishedRun(p.root, 'r1');
    await finishedRun(p.root, 'r2');
    await writeFile(path.join(p.root, 'storage/learning/models/r1/loss.svg'), lossSvg(0));
    await writeFile(path.join(p.root, 'storage/learning/models/r2/loss.svg'), lossSvg(30));
    // A day of history: r1 trained, r2 trained, r2 rolled back by the live gate.
    const hours = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const adapter = (run: string) => `storage/learning/models/${run}/adapter`;
    const history = [
      { at: hours(20), adapter_path: adapter('r1'), previous: null, reason: 'run', run_name: 'r1' },
      { at: hours(10), adapter_path: adapter('r2'), previous: adapter('r1'), reason: 'run', run_name: 'r2' },
      {
        at: hours(2),
        adapter_path: adapter('r1'),
        previous: adapter('r2'),
        reason: 'rollback',
        run_name: 'r1',
        live_gate: {
          adapter: 'r2',
          predecessor: 'r1',
          records: 30,
          goals: 3,
          success_rate: 0.4,
          predecessor_success_rate: 0.7,
          p_worse: 0.0114,
          alpha: 0.05,
          sample_count: 80,
          note: 'live gate: r2 40% vs r1 70% on 3 shared goal(s): significantly worse',
        },
      },
    ];
    await writeFile(
      path.join(p.root, 'storage/learning/models/history.jsonl'),
      history.map((e) => JSON.stringify(e)).join('\n') + '\n',
    );
    await writeFile(
      path.join(p.root, 'config/overrides.yaml'),
      `learning:\n  active_adapter_path: ${adapter('r1')}\n`,
    );
    await writeFile(
      p.datasetPath,
      [
        ...GOALS.flatMap((g) => outcomes(g, 7, 4, { adapter: 'base' })),
        ...GOALS.flatMap((g) => outcomes(g, 10, 7, { adapter: 'r1' })),
        ...GOALS.flatMap((g) => outcomes(g, 10, 4, { adapter: 'r2' })),
        JSON.stringify({ goal: 'x', summary: 's', success: true, adapter: false }),
      ].join('\n') + '\n',
    );

    const made = await agiCore(p.root, ['report']);
    expect(made.exitCode).toBe(0);
    const file = made.stdout.trim();
    expect(file).toBe(path.join(p.root, 'storage/learning/models/report.html'));
    const html = await readFile(file, 'utf8');
    // `--out -`: the same page on stdout, and no file named "-".
    const piped = await agiCore(p.root, ['report', '--out', '-']);
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(piped.stdout.slice(0, 200)).toBe(html.slice(0, 200));
    expect(piped.stdout.match(/class="band"/g)).toHaveLength(4);
    expect(existsSync(path.join(p.root, '-'))).toBe(false);
    // Self-contained: nothing fetched, nothing run.
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)|<link /);
    expect(html.match(/class="band"/g)).toHaveLength(4); // base, r1, r2, r1 again after the rollback
    expect(html.match(/class="rollback-marker"/g)).toHaveLength(1);
    expect(html).toContain('1 record(s) could not be attributed');
    expect(html).toMatch(
      /r2 \(was storage\/learning\/models\/r1\/adapter\)|<b>run<\/b> storage\/learning\/models\/r2/,
    );
    expect(html.match(/data:image\/svg\+xml;base64,/g)).toHaveLength(2);

    const png = path.join(p.root, 'report.png');
    await screenshot(chromium, pathToFileURL(file).href, png, 1100, 1900);
    const image = decodePng(await readFile(png));
    expect([image.width, image.height]).toEqual([1100, 1900]);
    // What was drawn: each adapter's line and legend swatch in its colour, the red rollback line, both loss curves.
    const [baseColour, r1Colour, r2Colour] = PALETTE;
    expect(countColour(image, baseColour!)).toBeGreaterThan(150);
    expect(countColour(image, r1Colour!)).toBeGreaterThan(300);
    expect(countColour(image, r2Colour!)).toBeGreaterThan(150);
    expect(countColour(image, ROLLBACK_COLOUR)).toBeGreaterThan(400);
    expect(countColour(image, LOSS_COLOUR)).toBeGreaterThan(2 * 2000);
    if (process.env.AGI_CORE_UPDATE_DOCS === '1')
      await copyFile(png, path.join(PACKAGE_ROOT, 'docs', 'images', 'report.png'));
  }, 300_000);

  it('never overwrites a file that is not an earlier report, and names a missing folder', async () => {
    const p = await makeProject();
    const config = path.join(p.root, 'config/default.yaml');
    const before = await readFile(config, 'utf8');
    const refused = await agiCore(p.root, ['report', '--out', config]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/already exists and is not an agi-core report: refusing to overwrite it/);
    expect(await readFile(config, 'utf8')).toBe(before);
    const missing = await agiCore(p.root, ['report', '--out', path.join(p.root, 'no/such/dir/r.html')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/the folder .*no\/such\/dir does not exist/);
    const folder = await agiCore(p.root, ['report', '--out', path.join(p.root, 'config')]);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toMatch(
      /--out .*config is a folder: give a file path such as .*config\/report\.html/,
    );
    const empty = await agiCore(p.root, ['report', '--out', '']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/--out is empty: give it a value or leave the flag out/);
    const out = path.join(p.root, 'r.html');
    expect((await agiCore(p.root, ['report', '--out', out])).exitCode).toBe(0);
    expect((await agiCore(p.root, ['report', '--out', out])).exitCode).toBe(0); // an earlier report: replaced
    expect(await readFile(out, 'utf8')).toContain('no runs yet');
  });
});
