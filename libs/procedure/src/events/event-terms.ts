// The timers of procedure.md §7: one list, owned by the deadlines module.
import { TIMER_IDS, type TimerId } from '../deadlines/timers.js';
export { TIMER_IDS, type TimerId };

export const RECORDING_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'] as const;
export type RecordingRole = (typeof RECORDING_ROLES)[number];
/** The worker sends deadline.fired; no user role can. */
export type SystemRole = 'system';

export const IMPORT_STAGES = [
  'sympathiser',
  'dossier',
  'awaitingCellVote',
  'awaitingBaseVote',
  'awaitingDecision',
  'awaitingCeremony',
  'probation',
  'recognition',
  'fullMember',
] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];

export const REDO_POINTS = [
  'application',
  'backgroundDeclaration',
  'backgroundCheck',
  'introductions',
  'opinions',
  'cellResolution',
  'subBaseAppraisal',
  'baseResolution',
  'decision',
  // A wrongful recognition with a procedural fault (QĐ294 §4.4): only the recognition steps are redone.
  'recognitionCellResolution',
  'recognitionBaseResolution',
  'recognitionDecision',
] as const;
export type RedoPoint = (typeof REDO_POINTS)[number];
