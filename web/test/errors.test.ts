import { describe, expect, it } from 'vitest';
import { ApiError, describeError, fieldError, otherFieldErrors, toApiError } from '../src/api/errors';
import { permissions } from '../src/session';

describe('API errors as the dashboard shows them', () => {
  it('keeps the code and every field error of a BAD_USER_INPUT answer', () => {
    const error = toApiError([
      {
        message: 'Invalid input: brief.productName must not be empty',
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ path: 'input.brief.productName', message: 'must not be empty' }],
        },
      },
      {
        message: 'second',
        extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.name', message: 'too long' }] },
      },
    ]);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.fields).toHaveLength(2);
    expect(fieldError(error.fields, 'productName')).toBe('must not be empty');
    expect(fieldError(error.fields, 'name')).toBe('too long');
    expect(fieldError(error.fields, 'url')).toBeUndefined();
    expect(otherFieldErrors(error.fields, ['productName'])).toEqual([{ path: 'input.name', message: 'too long' }]);
  });

  it('does not take a field whose name merely ends the same (name ≠ productName)', () => {
    expect(fieldError([{ path: 'input.brief.productName', message: 'x' }], 'name')).toBeUndefined();
  });

  it('drops malformed field entries and falls back to a generic code', () => {
    const error = toApiError([{ message: '', extensions: { fields: [{ path: 1 }, null, 'x'] } }]);
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.fields).toEqual([]);
    expect(error.message).toBe('The request failed');
  });

  it('says what to do for a refused key, a limit and an unreachable server', () => {
    expect(describeError(new ApiError('x', 'UNAUTHENTICATED'))).toContain('Sign in again');
    expect(describeError(new ApiError('Rate limit reached.', 'RATE_LIMITED', [], 12))).toBe(
      'Rate limit reached. Try again in 12 s.',
    );
    expect(describeError(new TypeError('Failed to fetch'))).toContain('could not be reached');
  });
});

describe('what each role may do', () => {
  it('VIEWER reads only; EDITOR writes content and sees alerts; ADMIN also administers', () => {
    expect(permissions('VIEWER')).toEqual({ edit: false, admin: false, alerts: false });
    expect(permissions('EDITOR')).toEqual({ edit: true, admin: false, alerts: true });
    expect(permissions('ADMIN')).toEqual({ edit: true, admin: true, alerts: true });
    expect(permissions(null)).toEqual({ edit: false, admin: false, alerts: false });
  });
});
