// The procedure's state diagram from its Mermaid text (GET /procedure/diagram), drawn without the
// mermaid package: the states as a vertical list in path order (the order the machine defines them),
// each with the transitions that leave it, and the case's current state highlighted.
import { useI18n } from '../i18n';
import { humanize, label } from '../labels';

export interface DiagramModel {
  states: { id: string; text?: string; parent?: string; final: boolean }[];
  transitions: { from: string; to: string; label?: string }[];
  start: string[];
}

const START = '[*]';

export function parseMermaid(text: string): DiagramModel {
  const states = new Map<string, { id: string; text?: string; parent?: string; final: boolean }>();
  const transitions: DiagramModel['transitions'] = [];
  const start: string[] = [];
  const stack: string[] = [];
  const ensure = (id: string) => {
    let s = states.get(id);
    if (!s) {
      s = { id, parent: stack[stack.length - 1], final: false };
      states.set(id, s);
    }
    return s;
  };
  const node = (raw: string): string => {
    // flowchart nodes: id["text"], id(text), id{text}
    const m = /^([\w.-]+)\s*(?:\[\(?"?([^\]"]*)"?\)?\]|\("?([^)"]*)"?\)|\{"?([^}"]*)"?\})?$/.exec(raw.trim());
    if (!m) return raw.trim();
    const id = m[1];
    const s = ensure(id);
    const txt = m[2] ?? m[3] ?? m[4];
    if (txt && !s.text) s.text = txt;
    return id;
  };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/%%.*$/, '').trim();
    if (!line || /^(stateDiagram(-v2)?|flowchart|graph|direction|classDef|class |style |note |end note|click )/.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^state\s+"([^"]+)"\s+as\s+([\w.-]+)\s*(\{)?$/.exec(line))) {
      const s = ensure(m[2]);
      s.text = m[1];
      if (m[3]) stack.push(m[2]);
      continue;
    }
    if ((m = /^state\s+([\w.-]+)\s*(?:<<\w+>>)?\s*(\{)?$/.exec(line))) {
      ensure(m[1]);
      if (m[2]) stack.push(m[1]);
      continue;
    }
    if (line === '}') {
      stack.pop();
      continue;
    }
    if ((m = /^(.+?)\s*(?:-->|--\s*[^-]*?\s*-->|==>|-\.->)\s*(?:\|([^|]*)\|\s*)?([^:]+?)\s*(?::\s*(.*))?$/.exec(line))) {
      const from = m[1].trim();
      const to = m[3].trim();
      // Drop guard annotations ("cell.admissionVoted [carried]") and keep the event type.
      const lbl = (m[2] ?? m[4] ?? '').replace(/\s*\[.*\]\s*$/, '').trim() || undefined;
      if (from === START) {
        start.push(node(to));
        continue;
      }
      const f = node(from);
      if (to === START) {
        ensure(f).final = true;
        continue;
      }
      const target = node(to);
      if (!transitions.some((x) => x.from === f && x.to === target && x.label === lbl))
        transitions.push({ from: f, to: target, label: lbl });
      continue;
    }
    if ((m = /^([\w.-]+)\s*:\s*(.+)$/.exec(line))) {
      const s = ensure(m[1]);
      s.text ??= m[2];
      continue;
    }
  }
  return { states: [...states.values()], transitions, start };
}

/**
 * States in path order: the order the machine defines them (the diagram declares every state
 * before its transitions, nested states inside their parent), which follows procedure.md §3.
 */
export function orderStates(model: DiagramModel): string[] {
  if (model.states.length > 0) return model.states.map((st) => st.id);
  return orderByTransitions(model);
}

/** Breadth-first from the start states, then any left over (a diagram without declarations). */
function orderByTransitions(model: DiagramModel): string[] {
  const seen = new Set<string>();
  const queue = [...model.start];
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    for (const t of model.transitions) if (t.from === id && !seen.has(t.to)) queue.push(t.to);
  }
  for (const s of model.states) if (!seen.has(s.id)) order.push(s.id);
  return order;
}

/**
 * Names of the machine's inner states as an expert reads them in Vietnamese (the outer ones are in
 * labels.ts); keyed by "parent.state" where the same leaf means different things.
 */
