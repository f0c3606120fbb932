import type { ReactNode } from 'react';

interface FormFieldProps {
  id: string;
  label: string;
  /** The server's words about this field, shown right under it. */
  error?: string | null;
  hint?: string;
  /** The control; give it `{...describedBy(id, hint, error)}`. */
  children: ReactNode;
}

/** The ids a control should be described by, and whether it is marked invalid. */
export function describedBy(
  id: string,
  hint: string | undefined,
  error: string | null | undefined,
) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return {
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
    'aria-invalid': error ? (true as const) : undefined,
  };
}

/** A labelled field with its hint and, when the server refused it, the reason beside it. */
export function FormField({ id, label, error, hint, children }: FormFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
