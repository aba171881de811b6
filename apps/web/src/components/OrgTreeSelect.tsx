// A searchable tree of the organisations of the caller's scope: type part of a name or code
// (diacritics ignored), the list keeps the matches and their parents, indented by level.
import { useMemo, useState } from 'react';
import { scopeOrganisations, type Organisation } from '../api/work';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n';

export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();

interface Row {
  org: Organisation;
  depth: number;
}

/** Depth-first order from the scope's roots (those whose parent is not in the scope), children by name. */
export function treeRows(orgs: Organisation[]): Row[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const children = new Map<string | null, Organisation[]>();
  for (const o of orgs) {
    const parent = o.parentId && byId.has(o.parentId) ? o.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const out: Row[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const o of children.get(parent) ?? []) {
      out.push({ org: o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function OrgTreeSelect({ id, label, value, onChange, allLabel }: { id: string; label: string; value: string | undefined; onChange: (id: string | undefined) => void; allLabel: string }) {
  const { t } = useI18n();
  const orgs = useAsync(scopeOrganisations, []);
  const [search, setSearch] = useState('');
  const rows = useMemo(() => treeRows((orgs.data ?? []).filter((o) => !o.validTo)), [orgs.data]);
  const shown = useMemo(() => {
    const f = fold(search);
    if (!f) return rows;
    const byId = new Map(rows.map((r) => [r.org.id, r.org]));
    const keep = new Set<string>();
    for (const r of rows) {
      if (!fold(`${r.org.name} ${r.org.code}`).includes(f)) continue;
      // The match and its parents, so the tree still reads as a tree.
      for (let o: Organisation | undefined = r.org; o && !keep.has(o.id); o = o.parentId ? byId.get(o.parentId) : undefined) keep.add(o.id);
    }
    return rows.filter((r) => keep.has(r.org.id) || r.org.id === value);
  }, [rows, search, value]);
  return (
    <div className="field field-inline org-tree">
      <label htmlFor={id}>{label}</label>
      <input
        id={`${id}-search`}
        type="search"
        className="org-tree-search"
        placeholder={t('work.orgSearch')}
        aria-label={t('work.orgSearchLabel', { label })}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={`${id}-tree`}>
        <option value="">{allLabel}</option>
        {shown.map((r) => (
          <option key={r.org.id} value={r.org.id} data-depth={r.depth}>
            {'\u00a0\u00a0\u00a0'.repeat(r.depth)}
            {r.depth > 0 ? '└ ' : ''}
            {r.org.name}
          </option>
        ))}
      </select>
      {search && shown.length === 0 && <span className="small muted">{t('work.orgNone')}</span>}
    </div>
  );
}
