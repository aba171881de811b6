import { type AnyStateNode } from 'xstate';
import { admissionMachine } from './admission.machine.js';

const mermaidId = (node: AnyStateNode): string => node.id.replace(/[^A-Za-z0-9]/g, '_');

function guardLabel(guard: unknown): string {
  if (!guard) return '';
  if (typeof guard === 'string') return guard === 'allowed' ? '' : ` [${guard}]`;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const g = guard as { type: string; params?: Record<string, unknown> };
    const params = g.params ? Object.values(g.params).flat().join(',') : '';
    return ` [${g.type}${params ? `: ${params}` : ''}]`;
  }
  return ' [guard]';
}

function renderNode(node: AnyStateNode, indent: string, lines: string[], edges: string[]): void {
  const id = mermaidId(node);
  const meta = node.meta as { en?: string } | undefined;
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) {
    lines.push(`${indent}state "${node.key}" as ${id}`);
    if (meta?.en) lines.push(`${indent}note right of ${id} : ${meta.en}`);
  } else {
    lines.push(`${indent}state "${node.key}" as ${id} {`);
    children.forEach((child, i) => {
      if (node.type === 'parallel' && i > 0) lines.push(`${indent}  --`);
      renderNode(child, `${indent}  `, lines, edges);
    });
    const initial = node.initial?.target?.[0];
    if (initial && node.type !== 'parallel') lines.push(`${indent}  [*] --> ${mermaidId(initial)}`);
    lines.push(`${indent}}`);
  }
  // Terminal stages end the path (a closed fullMember case still takes the cancellation of §6.5).
  if (node.type === 'final' || (node.meta as { outcome?: string } | undefined)?.outcome) edges.push(`${id} --> [*]`);
  for (const [eventType, transitions] of node.transitions) {
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        if (target === node && !t.reenter) continue;
        edges.push(`${id} --> ${mermaidId(target)} : ${eventType}${guardLabel(t.guard)}`);
      }
    }
  }
  for (const t of node.always ?? []) {
    for (const target of t.target ?? []) edges.push(`${id} --> ${mermaidId(target)} : always${guardLabel(t.guard)}`);
  }
}

/**
 * Mermaid state diagram generated from the machine definition itself (never a hand-kept copy).
 * Transitions without a target (recording evidence, failed votes) are left out.
 */
export function renderStateDiagram(): string {
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];
  const root = admissionMachine.root;
  for (const child of Object.values(root.states) as AnyStateNode[]) renderNode(child, '  ', lines, edges);
  const initial = root.initial?.target?.[0];
  if (initial) lines.push(`  [*] --> ${mermaidId(initial)}`);
  for (const e of edges) lines.push(`  ${e}`);
  return `${lines.join('\n')}\n`;
}
