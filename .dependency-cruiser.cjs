/**
 * Import boundaries (docs/architecture.md): apps -> feature libs -> procedure / platform -> messages;
 * procedure imports only xstate and zod.
 * GRAPH is the drawing of docs/architecture.md, edge for edge: each app or library may import
 * only the libraries listed for it (its own files aside). A new edge is a change to this table
 * and to the drawing together.
 */
const GRAPH = {
  'apps/api': ['cases', 'reports', 'imports', 'notifications', 'audit', 'orgs', 'paperwork', 'scheduling', 'procedure', 'platform', 'messages'],
  'apps/worker': ['cases', 'reports', 'imports', 'notifications', 'audit', 'scheduling', 'procedure', 'platform'],
  'apps/cli': ['cases', 'reports', 'imports', 'notifications', 'audit', 'orgs', 'scheduling', 'procedure', 'platform'],
  'apps/web': ['messages'],
  'libs/paperwork': ['cases', 'orgs', 'procedure', 'platform', 'messages'],
  'libs/imports': ['cases', 'audit', 'orgs', 'scheduling', 'procedure', 'messages'],
  'libs/cases': ['reports', 'orgs', 'audit', 'scheduling', 'procedure', 'platform', 'messages'],
  'libs/reports': ['orgs', 'audit', 'scheduling', 'procedure', 'platform', 'messages'],
  'libs/notifications': ['scheduling', 'platform', 'messages'],
  'libs/orgs': ['procedure', 'platform', 'messages'],
  'libs/audit': ['platform', 'messages'],
  'libs/scheduling': ['platform', 'messages'],
  'libs/procedure': [],
  'libs/platform': ['messages'],
  'libs/messages': [],
};

const drawnEdges = Object.entries(GRAPH).map(([from, allowed]) => ({
  name: `drawn-edges-only:${from}`,
  comment: `${from} imports only ${allowed.length ? allowed.map((l) => `libs/${l}`).join(', ') : 'no other library'} (docs/architecture.md).`,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: '^(libs|apps)/', pathNot: `^(${[from, ...allowed.map((l) => `libs/${l}`)].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...drawnEdges,
    {
      name: 'messages-is-pure',
      comment: 'The catalogue of texts (libs/messages) is data and string formatting: no package, so the web bundles it as is.',
      severity: 'error',
      from: { path: '^libs/messages/src' },
      to: { dependencyTypesNot: ['local'] },
    },
    {
      name: 'procedure-is-pure',
      comment: 'The rules, machine, calendar and deadline arithmetic import nothing but xstate (the statechart) and zod (the one event schema).',
      severity: 'error',
      from: { path: '^libs/procedure/src', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { dependencyTypesNot: ['local'], pathNot: '^node_modules/(xstate|zod)/' },
    },
    {
      name: 'procedure-imports-no-lib',
      severity: 'error',
      from: { path: '^libs/procedure/src', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: '^(libs/(?!procedure/)|apps/)' },
    },
    {
      name: 'nothing-imports-an-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'only-scheduling-imports-bull',
      severity: 'error',
      from: { pathNot: '^libs/scheduling/' },
      to: { path: '^node_modules/(bull|@nestjs/bull|@bull-board)/' },
    },
    {
      name: 'platform-is-the-bottom',
      comment: 'Platform sits on the catalogue of texts only.',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/(?!platform/|messages/)' },
    },
    {
      name: 'codegen-is-for-tests',
      comment: 'kysely-codegen (a dev dependency) writes schema.generated.ts from the migrated schema (npm run db:types); no app or library imports it.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^node_modules/kysely-codegen/' },
    },
    {
      name: 'paperwork-is-for-apps',
      comment: 'The forms, documents and dossier (libs/paperwork) sit on top of cases and orgs: only apps import them.',
      severity: 'error',
      from: { path: '^libs/(?!paperwork/)' },
      to: { path: '^libs/paperwork/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['source', 'import', 'require', 'node', 'default'], mainFields: ['main', 'types'] },
    exclude: { path: '(^dist/|node_modules/|\\.spec\\.ts$|\\.int-spec\\.ts$|\\.e2e-spec\\.ts$)' },
  },
};

// For test/unit/architecture-drawing.spec.ts, which compares GRAPH with the drawing (not enumerable:
// dependency-cruiser refuses unknown configuration keys).
Object.defineProperty(module.exports, 'graph', { value: GRAPH, enumerable: false });
