import { Init1764201600000 } from './1764201600000-init.js';
import { Orgs1764201700000 } from './1764201700000-orgs.js';
import { People1764201800000 } from './1764201800000-people.js';
import { Users1764201900000 } from './1764201900000-users.js';
import { Cases1764203000000 } from './1764203000000-cases.js';
import { Notifications1764205000000 } from './1764205000000-notifications.js';
import { Audit1764204000000 } from './1764204000000-audit.js';
import { Compliance1764206000000 } from './1764206000000-compliance.js';
import { Imports1764207000000 } from './1764207000000-imports.js';
import { CaseListIndex1764208000000 } from './1764208000000-case-list-index.js';
import { EventCorrections1767000000008 } from './1767000000008-event-corrections.js';
import { EditionTrueTimers1767100000004 } from './1767100000004-edition-true-timers.js';
import { DossierDocuments1767200000007 } from './1767200000007-dossier-documents.js';
import { SsoMfa1767300000010 } from './1767300000010-sso-mfa.js';
import { ScopeKey1767400000012 } from './1767400000012-scope-key.js';
import { ScopeKeyPlpgsql1767400000112 } from './1767400000112-scope-key-plpgsql.js';
import { ReportFactsListIndexes1767400000220 } from './1767400000220-report-facts-list-indexes.js';
import { AuditOutbox1767500000330 } from './1767500000330-audit-outbox.js';
import { ReportDecisionFacts1767600000110 } from './1767600000110-report-decision-facts.js';

/**
 * Every migration, in order, as classes (not globs) so tests and dist/ load alike.
 * Never edit a merged migration: add a new one.
 */
export const MIGRATIONS = [Init1764201600000, Orgs1764201700000, People1764201800000, Users1764201900000, Cases1764203000000, Audit1764204000000, Notifications1764205000000, Compliance1764206000000, Imports1764207000000, CaseListIndex1764208000000, EventCorrections1767000000008, EditionTrueTimers1767100000004, DossierDocuments1767200000007, SsoMfa1767300000010, ScopeKey1767400000012, ScopeKeyPlpgsql1767400000112, ReportFactsListIndexes1767400000220, AuditOutbox1767500000330, ReportDecisionFacts1767600000110];
