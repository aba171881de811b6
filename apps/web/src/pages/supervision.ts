// The supervisors' pages in one chunk (loaded by React.lazy in App.tsx): the cell committees'
// bundle stays within its budget.
export { AuditPage } from './AuditPage';
export { CompliancePage } from './CompliancePage';
export { ViolationPage } from './ViolationPage';
