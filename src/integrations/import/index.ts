/**
 * Guild's importers, database-independent half: files in, typed and validated records out.
 * The writer that stores the records consumes this module's API.
 */
export * from './import-errors.js';
export * from './import-reader.js';
export type { TextEncodingName } from './text-decoding.js';
export * from './values.js';
export * from './mapping.js';
export * from './presets.js';
export * from './mapping-file.js';
export * from './error-report.js';
export * from './retail-figures.js';
export * from './customer-activity.js';
export * from './fingerprint.js';
