import { describe, expect, it } from 'vitest';
import { TRAINER_HELP } from '../../src/cli/commands/trainer-command.js';

describe('help texts', () => {
  it("agi-core trainer's usage line names every subcommand its body describes", () => {
    const usage = /<([^>]+)>/
      .exec(TRAINER_HELP.split('\n')[0]!)![1]!
      .split('|')
      .map((c) => c.split(' ')[0]);
    const described = TRAINER_HELP.split('\n')
      .filter((l) => /^ {2}[a-z]/.test(l))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(usage).toEqual(described);
  });
});
