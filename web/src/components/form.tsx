import { type ReactNode, useId } from 'react';
import { ApiError, describeError, type FieldError, fieldError, otherFieldErrors } from '../api/errors';

interface FieldProps {
  label: string;
  /** The API's name for the field: a BAD_USER_INPUT error whose path ends with it is shown under the field. */
  name: string;
  error?: unknown;
  hint?: ReactNode;
  required?: boolean;
}

function fieldsOf(error: unknown): FieldError[] {
  return error instanceof ApiError ? error.fields : [];
}

function FieldFrame({
  id,
  label,
  hint,
  message,
  required,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  message?: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={message ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {message ? (
        <p className="field-error" id={`${id}-error`}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, message: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField({
  label,
  name,
  error,
  hint,
  required,
  value,
  onChange,
  multiline = false,
  type = 'text',
  ...rest
}: FieldProps & {
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  type?: string;
  placeholder?: string;
  maxLength?: number;
  autoComplete?: string;
  min?: string;
  max?: string;
  step?: string;
  rows?: number;
  inputMode?: 'text' | 'numeric' | 'decimal';
}) {
  const id = useId();
  const message = fieldError(fieldsOf(error), name);
  const common = {
    id,
    name,
    value,
    required,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy(id, hint, message),
  };
  return (
    <FieldFrame id={id} label={label} hint={hint} message={message} required={required}>
      {multiline ? (
        <textarea {...common} {...rest} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} {...rest} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  required,
  value,
  onChange,
  options,
}: FieldProps & {
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
}) {
  const id = useId();
  const message = fieldError(fieldsOf(error), name);
  return (
    <FieldFrame id={id} label={label} hint={hint} message={message} required={required}>
      <select
        id={id}
        name={name}
        value={value}
        required={required}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(id, hint, message)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * The error of a form as a whole: the message, and every field error that no field of the form showed
 * (`shown` lists the names the form's fields carry).
 */
export function FormError({ error, shown = [] }: { error: unknown; shown?: readonly string[] }) {
  if (!error) return null;
  const rest = otherFieldErrors(fieldsOf(error), shown);
  return (
    <div className="form-error" role="alert">
      <p>
        {error instanceof ApiError && error.code === 'BAD_USER_INPUT'
          ? 'Please check the marked fields.'
          : describeError(error)}
      </p>
      {rest.length > 0 ? (
        <ul>
          {rest.map((f) => (
            <li key={`${f.path}:${f.message}`}>
              <code>{f.path}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
