/**
 * Mapping files for Guild's importers: a JSON file that adapts a built-in preset to one
 * retailer's export by renaming columns and setting number, date and reader options.
 *
 * ```json
 * {
 *   "preset": "customers",
 *   "columns": { "externalId": "Kundennummer", "email": ["E-Mail", "Email"] },
 *   "options": { "locale": "de-DE", "dateOrder": "dmy", "timeZone": "Europe/Berlin" },
 *   "reader": { "format": "csv", "delimiter": ";", "encoding": "windows-1252" }
 * }
 * ```
 *
 * Every problem is collected and reported at once, each prefixed with where it is.
 */
import { readFile } from 'node:fs/promises';
import type { ReaderOptions } from './import-reader.js';
import { withColumns } from './mapping.js';
import {
  PRESET_NAMES,
  checkPresetOptions,
  getPreset,
  type AnyPreset,
  type PresetName,
  type PresetOptions,
} from './presets.js';

/** A mapping file, checked and ready to use. */
export interface LoadedMapping {
  preset: AnyPreset;
  reader: ReaderOptions;
}

/** A mapping file that cannot be used; `problems` lists every reason. */
export class MappingFileError extends Error {
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`${source} is not a valid mapping file:\n- ${problems.join('\n- ')}`);
    this.name = 'MappingFileError';
    this.problems = problems;
  }
}

const TOP_LEVEL_KEYS = ['preset', 'columns', 'options', 'reader'];
const OPTION_KEYS = ['locale', 'dateOrder', 'timeZone', 'currency', 'excelEpoch'];
const READER_CHOICES: Record<string, readonly string[]> = {
  format: ['auto', 'csv', 'ndjson'],
  encoding: ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'],
  delimiter: ['auto', ',', ';', '\t', '|'],
};

/** Reads and checks the mapping file at `path`. */
export async function loadMappingFile(path: string): Promise<LoadedMapping> {
  const text = await readFile(path, 'utf8');

  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new MappingFileError(path, [`it is not valid JSON (${(error as Error).message})`]);
  }

  return parseMappingFile(json, path);
}

/** Checks an already parsed mapping file; `source` names it in error messages. */
export function parseMappingFile(json: unknown, source = 'the mapping'): LoadedMapping {
  if (!isObject(json)) {
    throw new MappingFileError(source, ['it must be a JSON object']);
  }

  const problems = unknownKeys(json, TOP_LEVEL_KEYS, '');
  const name = checkPresetName(json.preset, problems);
  const options = checkOptions(json.options, problems);
  const reader = checkReader(json.reader, problems);
  const preset = name === null ? null : presetOrProblem(name, options, problems);
  const columns = preset === null ? {} : checkColumns(json.columns, preset, problems);

  if (problems.length > 0 || preset === null) {
    throw new MappingFileError(source, problems);
  }

  return { preset: withColumns(preset, columns), reader };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(object: Record<string, unknown>, allowed: string[], where: string): string[] {
  return Object.keys(object)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${where}${key}: unknown key (allowed: ${allowed.join(', ')})`);
}

function checkPresetName(value: unknown, problems: string[]): PresetName | null {
  if (typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value)) {
    return value as PresetName;
  }

  problems.push(`preset: must be one of ${PRESET_NAMES.join(', ')}`);

  return null;
}

function checkOptions(value: unknown, problems: string[]): PresetOptions {
  if (value === undefined) {
    return {};
  }
  if (!isObject(value)) {
    problems.push('options: must be an object');
    return {};
  }

  problems.push(...unknownKeys(value, OPTION_KEYS, 'options.'));
  const options = value as PresetOptions;
  const found = checkPresetOptions(options).map((problem) => `options.${problem}`);
  problems.push(...found);

  return found.length > 0 ? {} : options;
}

function checkReader(value: unknown, problems: string[]): ReaderOptions {
  if (value === undefined) {
    return {};
  }
  if (!isObject(value)) {
    problems.push('reader: must be an object');
    return {};
  }

  problems.push(...unknownKeys(value, Object.keys(READER_CHOICES), 'reader.'));
  const reader: Record<string, string> = {};

  for (const [key, choices] of Object.entries(READER_CHOICES)) {
    const choice = value[key];
    if (typeof choice === 'string' && choices.includes(choice)) {
      reader[key] = choice;
    } else if (choice !== undefined) {
      const allowed = choices.map((c) => JSON.stringify(c)).join(', ');
      problems.push(`reader.${key}: must be one of ${allowed}`);
    }
  }

  return reader;
}

function presetOrProblem(
  name: PresetName,
  options: PresetOptions,
  problems: string[],
): AnyPreset | null {
  try {
    return getPreset(name, options);
  } catch (error) {
    problems.push(`options: ${(error as Error).message}`);
    return null;
  }
}

function checkColumns(
  value: unknown,
  preset: AnyPreset,
  problems: string[],
): Record<string, readonly string[]> {
  if (value === undefined) {
    return {};
  }
  if (!isObject(value)) {
    problems.push('columns: must be an object of field name to column name(s)');
    return {};
  }

  const targets = Object.keys(preset.fields);
  const columns: Record<string, readonly string[]> = {};

  for (const [target, names] of Object.entries(value)) {
    const checked = checkColumnNames(target, names, targets, preset.name, problems);
    if (checked !== null) {
      columns[target] = checked;
    }
  }

  return columns;
}

function checkColumnNames(
  target: string,
  names: unknown,
  targets: string[],
  presetName: string,
  problems: string[],
): string[] | null {
  if (!targets.includes(target)) {
    problems.push(
      `columns.${target}: not a field of ${presetName} (fields: ${targets.join(', ')})`,
    );
    return null;
  }

  const list = typeof names === 'string' ? [names] : names;
  const valid =
    Array.isArray(list) &&
    list.length > 0 &&
    list.every((name) => typeof name === 'string' && name.trim().length > 0);

  if (!valid) {
    problems.push(`columns.${target}: must be a column name or a non-empty list of column names`);
    return null;
  }

  return (list as string[]).map((name) => name.trim());
}
