import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The drawing of docs/architecture.md and the graph .dependency-cruiser.cjs enforces are one graph:
// an edge added to one and not the other fails here (npm run boundaries checks the code against it).
const APPS = new Set(['api', 'worker', 'cli', 'web']);
const node = (id: string): string => (APPS.has(id) ? `apps/${id}` : `libs/${id}`);

function drawnEdges(markdown: string): Set<string> {
  const mermaid = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
  const edges = new Set<string>();
  for (const line of mermaid.split('\n')) {
    const m = /^\s*([a-z &]+?)\s*-->\s*([a-z &]+?)\s*$/.exec(line);
    if (!m) continue;
    for (const from of m[1]!.split('&')) for (const to of m[2]!.split('&')) edges.add(`${node(from.trim())} -> ${node(to.trim())}`);
  }
  return edges;
}

describe('docs/architecture.md', () => {
  it('draws exactly the import graph .dependency-cruiser.cjs enforces', () => {
    const require = createRequire(path.join(process.cwd(), 'package.json'));
    const config = require('./.dependency-cruiser.cjs') as { graph: Record<string, string[]> };
    const enforced = new Set(Object.entries(config.graph).flatMap(([from, libs]) => libs.map((l) => `${from} -> libs/${l}`)));
    const drawn = drawnEdges(readFileSync(path.join(process.cwd(), 'docs/architecture.md'), 'utf8'));
    expect(drawn.size).toBeGreaterThan(20);
    expect([...drawn].filter((e) => !enforced.has(e)).sort()).toEqual([]);
    expect([...enforced].filter((e) => !drawn.has(e)).sort()).toEqual([]);
  });
});
