import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readRecords, type ReadItem } from '../../src/learning/dataset/jsonl-reader.js';

async function fileWith(content: string | Buffer): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'reader-')), 'd.jsonl');
  await writeFile(file, content);
  return file;
}

async function all(file: string, options = {}): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readRecords(file, options)) out.push(item);
  return out;
}

const good = (goal: string) => JSON.stringify({ goal, summary: `did ${goal}` });

describe('readRecords', () => {
  it('yields records with line numbers and byte offsets, and reports bad lines instead of stopping', async () => {
    const lines = [good('a'), '{not json', JSON.stringify({ goal: 'x' }), '', '[1,2]', good('b')];
    const file = await fileWith(lines.join('\n') + '\n');
    const items = await all(file);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['record', 1],
      ['bad', 2],
      ['bad', 3],
      ['bad', 5],
      ['record', 6],
    ]);
    const text = lines.join('\n') + '\n';
    expect(items[4]!.offset).toBe(text.indexOf(good('b')));
    expect((items[2] as { reason: string }).reason).toMatch(/summary/);
    expect((items[1] as { reason: string }).reason).toMatch(/not valid JSON/);
  });

  it('treats a trailing line without newline as a writer mid-append: not a record, not an error', async () => {
    const file = await fileWith(good('a') + '\n' + '{"goal": "half');
    const progress = { offset: 0, nextLine: 1 };
    const items = await all(file, { progress });
    expect(items).toHaveLength(1);
    expect(progress.offset).toBe(good('a').length + 1);
  });

  it('reports invalid UTF-8 as a bad line', async () => {
    const file = await fileWith(
      Buffer.concat([
        Buffer.from('{"goal":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('","summary":"s"}\n'),
        Buffer.from(good('ok') + '\n'),
      ]),
    );
    const items = await all(file);
    expect(items[0]).toMatchObject({ kind: 'bad', line: 1, reason: 'not valid UTF-8' });
    expect(items[1]).toMatchObject({ kind: 'record', line: 2 });
  });

  it('reads a 10 MB line that spans many chunks', async () => {
    const big = JSON.stringify({ goal: 'big', summary: 'x'.repeat(10 * 1024 * 1024) });
    const file = await fileWith(good('a') + '\n' + big + '\n' + good('c') + '\n');
    const items = await all(file);
    expect(items.map((i) => i.kind)).toEqual(['record', 'record', 'record']);
    expect(items[1]).toMatchObject({ line: 2, length: big.length + 1 });
  });

  it('accepts CRLF line endings and keeps unknown fields', async () => {
    const file = await fileWith(JSON.stringify({ goal: 'g', summary: 's', agent_version: 7 }) + '\r\n');
    const [item] = await all(file);
    expect(item).toMatchObject({ kind: 'record', record: { agent_version: 7, plan: [], execution: [] } });
  });

  it('stops at `end` and hashes exactly the bytes it consumed', async () => {
    const text = [good('a'), good('b'), good('c')].join('\n') + '\n';
    const file = await fileWith(text);
    const end = text.indexOf(good('c'));
    const hash = createHash('sha256');
    const items = await all(file, { end, hash });
    expect(items).toHaveLength(2);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(text.slice(0, end)).digest('hex'));
  });

  it('never crashes on random bytes: every line is a record or a reported bad line', async () => {
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 30; round++) {
      const parts: Buffer[] = [];
      for (let i = 0; i < 40; i++) {
        const r = rand();
        let line: Buffer;
        if (r < 0.3) line = Buffer.from(good(`g${i}`));
        else if (r < 0.6)
          line = Buffer.from(
            Array.from({ length: 1 + Math.floor(rand() * 80) }, () => Math.floor(rand() * 256)).filter(
              (b) => b !== 10,
            ),
          );
        else if (r < 0.8) line = Buffer.from(good(`t${i}`).slice(0, Math.floor(rand() * 20)));
        else
          line = Buffer.from(
            JSON.stringify({
              goal: rand() < 0.5 ? 5 : 'x',
              summary: rand() < 0.5 ? null : 's',
              plan: 'nope',
            }),
          );
        parts.push(line, Buffer.from('\n'));
      }
      const file = await fileWith(Buffer.concat(parts));
      const items = await all(file);
      const seenLines = new Set(items.map((i) => i.line));
      expect(seenLines.size).toBe(items.length);
      // Lines not yielded are exactly the blank ones.
      const blank = parts
        .filter((_, k) => k % 2 === 0)
        .map((b, k) => ({ b, line: k + 1 }))
        .filter(({ b }) => {
          try {
            return new TextDecoder('utf-8', { fatal: true }).decode(b).replace(/\r$/, '').trim() === '';
          } catch {
            return false;
          }
        });
      expect(items.length + blank.length).toBe(40);
    }
  });
});
