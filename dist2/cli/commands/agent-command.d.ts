import { type Config } from '../../config/load-config.js';
export declare const AGENT_HELP = "Usage: agi-core agent run [--suite S] --episodes N [--temperature T] [--seed K]\n\nThe reference agent: acts on training tasks of a suite with the active adapter (config/overrides.yaml; the\nbase model when none) and appends one record per episode to learning.dataset_path through LearningPipeline:\nthe seed's fields, success from the suite's checker (a lucky answer the tools did not produce is not a\nsuccess), the exact chat as messages and tools, and the adapter that acted as `adapter`. Before each batch of\nlearning.rollout.batch_size episodes it reads overrides.yaml again, so an adapter activated or rolled back\nmeanwhile acts from the next batch on. An active adapter whose folder is missing or broken is not loaded: the\nagent acts with the base model, says so on stderr and stamps `adapter: base` with `adapter_fallback`.\n\n  --suite S        reasoning-gym:NAME[,NAME\u2026] or python:package.module:factory (default learning.eval_suite)\n  --episodes N     how many episodes (tasks) to act on\n  --temperature T  sampling temperature (default 0: greedy, deterministic)\n  --seed K         which training tasks (default: a random seed, printed, so a run can be repeated)\n\nOptions: --config PATH";
/** What acts in the next batch: the active adapter if its folder is usable, else the base model and why. */
export declare function actingAdapter(config: Config): Promise<{
    name: string;
    dir: string | null;
    fallback: string | null;
}>;
export declare function agentCommand(argv: string[]): Promise<number>;
