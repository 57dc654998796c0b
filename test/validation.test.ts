import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../src/errors';
import { fieldErrorsOf, hasControlCharacters, parseInput } from '../src/services/validation';

const schema = z.object({
  name: z.string().min(1, 'must not be empty'),
  tags: z.array(z.string().max(3, 'must be at most 3 characters')),
});

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a', tags: ['ok'] })).toEqual({ name: 'a', tags: ['ok'] });
  });

  it('throws one BAD_USER_INPUT listing every bad field at its dotted path', () => {
    const error = thrown(() => parseInput(schema, { name: '', tags: ['ok', 'long'] }, 'Invalid thing'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Invalid thing: name must not be empty; tags.1 must be at most 3 characters',
      details: {
        fields: [
          { path: 'name', message: 'must not be empty' },
          { path: 'tags.1', message: 'must be at most 3 characters' },
        ],
      },
    });
  });

  it('says "Invalid input" unless told otherwise', () => {
    expect(thrown(() => parseInput(schema, { name: 'a', tags: ['long'] }))).toMatchObject({
      message: 'Invalid input: tags.0 must be at most 3 characters',
    });
  });
});

describe('fieldErrorsOf', () => {
  it('puts the paths under a prefix', () => {
    const result = schema.safeParse({ name: '', tags: [] });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(fieldErrorsOf(result.error, 'brief')).toEqual([{ path: 'brief.name', message: 'must not be empty' }]);
    }
  });
});

describe('hasControlCharacters', () => {
  it('finds control characters but not tabs and newlines', () => {
    for (const bad of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f']) {
      expect(hasControlCharacters(`a${bad}b`), JSON.stringify(bad)).toBe(true);
    }
    expect(hasControlCharacters('a\tb\nc\r\nd')).toBe(false);
  });
});
