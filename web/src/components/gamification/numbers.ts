/**
 * Whole numbers typed into a form: an empty field is null (no value, e.g. unlimited), a whole
 * number is that number, anything else is NaN, which the form reports beside the field (the
 * page does not guess what the member meant).
 */
export function wholeOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A decimal number typed into a form, or null when the field is empty. */
export function decimalOrNull(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') {
    return null;
  }
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A number shown in a text field; null is an empty field. */
export function fieldText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The problems of typed numbers, by field: "required" for an empty required field, "number"
 * for text that is not a number. The caller turns them into words.
 */
export function numberProblems(
  fields: Record<string, { value: number | null; required?: boolean }>,
): Record<string, 'required' | 'number'> {
  const problems: Record<string, 'required' | 'number'> = {};
  for (const [field, { value, required }] of Object.entries(fields)) {
    if (value === null && required) {
      problems[field] = 'required';
    } else if (value !== null && Number.isNaN(value)) {
      problems[field] = 'number';
    }
  }
  return problems;
}
