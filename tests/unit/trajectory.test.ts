import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertSnapshot, type ConvertOptions } from '../../src/learning/examples/convert.js';
import { datasetStats } from '../../src/learning/examples/dataset-stats.js';
import { LearningPipeline } from '../../src/learning/dataset/learning-pipeline.js';
import { countRecords } from '../../src/learning/dataset/readiness.js';
import { parseRecordLine, type LearningRecord, type RecordInput } from '../../src/learning/dataset/record.js';
import type { ChatMessage, ToolDefinition } from '../../src/learning/dataset/chat-messages.js';
import { ToolCatalog } from '../../src/learning/examples/tool-catalog.js';
import {
  NOT_EXECUTED,
  planTurn,
  toTrajectoryKto,
  toTrajectoryPair,
  toTrajectorySft,
  trajectoryMessages,
} from '../../src/learning/examples/trajectory.js';
import { makeProject } from '../helpers/project.js';

function record(over: Partial<RecordInput> = {}): LearningRecord {
  const parsed = parseRecordLine(
    JSON.stringify({
      goal: 'Deploy the API',
      context_summary: 'prod',
      plan: [
        {
          name: 'step-1',
          tool: 'build',
          description: 'Build the image',
          args: ['api'],
          kwargs: { tag: 'v2' },
        },
        { name: 'step-2', tool: 'deploy', description: 'Roll it out', kwargs: { replicas: 3 } },
      ],
      execution: [
        { success: true, output: 'image sha256:abc' },
        { success: true, output: 'rolled out 3/3' },
      ],
      summary: 'Deployed v2.',
      success: true,
      ...over,
    }),
  );
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.record;
}

const failure = (over: Partial<RecordInput> = {}) =>
  record({
    plan: [{ tool: 'deploy', description: 'Roll it out', kwargs: { replicas: 30 } }],
    execution: [{ success: false, error: 'quota exceeded' }],
    summary: 'Failed: quota.',
    success: false,
    ...over,
  });