const STATE_NAMES: Record<string, { vi: string; en: string }> = {
  candidacy: { vi: 'Người vào Đảng (trước quyết định)', en: 'Candidacy (before the decision)' },
  attendingCourse: { vi: 'Học lớp nhận thức về Đảng', en: 'Attending the awareness course' },
  'sympathiser.certified': { vi: 'Đã có giấy chứng nhận, chờ cho lập hồ sơ', en: 'Certified, awaiting clearance' },
  pending: { vi: 'chưa xong', en: 'pending' },
  filed: { vi: 'đã nộp', en: 'filed' },
  declared: { vi: 'đã khai', en: 'declared' },
  'verification.certified': { vi: 'đã chứng nhận', en: 'certified' },
  complete: { vi: 'đủ', en: 'complete' },
  consolidated: { vi: 'đã tổng hợp', en: 'consolidated' },
  awaitingCellVote: { vi: 'Chờ chi bộ xét, biểu quyết', en: 'Awaiting the cell vote' },
  cellResolved: { vi: 'Chi bộ đã có nghị quyết', en: 'Cell resolution passed' },
  awaitingBaseVote: { vi: 'Chờ đảng ủy cơ sở xét', en: 'Awaiting the base committee' },
  awaitingDecision: { vi: 'Chờ quyết định kết nạp', en: 'Awaiting the decision' },
  withCompetent: { vi: 'Cấp có thẩm quyền đang xét', en: 'With the competent committee' },
  inTransit: { vi: 'Hồ sơ đang chuyển (chuyển sinh hoạt)', en: 'Dossier in transit (transfer)' },
  decided: { vi: 'Đã có quyết định kết nạp', en: 'Decided' },
  awaitingReceipt: { vi: 'Chờ chi bộ nhận quyết định', en: 'Awaiting receipt by the cell' },
  membership: { vi: 'Đảng viên dự bị', en: 'Probationary membership' },
  probation: { vi: 'Trong thời gian dự bị', en: 'On probation' },
  recognition: { vi: 'Xét công nhận chính thức', en: 'Recognition' },
  preparing: { vi: 'Chuẩn bị hồ sơ công nhận', en: 'Preparing the recognition' },
  'recognition.cellResolved': { vi: 'Chi bộ đã đề nghị công nhận', en: 'Cell resolution passed' },
  'recognition.subBaseAppraisal': { vi: 'Đảng ủy bộ phận thẩm định', en: 'Sub-base appraisal' },
  'recognition.awaitingBaseVote': { vi: 'Chờ đảng ủy cơ sở xét công nhận', en: 'Awaiting the base committee' },
  'recognition.awaitingDecision': { vi: 'Chờ quyết định công nhận', en: 'Awaiting the recognition decision' },
  removed: { vi: 'Xóa tên đảng viên dự bị', en: 'Removed' },
  complaintWindow: { vi: 'Trong thời hạn khiếu nại', en: 'Complaint window' },
  complaintPending: { vi: 'Đang giải quyết khiếu nại', en: 'Complaint being resolved' },
  removedFromSympathiserList: { vi: 'Đưa ra khỏi danh sách cảm tình Đảng', en: 'Removed from the sympathiser list' },
  cancelled: { vi: 'Hủy quyết định, xóa tên', en: 'Decision cancelled' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

/** `eventName` names a transition's event (from GET /procedure/events) when the page has them. */
export function Diagram({
  mermaid,
  current,
  eventName,
}: {
  mermaid: string;
  current?: string;
  eventName?: (type: string) => string | undefined;
}) {
  const i = useI18n();
  const model = parseMermaid(mermaid);
  const order = orderStates(model);
  const byId = new Map(model.states.map((s) => [s.id, s]));
  // The case's state is a dotted path ("candidacy.sympathiser.attendingCourse"; parallel regions
  // joined by commas); the diagram's ids are the machine's node ids with "_" ("admission_candidacy_...").
  // The state and every state containing it are highlighted.
  const currentIds = (current ?? '')
    .split(',')
    .filter(Boolean)
    .map((p) => p.replace(/[^A-Za-z0-9]/g, '_'));
  const isCurrent = (id: string) =>
    currentIds.some(
      (c) =>
        id === c ||
        id.endsWith(`_${c}`) ||
        c.startsWith(`${id}_`) ||
        [...c.matchAll(/_/g)].some((m) => id.endsWith(`_${c.slice(0, m.index)}`)),
    );
  const name = (id: string): string => {
    const s = byId.get(id);
    const text = s?.text ?? id.split('_').pop() ?? id;
    const parent = s?.parent ? byId.get(s.parent) : undefined;
    const parentText = parent?.text ?? s?.parent?.split('_').pop();
    const own = (parentText && STATE_NAMES[`${parentText}.${text}`]) || STATE_NAMES[text];
    // A region's inner state reads with its region: "Viết đơn: chưa xong".
    if (own && /^[a-zđ]/.test(own.vi) && parent) return `${name(parent.id)}: ${own[i.lang]}`;
    return own ? own[i.lang] : label(text, i.lang);
  };
  // An import may land the case at any stage: one line for it, not one per stage.
  const shown = (from: string) => {
    const out = model.transitions.filter((t) => t.from === from);
    const imports = out.filter((t) => t.label === 'case.imported');
    return imports.length > 1 ? [...out.filter((t) => t.label !== 'case.imported'), { ...imports[0], to: '' }] : out;
  };
  const depth = (id: string) => {
    let d = 0;
    for (let p = byId.get(id)?.parent; p && d < 8; p = byId.get(p)?.parent) d++;
    return d;
  };
  return (
    <ol className="diagram" aria-label={i.t('case.diagram')}>
      {order.map((id) => {
        const out = shown(id);
        const active = isCurrent(id);
        const s = byId.get(id);
        return (
          <li
            key={id}
            className={`diagram-state${active ? ' is-current' : ''}${s?.parent ? ' is-nested' : ''}`}
            style={s?.parent ? { marginLeft: `${0.7 + 1 * depth(id)}rem` } : undefined}
            aria-current={active ? 'step' : undefined}
            data-state={id}
          >
            <span className="diagram-name">{name(id)}</span>
            {active && <span className="badge badge-info">{i.t('proc.current')}</span>}
            {s?.final && (
              <span className="diagram-final" aria-hidden="true">
                {' '}
                ◉
              </span>
            )}
            {out.length > 0 && (
              <ul className="diagram-out">
                {out.map((t, n) => (
                  <li key={n}>
                    {t.label === 'always'
                      ? `${i.t('proc.always')} → `
                      : t.label?.startsWith('xstate.done.')
                        ? `${i.t('proc.allPartsDone')} → `
                        : t.label
                          ? `${eventName?.(t.label) ?? (t.label.includes('.') ? humanize(t.label) : label(t.label, i.lang))} → `
                          : '→ '}
                    {t.to === '' ? i.t('proc.importAnyStage') : name(t.to)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
