// npm run bench:train [-- --steps 30 --model ID]: runs trainer/bench/train_bench.py with the trainer's Python.
import path from 'node:path';
import { execa } from 'execa';
import { loadConfig } from '../config/load-config.js';
import { ensureTrainerPython, TRAINER_DIR } from '../trainer/venv.js';
const python = await ensureTrainerPython(loadConfig().trainer.python);
await execa(python, [path.join(TRAINER_DIR, 'bench', 'train_bench.py'), ...process.argv.slice(2)], {
    stdout: 'inherit',
    stderr: 'ignore',
    env: { PYTHONPATH: TRAINER_DIR, TOKENIZERS_PARALLELISM: 'false' },
});
//# sourceMappingURL=train-bench.js.map