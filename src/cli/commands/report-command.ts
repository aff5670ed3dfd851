import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { readHistory } from '../../learning/adapters/adapter-registry.js';
import { liveScores } from '../../learning/live/live-scores.js';
import { readActiveAdapter } from '../../learning/adapters/overrides-file.js';
import { renderReport, type ReportRun } from '../../learning/live/report-html.js';
import { finishedRuns } from '../../learning/adapters/run-folders.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { readFile } from 'node:fs/promises';
import { EXIT } from '../main.js';
import { noExtraArguments, parseFlags } from '../parse-flags.js';
import { UsageError } from '../../shared/errors.js';
import { REPORT_MARKER } from '../../learning/live/report-html.js';
import { stat } from 'node:fs/promises';
import { notePathOrigin } from '../../shared/path-origins.js';

export const REPORT_HELP = `Usage: agi-core report [--out FILE] [options]

Writes one self-contained HTML page (no server, no network, no script): each adapter's success rate while it was
live with its 95% Wilson interval, drawn over time; the comparison with its predecessor on the same goals; every
activation and rollback; and each run's loss curve. Default FILE: report.html in learning.training_output_dir.

Options: --out FILE (- for stdout), --config PATH, -h/--help`;

const FLAGS = {
  out: { type: 'string' },
  config: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('agi-core report', argv, FLAGS, true);
  if (values.help) {
    process.stdout.write(REPORT_HELP + '\n');
    return EXIT.ok;
  }
  noExtraArguments('agi-core report', positionals);
  const config = loadConfig(values.config);
  const l = config.learning;
  // `--out -`: the page on stdout (to pipe or redirect), as `-` means for most tools; never a file named "-".
  const toStdout = values.out === '-';
  const out = path.resolve(values.out ?? path.join(l.training_output_dir, 'report.html'));
  if (values.out !== undefined && !toStdout) notePathOrigin(out, '--out');
  if (!toStdout) await checkReportTarget(out);
  const history = await readHistory(l.adapter_history_path);
  const active = await readActiveAdapter(l.training_overrides_path).catch(() => null);
  const runs: ReportRun[] = [];
  for (const { name, dir, meta } of await finishedRuns(l.training_output_dir)) {
    runs.push({
      run: name,
      strategy: meta.strategy,
      created_at: meta.created_at,
      eval_loss: meta.metrics.eval_loss_after ?? null,
      lossSvg: await readFile(path.join(dir, 'loss.svg'), 'utf8').catch(() => null),
    });
  }
  const html = renderReport({
    generatedAt: new Date(),
    project: config.root,
    datasetPath: path.relative(config.root, l.dataset_path) || l.dataset_path,
    scores: await liveScores(l.dataset_path, history, active),
    history,
    runs,
  });
  if (toStdout) {
    process.stdout.write(html);
    return EXIT.ok;
  }
  await writeFileAtomic(out, html);
  process.stdout.write(out + '\n');
  return EXIT.ok;
}

/** The report may replace an earlier report, never anything else: a mistyped --out must not eat a file. */
async function checkReportTarget(out: string): Promise<void> {
  const parent = await stat(path.dirname(out)).catch(() => null);
  if (!parent?.isDirectory())
    throw new UsageError(
      `--out ${out}: the folder ${path.dirname(out)} does not exist; create it or pick another`,
    );
  const existing = await stat(out).catch(() => null);
  if (!existing) return;
  if (!existing.isFile())
    throw new UsageError(`--out ${out} is a folder: give a file path such as ${out}/report.html`);
  const head = (await readFile(out, 'utf8')).slice(0, 400);
  if (!head.includes(REPORT_MARKER))
    throw new UsageError(
      `--out ${out} already exists and is not an agi-core report: refusing to overwrite it`,
    );
}
