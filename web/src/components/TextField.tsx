interface TextFieldProps {
  id: string;
  label: string;
  type: 'text' | 'email' | 'password' | 'date';
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
}

/** A labelled, required input with an optional hint. */
export function TextField({
  id,
  label,
  type,
  autoComplete,
  value,
  onChange,
  hint,
}: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        required
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
