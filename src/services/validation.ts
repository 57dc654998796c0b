import { z } from 'zod';
import { AppError, type FieldError } from '../errors';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';

/** Control characters other than tab and newlines have no place in copy; NUL cannot even be stored. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** A string without control characters (checked before any trimming, so none hides at the ends). */
export function plainString() {
  return z.string().refine((value) => !hasControlCharacters(value), CONTROL_CHARACTERS_MESSAGE);
}

/** A zod error's issues as BAD_USER_INPUT fields, with paths dotted from the argument (`brief.features.2`). */
export function fieldErrorsOf(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** The parsed value, or BAD_USER_INPUT (`message`: every bad field) listing each problem at its path. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  message?: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw AppError.badInput(fieldErrorsOf(result.error), message);
  return result.data;
}
