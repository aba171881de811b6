import { describe, expect, it } from '@jest/globals';
import { type AnyStateNode } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import { admissionMachine } from './admission.machine.js';
import { type AdmissionInput } from './admission.types.js';
import { failedVotes } from './record-event.js';
import { type CaseSnapshot, stageAccepts } from './case-engine.js';
import { input, university } from './testing/case.fixture.js';
import { sampleEvents } from './testing/sample-events.js';

type Snap = ReturnType<typeof admissionMachine.resolveState>;

/**
 * Only the stage and a few coarse flags, each kept only where it can change the next transition:
 * the context grows forever, the graph must not.
 */
function serializeState(s: Snap): string {
  const f = s.context.facts;
  const e = f.evidence;
  const v = JSON.stringify(s.value);
  const inDossier = /sympathiser|dossier|identified|awaitingCellVote/.test(v);
  const inRecognition = v.includes('recognition') || v.includes('probation');
  return JSON.stringify({
    v: s.value,
    ...(inDossier
      ? {
          cert: e.awarenessCert !== undefined,
          app: e.applicationOn !== undefined,
          decl: e.declarationOn !== undefined,
          requested: e.checks.length,
          answered: e.checks.filter((c) => c.answeredOn).length,
          certified: e.backgroundCertified !== undefined,
          introducers: Math.min(e.introducers.filter((i) => i.active).length, 2),
          opinions: e.opinions !== undefined,
        }
      : {}),
    ...(v.includes('candidacy') ? { lastFailed: f.votes.at(-1)?.carried === false } : {}),
    ...(/awaitingBaseVote|subBaseAppraisal|awaitingDecision|decided/.test(v) && !inRecognition
      ? {
          cellRes: e.cellResolution !== undefined,
          subBase: e.subBaseReportOn !== undefined,
          baseRes: e.baseResolution !== undefined,
          transfer: f.transfers.at(-1)?.clause ?? null,
          forwarded: f.transfers.at(-1)?.dossierReceivedOn !== undefined,
          helper: e.helpers.some((h) => !h.leftOn),
        }
      : {}),
    ...(inRecognition
      ? {
          cellFails: failedVotes(f, 'CELL', 'recognition'),
          baseFails: failedVotes(f, 'BASE', 'recognition'),
          motion: e.recognitionMotion ?? null,
          escalated: e.recognitionEscalated === true,
          course: e.newMemberCert !== undefined,
          review: e.selfReviewOn !== undefined,
          recOpinions: e.recognitionOpinionsOn !== undefined,
          assessed: e.helpers.some((h) => h.stage === 'probation' && h.assessmentOn),
        }
      : {}),
    ...(v.includes('removed') ? { complaint: e.complaint !== undefined } : {}),
  });
}

/** Recording-only events that change no stage: they only multiply the vertices. */
const NO_NEW_STATES = new Set(['helper.assigned', 'consent.provinceRecorded', 'ceremony.lateConsentRecorded', 'dossier.renewed', 'introducer.replaced', 'memberRecord.filed']);

const toCase = (s: Snap): CaseSnapshot => ({ machineVersion: 1, status: s.status === 'done' ? 'done' : 'active', value: s.value, context: s.context });

const nodeId = (n: AnyStateNode) => n.id;

function reachedNodeIds(org: AdmissionInput['organisation']): Set<string> {
  const paths = getShortestPaths(admissionMachine, {
    input: input({ organisation: org }),
    events: (s) => sampleEvents(s.context),
    serializeState: (s) => serializeState(s as Snap),
    // Events the stage has no transition for would only add no-op edges.
    filterEvents: (s, e) => !NO_NEW_STATES.has(e.type) && stageAccepts(toCase(s as Snap), e.type),
    limit: 300_000,
  });
  const ids = new Set<string>();
  for (const p of paths) {
    for (const step of [...p.steps, { state: p.state }]) {
      for (const id of Object.keys((step.state as Snap).getMeta())) ids.add(id);
      // getMeta only lists nodes with meta: add every active node by walking the value.
      collect(step.state as Snap, ids);
    }
  }
  return ids;
}

function collect(s: Snap, ids: Set<string>): void {
  const walk = (node: AnyStateNode, value: unknown) => {
    ids.add(node.id);
    if (typeof value === 'string') ids.add(node.states[value]!.id);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(node.states[k]!, v);
  };
  walk(admissionMachine.root, s.value);
}

describe('admission statechart paths (xstate/graph)', () => {
  const variants = {
    plain: university,
    withSubBase: { ...university, hasSubBase: true },
    baseCell: { ...university, isBaseCell: true },
  };
  const reached = new Set<string>();
  for (const org of Object.values(variants)) for (const id of reachedNodeIds(org)) reached.add(id);

  it('reaches every stable state of the machine', () => {
    const transient = (n: AnyStateNode) => n.key === 'cellResolved';
    const all = getStateNodes(admissionMachine.root).filter((n) => !transient(n)).map(nodeId);
    const missing = all.filter((id) => !reached.has(id));
    expect(missing).toEqual([]);
  });

  it('reaches every final state', () => {
    const finals = getStateNodes(admissionMachine.root).filter((n) => n.type === 'final').map(nodeId);
    expect(finals.length).toBeGreaterThanOrEqual(6);
    for (const id of finals) expect(reached).toContain(id);
  });
});