describe('trajectory form', () => {
  it('renders the plan as tool calls in order, outputs only in tool turns, the summary last', () => {
    const r = record();
    const tools = new ToolCatalog();
    tools.observe(r);
    const { messages, tools: defs } = toTrajectorySft(r, tools.definitions());
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(messages[0]!.content).toBe('Goal: Deploy the API\nContext: prod');
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: '1. Build the image\n2. Roll it out',
      tool_calls: [
        { type: 'function', function: { name: 'build', arguments: { args: ['api'], tag: 'v2' } } },
        { type: 'function', function: { name: 'deploy', arguments: { replicas: 3 } } },
      ],
    });
    expect(messages.slice(2, 4)).toEqual([
      { role: 'tool', name: 'build', content: 'image sha256:abc' },
      { role: 'tool', name: 'deploy', content: 'rolled out 3/3' },
    ]);
    expect(messages[4]).toEqual({ role: 'assistant', content: 'Deployed v2.' });
    // No tool output in any assistant turn.
    const assistantText = JSON.stringify(messages.filter((m) => m.role === 'assistant'));
    expect(assistantText).not.toContain('sha256:abc');
    expect(assistantText).not.toContain('rolled out');
    expect(defs.map((d) => d.function.name)).toEqual(['build', 'deploy']);
  });

  it('infers each tool schema from every call: types, widening, required only when always passed', () => {
    const catalog = new ToolCatalog();
    catalog.observe(record());
    catalog.observe(record({ plan: [{ tool: 'deploy', kwargs: { replicas: 1.5, region: 'eu' } }] }));
    const deploy = catalog.definitions().find((d) => d.function.name === 'deploy')!;
    expect(deploy.function.parameters).toEqual({
      type: 'object',
      properties: { region: { type: 'string' }, replicas: { type: 'number' } },
      required: ['replicas'],
    });
    const build = catalog.definitions().find((d) => d.function.name === 'build')!;
    expect(build.function.parameters).toMatchObject({
      properties: { args: { type: 'array' }, tag: { type: 'string' } },
    });
  });

  it('rules for imperfect records: no tool and no name, too many or too few execution entries, empty entries', () => {
    const r = record({
      plan: [
        { description: 'Think it over' }, // neither tool nor name: text only, no call
        { name: 'lookup', args: { q: 'x' } }, // name stands in for the tool
        { tool: 'deploy' }, // ran? its entry is empty
        { tool: 'notify' }, // no entry at all
      ],
      execution: [{ success: true, output: 'ignored: step 1 made no call' }, { output: 'found' }, {}],
      success: true,
    });
    const messages = trajectoryMessages(r);
    expect(planTurn(r).content).toBe('1. Think it over');
    expect(planTurn(r).tool_calls!.map((c) => c.function.name)).toEqual(['lookup', 'deploy', 'notify']);
    expect(messages.filter((m) => m.role === 'tool')).toEqual([
      { role: 'tool', name: 'lookup', content: 'found' },
      { role: 'tool', name: 'deploy', content: NOT_EXECUTED },
      { role: 'tool', name: 'notify', content: NOT_EXECUTED },
    ]);
    // More execution entries than steps: the extra ones answer no call and are left out.
    const extra = record({ execution: [{ output: 'a' }, { output: 'b' }, { output: 'c' }] });
    expect(
      trajectoryMessages(extra)
        .filter((m) => m.role === 'tool')
        .map((m) => m.content),
    ).toEqual(['a', 'b']);
    // A failed step's tool turn says so; an empty plan gives one assistant turn, not two in a row.
    expect(trajectoryMessages(failure())[2]).toEqual({
      role: 'tool',
      name: 'deploy',
      content: 'error: quota exceeded',
    });
    expect(trajectoryMessages(record({ plan: [], execution: [] })).map((m) => m.role)).toEqual([
      'user',
      'assistant',
    ]);
  });

  it('DPO prefers the plan turn only, and has no pair when both plans are the same', () => {
    const pair = toTrajectoryPair(record(), failure(), [])!;
    expect(pair.prompt).toEqual([{ role: 'user', content: 'Goal: Deploy the API\nContext: prod' }]);
    expect(pair.chosen).toHaveLength(1);
    expect(pair.chosen[0]!.tool_calls).toHaveLength(2);
    expect(pair.rejected[0]!.tool_calls![0]!.function.arguments).toEqual({ replicas: 30 });
    expect(JSON.stringify(pair)).not.toContain('quota exceeded');
    const samePlanFailed = record({ execution: [{ success: false, error: 'boom' }], success: false });
    expect(toTrajectoryPair(record(), samePlanFailed, [])).toBeUndefined();
    const kto = toTrajectoryKto(failure(), []);
    expect(kto.label).toBe(false);
    expect(kto.completion).toEqual([planTurn(failure())]);
  });

  it('takes a recorded chat verbatim, and its first assistant turn as the plan turn', () => {
    const messages = [
      { role: 'system', content: 'You are an agent.' },
      { role: 'user', content: 'What is 2+3?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'calc', arguments: { expr: '2+3' } } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '5' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c2', function: { name: 'answer', arguments: '{"value":"5"}' } }],
      },
      { role: 'tool', tool_call_id: 'c2', content: 'submitted' },
    ];
    const tools = [{ type: 'function', function: { name: 'calc', parameters: { type: 'object' } } }];
    const r = record({ messages, tools } as Partial<RecordInput>);
    expect(toTrajectorySft(r, []).messages).toEqual(messages);
    expect(toTrajectorySft(r, []).tools).toEqual(tools);
    expect(toTrajectoryKto(r, []).prompt).toEqual(messages.slice(0, 2));
    expect(toTrajectoryKto(r, []).completion).toEqual(messages.slice(2));
    expect(planTurn(r)).toEqual(messages[2]);
    const catalog = new ToolCatalog();
    catalog.observe(r);
    expect(catalog.definitions().map((d) => d.function.name)).toEqual(['answer', 'build', 'calc', 'deploy']);
  });

  /** What dataset stats predicts for these records, and the rows trajectory KTO and DPO conversion write. */
  async function statsAndRows(records: LearningRecord[]) {
    const p = await makeProject({ records: records.map((r) => JSON.stringify(r) + '\n').join('') });
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 5 });
    const { offset } = await countRecords(p.datasetPath);
    const rows = { kto: 0, dpo: 0 };
    for (const strategy of ['kto', 'dpo'] as const) {
      const out = await convertSnapshot({
        datasetPath: p.datasetPath,
        offset,
        strategy,
        exampleFormat: 'trajectory',
        outDir: path.join(p.root, 'run', strategy),
        evalFraction: 0,
        evalMinRecords: 20,
        maxPairsPerGoal: 5,
      });
      rows[strategy] = out.train_examples;
    }
    return { stats, rows };
  }

  describe('preferences over recorded chats judge the turn that decided the outcome', () => {
    // The reference agent's shape: call the calculator, then reply. A failure typically makes the same first call
    // as a success and goes wrong after the tool's output.
    const call = (id: string, expression: string) => ({
      role: 'assistant',
      content: '',
      tool_calls: [{ id, type: 'function', function: { name: 'calculate', arguments: { expression } } }],
    });
    const chat = (...turns: object[]) => [
      { role: 'system', content: 'You have a calculator.' },
      { role: 'user', content: 'Goal: 63 + 12' },
      ...turns,
    ];
    const tool = (id: string, content: string) => ({ role: 'tool', tool_call_id: id, content });
    const won = record({
      messages: chat(call('c1', '63 + 12'), tool('c1', '75'), { role: 'assistant', content: '75' }),
      success: true,
    } as Partial<RecordInput>);
    const lost = record({
      // Another call id, same call: the chats part at the reply, not at the first turn.
      messages: chat(call('x9', '63 + 12'), tool('x9', '75'), {
        role: 'assistant',
        content: 'The answer is 75.',
      }),
      success: false,
    } as Partial<RecordInput>);

    it('KTO: the whole attempt after its prompt, tool outputs included, labelled by its outcome', () => {
      const row = toTrajectoryKto(won, []);
      expect(row.prompt).toEqual(won.messages!.slice(0, 2));
      // The call, the tool's output (context for the trainer's mask) and the answer after it: one row.
      expect(row.completion).toEqual(won.messages!.slice(2));
      expect(row.label).toBe(true);
      const failed = toTrajectoryKto(lost, []);
      expect(failed.completion).toEqual(lost.messages!.slice(2));
      expect(failed.completion.at(-1)).toEqual({ role: 'assistant', content: 'The answer is 75.' });
      expect(failed.label).toBe(false);
    });

    it('DPO: the rest of each attempt from the turn where they part, after the turns they share', () => {
      const pair = toTrajectoryPair(won, lost, [])!;
      expect(pair.prompt).toEqual(won.messages!.slice(0, 4));
      expect(pair.chosen).toEqual([{ role: 'assistant', content: '75' }]);
      expect(pair.rejected).toEqual([{ role: 'assistant', content: 'The answer is 75.' }]);
      // Parting at the first call: each side is that call, its output and the reply after it.
      const wrongCall = record({
        messages: chat(call('c1', '63 - 12'), tool('c1', '51'), { role: 'assistant', content: '51' }),
        success: false,
      } as Partial<RecordInput>);
      const early = toTrajectoryPair(won, wrongCall, [])!;
      expect(early.prompt).toEqual(won.messages!.slice(0, 2));
      expect(early.chosen).toEqual(won.messages!.slice(2));
      expect(early.rejected).toEqual(wrongCall.messages!.slice(2));
    });

    it('DPO: no pair when the attempts part only at a tool output, or never', () => {
      const otherOutput = record({
        messages: chat(call('c1', '63 + 12'), tool('c1', 'error: timeout'), {
          role: 'assistant',
          content: '?',
        }),
        success: false,
      } as Partial<RecordInput>);
      expect(toTrajectoryPair(won, otherOutput, [])).toBeUndefined();
      const same = record({ messages: won.messages, success: false });
      expect(toTrajectoryPair(won, same, [])).toBeUndefined();
    });

    it('DPO writes one pair per preference: a repeated attempt gives none, another reply after the same call does', async () => {
      const wrong = record({
        messages: chat(call('z1', '63 - 12'), tool('z1', '51'), { role: 'assistant', content: '51' }),
        success: false,
      } as Partial<RecordInput>);
      // `won` again under another call id: the same pair.
      const wonAgain = record({
        messages: chat(call('c2', '63 + 12'), tool('c2', '75'), { role: 'assistant', content: '75' }),
        success: true,
        summary: 'the same attempt, another call id',
      } as Partial<RecordInput>);
      const once = await statsAndRows([won, wonAgain, wrong]);
      expect([once.stats.examples.trajectory.dpo, once.rows.dpo]).toEqual([1, 1]);
      // The same first call, then another (also successful) reply: the chosen continuation differs, another pair.
      const otherReply = record({
        messages: chat(call('c3', '63 + 12'), tool('c3', '75'), { role: 'assistant', content: 'Answer: 75' }),
        success: true,
      } as Partial<RecordInput>);
      const twice = await statsAndRows([won, otherReply, wrong]);
      expect([twice.stats.examples.trajectory.dpo, twice.rows.dpo]).toEqual([2, 2]);
    });

    it('stats count the rows conversion writes, for KTO and DPO', async () => {
      const twice = record({ ...lost, summary: 'the same attempt again' });
      const { stats, rows } = await statsAndRows([won, lost, twice]);
      expect(stats.examples.trajectory.kto).toBe(3); // one row a record: the failure logged again with another summary is a record of its own
      expect(stats.examples.trajectory.dpo).toBe(1); // the two failures are one attempt: one pair
      expect(rows).toEqual({ kto: stats.examples.trajectory.kto, dpo: stats.examples.trajectory.dpo });
    });
  });

  it.each([
    [
      [{ role: 'assistant', content: 'hi' }],
      /messages\.0\.role: messages must start with a system or user turn/,
    ],
    [
      [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'a', function: { name: 'f', arguments: {} } }] },
        { role: 'tool', tool_call_id: 'b', content: 'x' },
      ],
      /messages\.2\.tool_call_id: tool turn answers call id "b", which the assistant turn before it did not make/,
    ],
    [
      [
        { role: 'user', content: 'go' },
        { role: 'tool', name: 'f', content: 'x' },
        { role: 'assistant', content: 'done' },
      ],
      /messages\.1\.name: tool turn matches no call/,
    ],
    [
      [
        { role: 'user', content: 'go' },
        { role: 'robot', content: 'x' },
      ],
      /messages\.1\.role: role must be one of system, user, assistant, tool/,
    ],
    [[{ role: 'user', content: 'go' }], /messages: messages hold no assistant turn/],
  ])('a malformed recorded chat is a bad line with its reason (%#)', (messages, reason) => {
    const line = JSON.stringify({ goal: 'g', summary: 's', messages });
    const parsed = parseRecordLine(line);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  it('LearningPipeline refuses arguments JSON cannot hold, naming where', async () => {
    const p = await makeProject();
    const pipeline = new LearningPipeline(p.datasetPath, 1, { overridesPath: null });
    const base = { goal: 'g', summary: 's' };
    await expect(pipeline.addExample({ ...base, plan: [{ tool: 't', kwargs: { n: 10n } }] })).rejects.toThrow(
      /record\.plan\.0\.kwargs\.n is a bigint, which JSON cannot hold/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(pipeline.addExample({ ...base, plan: [{ tool: 't', args: cyclic }] })).rejects.toThrow(
      /record\.plan\.0\.args\.self refers back to itself/,
    );
    await expect(pipeline.addExample({ ...base, plan: [{ tool: 't', args: [NaN] }] })).rejects.toThrow(
      /record\.plan\.0\.args\.0 is NaN/,
    );
    expect(pipeline.buffered).toBe(0);
  });
});

type Row = {
  messages: ChatMessage[];
  tools: ToolDefinition[];
  prompt: ChatMessage[];
  completion: ChatMessage[];
  label: boolean;
};

async function readRows(file: string): Promise<Row[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

describe('trajectory conversion', () => {
  const lines = (rs: LearningRecord[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';

  async function convert(text: string, over: Partial<ConvertOptions>) {
    const p = await makeProject({ records: text });
    const counts = await countRecords(p.datasetPath);
    const options: ConvertOptions = {
      datasetPath: p.datasetPath,
      offset: counts.offset,
      strategy: 'lora',
      exampleFormat: 'trajectory',
      outDir: path.join(p.root, 'run', 'data'),
      evalFraction: 0,
      evalMinRecords: 20,
      maxPairsPerGoal: 16,
      ...over,
    };
    return { p, options };
  }

  const dataset = [
    record({ task_id: 1 }),
    record({ task_id: 2, goal: 'Rotate keys', plan: [{ tool: 'vault', kwargs: { path: 'k' } }] }),
    failure({ task_id: 3 }),
    // Same plan as task 1, failed because the tool misbehaved: nothing to prefer.
    record({ task_id: 4, execution: [{ success: false, error: 'flaky' }], success: false }),
  ];

  it('SFT keeps successes only and counts the failures left out; stats agree', async () => {
    const { p, options } = await convert(lines(dataset), {});
    const result = await convertSnapshot(options);
    expect(result).toMatchObject({ example_format: 'trajectory', train_examples: 2, dropped_failures: 2 });
    const rows = await readRows(result.train_path);
    expect(rows.every((r) => Array.isArray(r.messages) && Array.isArray(r.tools))).toBe(true);
    // Every row lists every tool the dataset calls.
    expect(rows[0]!.tools.map((t) => t.function.name)).toEqual(['build', 'deploy', 'vault']);
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 16 });
    expect(stats.examples.trajectory).toEqual({ lora: 2, dpo: 1, kto: 4 });
    expect(stats.examples.summary).toEqual({ lora: 4, dpo: 2, kto: 4 });
    expect(stats.dropped.trajectory).toEqual({ failures: 2, identical_plan_pairs: 1 });
  });

  it('DPO drops identical-plan pairs and counts them; KTO labels every attempt', async () => {
    const { options } = await convert(lines(dataset), { strategy: 'dpo' });
    const dpo = await convertSnapshot(options);
    expect(dpo).toMatchObject({ train_examples: 1, dropped_identical_plans: 1 });
    const pair = JSON.parse((await readFile(dpo.train_path, 'utf8')).trim()) as Record<string, unknown>;
    expect(Object.keys(pair).sort()).toEqual(['chosen', 'prompt', 'rejected', 'tools']);
    const kto = await convertSnapshot({ ...options, strategy: 'kto', outDir: options.outDir + '-kto' });
    const rows = await readRows(kto.train_path);
    expect(rows.map((r) => r.label)).toEqual([true, true, false, false]);
    expect(rows.every((r) => r.completion.length === 1 && r.completion[0]!.role === 'assistant')).toBe(true);
  });

  it('DPO pairs distinct plans: a capped goal whose first success repeats the failure still gets its pair', async () => {
    const planA = [{ tool: 'deploy', kwargs: { replicas: 3 } }];
    const planB = [{ tool: 'deploy', kwargs: { replicas: 5 } }];
    const rows = [
      record({ task_id: 1, plan: planA }),
      record({ task_id: 2, plan: planA, summary: 'Deployed again.' }),
      record({ task_id: 3, plan: planB }),
      failure({ task_id: 4, plan: planA }),
    ];
    const { p, options } = await convert(lines(rows), { strategy: 'dpo', maxPairsPerGoal: 1 });
    const result = await convertSnapshot(options);
    expect(result).toMatchObject({ train_examples: 1, dropped_identical_plans: 1 });
    const pair = (await readFile(result.train_path, 'utf8')).trim();
    expect(pair).toContain('"replicas":5');
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 1 });
    expect(stats.examples.trajectory.dpo).toBe(1);
  });

  it('attempts at one task (agent run --attempts) are records of their own: DPO pairs them', async () => {
    const attempts = [
      record({
        task_id: 't',
        attempt: 0,
        plan: [{ tool: 'deploy', kwargs: { replicas: 3 } }],
      }),
      failure({
        task_id: 't',
        attempt: 1,
        plan: [{ tool: 'deploy', kwargs: { replicas: 5 } }],
      }),
      // The same attempt appended twice is still a duplicate.
      failure({
        task_id: 't',
        attempt: 1,
        plan: [{ tool: 'deploy', kwargs: { replicas: 5 } }],
      }),
    ];
    const { p, options } = await convert(lines(attempts), { strategy: 'dpo' });
    expect(await convertSnapshot(options)).toMatchObject({ train_examples: 1, duplicates: 1 });
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 16 });
    expect(stats).toMatchObject({ unique: 2, duplicates: 1 });
    expect(stats.examples.trajectory.dpo).toBe(1);
  });

  it('recorded plan turns that differ only in call ids or JSON spelling are the same plan', () => {
    const chat = (id: string, args: string) => [
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id, type: 'function', function: { name: 'f', arguments: args } }],
      },
      { role: 'tool', tool_call_id: id, content: 'x' },
    ];
    const a = record({ messages: chat('call_a', '{"q":"x"}') } as Partial<RecordInput>);
    const b = failure({ messages: chat('call_b', '{"q": "x"}') } as Partial<RecordInput>);
    expect(toTrajectoryPair(a, b, [])).toBeUndefined();
  });

  it('the summary form is what it always was, and a format change is a new conversion', async () => {
    const { options } = await convert(lines(dataset), { exampleFormat: 'summary' });
    const summary = await convertSnapshot(options);
    expect(summary).toMatchObject({ example_format: 'summary', train_examples: 4, dropped_failures: 0 });
    const row = (await readRows(summary.train_path))[0]!;
    expect(row.messages[0]!.content).toMatch(
      /^Goal: Deploy the API\nContext: prod\n\nPlan:\n1\. step-1 \(build\)/,
    );
    const again = await convertSnapshot({ ...options, exampleFormat: 'trajectory' });
    expect(again.example_format).toBe('trajectory');
    expect(again.train_examples).toBe(2);
  });

  it('SFT on a dataset with no success refuses with the count and suggests KTO', async () => {
    const { options } = await convert(
      lines([failure({ task_id: 1 }), failure({ task_id: 2, goal: 'Other' })]),
      {},
    );
    await expect(convertSnapshot(options)).rejects.toThrow(
      /SFT in trajectory form trains on successes only, but .* has 0 successes and 2 failure\(s\): use --strategy kto/,
    );
  });
});
