import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../shared/errors.js';

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors that point at --help. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(
      `${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}; see ${command} --help`,
    );
  }
}

export function parseNonNegativeInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}
