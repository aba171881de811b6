import type { ImportKind } from './formats.js';

/** One problem with the file: where (row, line, field) and what, Vietnamese first. */
export interface ImportIssue {
  /** Spreadsheet row (the header is row 1, the first data row is 2); for JSON lines, the line. Null: the whole file. */
  row: number | null;
  /** Physical line in the file where the row starts (differs from `row` when quoted fields span lines). */
  line: number | null;
  /** Canonical field name (`birth_date`, `evidence.cellResolution.for`); null when the row or file as a whole is wrong. */
  field: string | null;
  /** The header as written in the file, when it differs from the canonical name. */
  column?: string;
  code: ImportIssueCode;
  vi: string;
  en: string;
}

export type ImportIssueCode =
  | 'IMPORTS.SYNTAX'
  | 'IMPORTS.HEADER'
  | 'IMPORTS.REQUIRED'
  | 'IMPORTS.INVALID'
  | 'IMPORTS.NOT_FOUND'
  | 'IMPORTS.OUT_OF_SCOPE'
  | 'IMPORTS.CONFLICT'
  | 'IMPORTS.TOO_LARGE'
  | 'IMPORTS.REFUSED';

export interface ImportCounts {
  /** Data rows (or JSON lines) read. */
  rows: number;
  /** Rows that stored something new. */
  created: number;
  /** Rows already present with the same values (a re-run). */
  unchanged: number;
  /** Rows with an issue. */
  invalid: number;
}

/** An imported case, as the report lists it. */
export interface ImportedCaseEntry {
  row: number;
  source: string;
  externalId: string;
  caseId: string | null;
  outcome: 'created' | 'unchanged' | 'failed';
  stage?: string;
  /** Rules found broken by the audit of the imported history (violations opened). */
  violations?: string[];
}

export interface ImportReport {
  kind: ImportKind;
  /**
   * `done`: everything stored (or already there). `rejected`: the file has issues and NOTHING was
   * stored (organisations, members, memberships; cases when a line is invalid). For cases a line
   * refused by the engine after validation is listed with outcome `failed`; the others are stored.
   */
  status: 'done' | 'rejected';
  counts: ImportCounts;
  issues: ImportIssue[];
  /** Issues beyond the first MAX_REPORTED_ISSUES are counted, not listed. */
  issuesNotListed: number;
  cases?: ImportedCaseEntry[];
}

/** Who runs the import: the user (null from the CLI) and the subtrees they may write in (null: everywhere). */
export interface ImportActor {
  userId: string | null;
  scopeRoots: readonly string[] | null;
}

export type ProgressListener = (done: number, total: number) => void | Promise<void>;

export const MAX_REPORTED_ISSUES = 1000;
/** Rows (or lines) in one file. */
export const MAX_ROWS = 100_000;
/** Bytes in one file (the API accepts this much as a text body). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
