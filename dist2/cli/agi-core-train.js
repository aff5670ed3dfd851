#!/usr/bin/env node
import { runMain } from './main.js';
import { trainCommand } from './train-command.js';
runMain('agi-core-train', trainCommand);
//# sourceMappingURL=agi-core-train.js.map