import { WorkflowFailedError } from '@temporalio/client';
import { loadConfig } from '../../config/load-config.js';
import { EvalInputSchema } from '../../shared/eval-contract.js';
import { UsageError, rootMessage } from '../../shared/errors.js';
import { openStack } from '../../workers/stack.js';
import { EXIT } from '../main.js';
import { noExtraArguments, parseFlags, parseNonNegativeInt } from '../parse-flags.js';
export const EVAL_HELP = `Usage: agi-core eval [--suite S] [--adapter base|active|RUN]… [--tasks N] [--seed K] [--json]

Acts with each adapter on the same held-out tasks of a suite, on the GPU task queue (an EvalWorkflow: it
heartbeats, resumes where it stopped, and agi-core runs cancel ID stops it), and prints the success rate with its
95% Wilson interval, overall and per dataset. With two or more adapters, each is compared with the first task by
task (exact McNemar: p for "equally good", and one-sided p for "better than the first").

  --suite S      reasoning-gym:NAME[,NAME…] or python:package.module:factory (default learning.eval_suite)
  --adapter A    base, active (what overrides.yaml points at; base when none) or a run name; repeat to compare
                 (default: active)
  --tasks N      held-out tasks per adapter (default learning.eval_tasks)
  --seed K       which held-out tasks (default learning.eval_seed)
  --json         one JSON object: suite, seed, tasks, evaluations[], comparisons[]; each evaluation has
                 adapter, success_rate, successes, tasks, interval [lo, hi], lucky, by_dataset

Options: --config PATH, --address HOST:PORT, --namespace NAME`;
const FLAGS = {
    suite: { type: 'string' },
    adapter: { type: 'string', multiple: true },
    tasks: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    config: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
/** Failure types that are the operator's input, not the run: exit 2 like any usage error. */
const USAGE_FAILURES = ['UsageError', 'RolloutBadInputError', 'ConfigError'];
export async function evalCommand(argv) {
    const { values, positionals } = parseFlags('agi-core eval', argv, FLAGS, true);
    if (values.help) {
        process.stdout.write(EVAL_HELP + '\n');
        return EXIT.ok;
    }
    noExtraArguments('agi-core eval', positionals);
    const config = loadConfig(values.config);
    const suite = values.suite ?? config.learning.eval_suite;
    if (!suite)
        throw new UsageError('no suite: pass --suite reasoning-gym:NAME[,NAME…] or python:package.module:factory, or set learning.eval_suite (docs/suites.md)');
    const tasks = parseNonNegativeInt('--tasks', values.tasks) ?? config.learning.eval_tasks;
    if (tasks === 0)
        throw new UsageError('--tasks must be at least 1');
    const input = {
        suite,
        tasks,
        seed: parseNonNegativeInt('--seed', values.seed) ?? config.learning.eval_seed,
        adapters: values.adapter ?? ['active'],
    };
    const checked = EvalInputSchema.safeParse(input);
    if (!checked.success) {
        const issue = checked.error.issues[0];
        const flag = {
            suite: values.suite ? '--suite' : 'learning.eval_suite',
            adapters: '--adapter',
            tasks: '--tasks',
        }[String(issue.path[0])];
        throw new UsageError(`${flag ?? String(issue.path[0])}: ${issue.message}`);
    }
    const stack = await openStack(config, {
        address: values.address,
        namespace: values.namespace,
        workers: 'if-missing',
        log: (l) => process.stderr.write(l + '\n'),
    });
    try {
        const workflowId = `eval-${new Date().toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
        const handle = await stack.client.workflow.start('EvalWorkflow', {
            workflowId,
            taskQueue: config.temporal.task_queues.learning,
            args: [checked.data],
        });
        process.stderr.write(`agi-core eval: started ${workflowId}: ${input.adapters.join(', ')} on ${tasks} held-out tasks of ${suite} (seed ${input.seed})\n`);
        let result;
        try {
            result = await handle.result();
        }
        catch (err) {
            if (err instanceof WorkflowFailedError) {
                const type = failureType(err);
                // The suite is loaded where the GPU workers are: its refusal comes back here, named by what chose it.
                if (type === 'RolloutBadInputError')
                    throw new UsageError(`${values.suite ? '--suite' : 'learning.eval_suite'} ${suite}: ${rootMessage(err)}`);
                if (type && USAGE_FAILURES.includes(type))
                    throw new UsageError(rootMessage(err));
                process.stderr.write(`agi-core eval: ${rootMessage(err)}\n`);
                return EXIT.failed;
            }
            throw err;
        }
        process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : describeResult(result));
        return EXIT.ok;
    }
    finally {
        await stack.close();
    }
}
function failureType(err) {
    let e = err;
    while (e && typeof e === 'object') {
        const type = e.type;
        if (typeof type === 'string')
            return type;
        e = e.cause;
    }
    return undefined;
}
const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
function scoreLine(name, s) {
    const ci = s.interval ? `[${pct(s.interval[0])}, ${pct(s.interval[1])}]` : '';
    return `${name.padEnd(24)} ${pct(s.success_rate).padStart(6)}  ${String(s.successes).padStart(5)}/${String(s.tasks).padEnd(5)} ${ci}`;
}
/** The table a person reads; --json has the same numbers. */
export function describeResult(result) {
    const lines = [`suite ${result.suite}, seed ${result.seed}, ${result.tasks} held-out tasks per adapter`];
    for (const e of result.evaluations) {
        lines.push('', scoreLine(e.adapter, e) + (e.lucky ? `  (${e.lucky} lucky)` : ''));
        for (const [name, d] of Object.entries(e.by_dataset))
            lines.push('  ' + scoreLine(name, d));
    }
    for (const c of result.comparisons) {
        lines.push('', `${c.b} vs ${c.a}: ${c.only_b} tasks only ${c.b} solved, ${c.only_a} only ${c.a}; p = ${c.p_value.toPrecision(3)} (equal), ${c.p_b_better.toPrecision(3)} (${c.b} better)`);
    }
    return lines.join('\n') + '\n';
}
//# sourceMappingURL=eval-command.js.map