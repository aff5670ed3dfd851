import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { parseTrainerLine } from '../../src/shared/trainer-protocol.js';

const fixture = (name: string) =>
  readFileSync(path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'trainer-protocol', name), 'utf8')
    .trim()
    .split('\n');

describe('trainer protocol (the same fixtures the Python side checks)', () => {
  it('has the shared fixtures to check (an empty file would make the cases below vanish)', () => {
    expect(fixture('valid.jsonl').length).toBeGreaterThanOrEqual(15);
    expect(fixture('invalid.jsonl').length).toBeGreaterThanOrEqual(15);
  });

  it.each(fixture('valid.jsonl'))('accepts %s', (line) => {
    expect(parseTrainerLine(line)).toBeDefined();
  });

  it.each(fixture('invalid.jsonl'))('rejects %s', (line) => {
    expect(parseTrainerLine(line)).toBeUndefined();
  });

  it('never throws on garbage, torn lines or library prints', () => {
    const valid = fixture('valid.jsonl').join('\n');
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 2000; i++) {
      const start = Math.floor(rand() * valid.length);
      const piece = valid.slice(start, start + Math.floor(rand() * 200));
      expect(() => parseTrainerLine(piece)).not.toThrow();
    }
    for (const junk of [
      "{'loss': '6.2'}",
      '{',
      '',
      'Loading weights: 100%',
      '{"event": null}',
      '{"__proto__": {"event": "done"}}',
      'null',
      '{"event":"done","adapter_path":1}',
    ]) {
      expect(parseTrainerLine(junk)).toBeUndefined();
    }
  });
});
