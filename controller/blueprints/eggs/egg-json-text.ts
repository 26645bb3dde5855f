import { AppError } from '../../../contracts/index.ts';

/**
 * PTDL eggs keep `config.files`, `config.startup` and `config.logs` as JSON *text* inside the
 * JSON; Pelican's may hold the objects themselves. Either way the object; text that does not
 * parse is the egg's fault, so a 422 naming the field.
 */
export function jsonTextOrObject(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value ?? null;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new AppError('VALIDATION_ERROR', 'The egg is malformed', { [field]: `is not valid JSON text (${(error as Error).message})` });
  }
}
