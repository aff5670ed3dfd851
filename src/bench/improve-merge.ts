// npm run bench:improve:merge -- --out FILE.json RESULTS.json…: rows measured by separate bench:improve runs (same
// suite, held-out tasks, machine and base result) as one results file and one plot (FILE.svg beside it).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { improvementPlot } from './improvement-plot.js';
import { mergeImproveResults, type ImproveResults } from './improve-results.js';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
if (!values.out?.endsWith('.json'))
  throw new Error('--out FILE.json: where the merged results go (the plot is written beside it as FILE.svg)');
const files = await Promise.all(
  positionals.map(async (name) => ({
    name,
    results: JSON.parse(await readFile(name, 'utf8')) as ImproveResults,
  })),
);
const merged = mergeImproveResults(files);
await writeFile(values.out, JSON.stringify(merged, null, 2) + '\n');
await writeFile(values.out.replace(/\.json$/, '.svg'), improvementPlot(merged));
process.stdout.write(JSON.stringify({ results: values.out, rows: Object.keys(merged.rows) }) + '\n');
