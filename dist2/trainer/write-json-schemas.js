import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderJsonSchema, TRAINER_SCHEMAS_DIR, trainerJsonSchemas } from './json-schemas.js';
// Writes the trainer's JSON Schemas (src/trainer/json-schemas.ts): npx tsx src/trainer/write-json-schemas.ts
for (const [name, schema] of Object.entries(trainerJsonSchemas())) {
    writeFileSync(path.join(TRAINER_SCHEMAS_DIR, name), renderJsonSchema(schema));
    process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(TRAINER_SCHEMAS_DIR, name))}\n`);
}
//# sourceMappingURL=write-json-schemas.js.map