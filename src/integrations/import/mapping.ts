/**
 * The mapping model of Guild's importers: a preset is a declarative table of target fields,
 * each naming the source column(s) it reads, the parser for its values and whether it is
 * required, plus a `build` step that derives the typed record from the parsed values.
 */
import type { RawRecord } from './import-reader.js';
import type { ParseResult, ValueParser } from './values.js';

/** One target field: where its value comes from, how it is parsed, whether it must be there. */
export interface FieldSpec<T, R extends boolean = boolean> {
  /** Candidate source columns, in order; the first with a non-empty value is used. */
  readonly columns: readonly string[];
  readonly parse: ValueParser<T>;
  readonly required: R;
}

/** A table of target fields. */
export type FieldTable = Readonly<Record<string, FieldSpec<unknown>>>;

/** The parsed values of a table: required fields are always set, optional ones may be null. */
export type ParsedFields<F extends FieldTable> = {
  [K in keyof F]: F[K] extends FieldSpec<infer T, true>
    ? T
    : F[K] extends FieldSpec<infer T, false>
      ? T | null
      : never;
};

/** A problem with one value, before the line number is known. */
export interface FieldProblem {
  column: string;
  value: string;
  reason: string;
}

/** One row-level error, as the error report lists it. */
export interface RowError extends FieldProblem {
  line: number;
}

/** What a preset's build step returns. */
export type BuildResult<R> = { ok: true; record: R } | { ok: false; problems: FieldProblem[] };

/** A mapping from raw fields to one kind of typed record. */
export interface Preset<F extends FieldTable = FieldTable, R = unknown> {
  readonly name: string;
  readonly fields: F;
  /** Derives the record from the parsed values of one row. */
  build(values: ParsedFields<F>, line: number): BuildResult<R>;
}

/** The outcome of mapping one raw record. */
export type MapResult<R> = { ok: true; record: R } | { ok: false; errors: RowError[] };

/** What `bindPreset` found out about a file's columns. */
export interface BoundPreset<F extends FieldTable, R> {
  preset: Preset<F, R>;
  /** Required target fields none of whose columns the file has. */
  missingRequired: string[];
  /** File columns that no target field reads. */
  unmapped: string[];
}

/** A required target field reading `columns` with `parse`. */
export function required<T>(
  columns: string | readonly string[],
  parse: ValueParser<T>,
): FieldSpec<T, true> {
  return { columns: typeof columns === 'string' ? [columns] : columns, parse, required: true };
}

/** An optional target field reading `columns` with `parse`; empty or absent gives null. */
export function optional<T>(
  columns: string | readonly string[],
  parse: ValueParser<T>,
): FieldSpec<T, false> {
  return { columns: typeof columns === 'string' ? [columns] : columns, parse, required: false };
}

/** Maps one raw record to a typed record, or to every problem found in it. */
export function mapRecord<F extends FieldTable, R>(
  preset: Preset<F, R>,
  raw: RawRecord,
): MapResult<R> {
  const values: Record<string, unknown> = {};
  const errors: RowError[] = [];

  for (const [target, spec] of entriesOf(preset.fields)) {
    const parsed = parseField(spec, raw.fields);

    if (parsed.ok) {
      values[target] = parsed.value;
    } else {
      errors.push({ line: raw.line, ...parsed.problem });
    }
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }

  return finish(preset.build(values as ParsedFields<F>, raw.line), raw.line);
}

const entryCache = new WeakMap<FieldTable, [string, FieldSpec<unknown>][]>();

function entriesOf(fields: FieldTable): [string, FieldSpec<unknown>][] {
  let entries = entryCache.get(fields);

  if (entries === undefined) {
    entries = Object.entries(fields);
    entryCache.set(fields, entries);
  }

  return entries;
}

function finish<R>(built: BuildResult<R>, line: number): MapResult<R> {
  if (built.ok) {
    return built;
  }

  return { ok: false, errors: built.problems.map((problem) => ({ line, ...problem })) };
}

function parseField(
  spec: FieldSpec<unknown>,
  fields: Record<string, string>,
): { ok: true; value: unknown } | { ok: false; problem: FieldProblem } {
  const picked = pickValue(spec.columns, fields);

  if (picked.text === null) {
    return spec.required ? { ok: false, problem: missing(spec, picked) } : nullValue;
  }

  const parsed: ParseResult<unknown> = spec.parse(picked.text);
  if (parsed.ok) {
    return parsed;
  }

  return {
    ok: false,
    problem: { column: picked.column, value: picked.text, reason: parsed.reason },
  };
}

const nullValue = { ok: true, value: null } as const;

interface PickedValue {
  column: string;
  text: string | null;
  /** Whether none of the candidate columns exists in the record. */
  absent: boolean;
}

function pickValue(columns: readonly string[], fields: Record<string, string>): PickedValue {
  let present: string | null = null;

  for (const column of columns) {
    const value = fields[column];
    if (value === undefined) {
      continue;
    }
    const text = value.trim();
    if (text.length > 0) {
      return { column, text, absent: false };
    }
    present ??= column;
  }

  return { column: present ?? columns[0] ?? '', text: null, absent: present === null };
}

function missing(spec: FieldSpec<unknown>, picked: PickedValue): FieldProblem {
  const reason = picked.absent
    ? `the column is missing (looked for ${spec.columns.join(', ')})`
    : 'a value is required';

  return { column: picked.column, value: '', reason };
}

/**
 * Fits a preset to a file's header: each candidate column is matched to the file's column of
 * the same name ignoring case, spaces, `_`, `-` and `.` (so `first_name` reads `First Name`).
 * Reports required fields the file cannot fill and columns nothing reads.
 */
export function bindPreset<F extends FieldTable, R>(
  preset: Preset<F, R>,
  headers: readonly string[],
): BoundPreset<F, R> {
  const byKey = new Map(headers.map((header) => [columnKey(header), header]));
  const used = new Set<string>();
  const missingRequired: string[] = [];
  const columns: Record<string, readonly string[]> = {};

  for (const [target, spec] of Object.entries(preset.fields)) {
    const matched = spec.columns.flatMap((column) => byKey.get(columnKey(column)) ?? []);
    matched.forEach((header) => used.add(header));
    if (matched.length === 0 && spec.required) {
      missingRequired.push(target);
    }
    columns[target] = matched.length > 0 ? matched : spec.columns;
  }

  const unmapped = headers.filter((header) => !used.has(header));

  return { preset: withColumns(preset, columns), missingRequired, unmapped };
}

/** A copy of `preset` whose target fields read the given columns instead. */
export function withColumns<F extends FieldTable, R>(
  preset: Preset<F, R>,
  columns: Readonly<Record<string, readonly string[]>>,
): Preset<F, R> {
  const fields: Record<string, FieldSpec<unknown>> = {};

  for (const [target, spec] of Object.entries(preset.fields)) {
    fields[target] = { ...spec, columns: columns[target] ?? spec.columns };
  }

  return {
    name: preset.name,
    fields: fields as F,
    build: (values, line) => preset.build(values, line),
  };
}

/** The form in which column names are compared: lower case, without spaces, `_`, `-` or `.`. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}
