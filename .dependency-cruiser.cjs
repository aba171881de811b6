/** Import boundaries (docs/architecture.md): apps -> feature libs -> platform; procedure imports only xstate and zod. */
module.exports = {
  forbidden: [
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
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/(?!platform/)' },
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
