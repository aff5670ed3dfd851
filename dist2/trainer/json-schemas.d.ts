/**
 * The zod schemas the Python trainer reads, as JSON Schemas it validates with (trainer/agi_trainer/json_schema.py):
 * one definition, two languages. Regenerate the committed files with `npx tsx src/trainer/write-json-schemas.ts`;
 * tests/unit/json-schemas.test.ts fails while they are stale.
 */
export declare const TRAINER_SCHEMAS_DIR: string;
export declare const REGENERATE_COMMAND = "npx tsx src/trainer/write-json-schemas.ts";
/** Each schema, keyed by its file name under TRAINER_SCHEMAS_DIR. */
export declare function trainerJsonSchemas(defaultsPath?: string): Record<string, object>;
/** The file's text: what is committed, byte for byte. */
export declare function renderJsonSchema(schema: object): string;
