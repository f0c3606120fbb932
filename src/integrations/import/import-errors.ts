/**
 * File-level failures of Guild's importers: problems that stop a whole file (no header, a
 * corrupt gzip stream, too many malformed rows). Row-level problems never throw; they travel as
 * malformed rows and row errors so the rest of the file still imports.
 */

/** Stable codes for file-level import failures; the CLI and the job status branch on these. */
export type ImportFileErrorCode =
  | 'empty_file'
  | 'corrupt_gzip'
  | 'unsupported_format'
  | 'bad_header'
  | 'duplicate_column'
  | 'missing_columns'
  | 'too_many_malformed_rows'
  | 'already_consumed';

/** A failure that stops reading the whole file, with a stable code and a readable message. */
export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode;

  constructor(code: ImportFileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportFileError';
    this.code = code;
  }
}
