// The only door into the paperwork library.
export * from './model.js';
export * from './format.js';
export * from './context.js';
export * from './forms.catalogue.js';
export * from './render-docx.js';
export * from './render-pdf.js';
export * from './documents/blob-store.js';
export * from './documents/content-type.js';
export * from './documents/documents.service.js';
export * from './paperwork.service.js';
export * from './paperwork.module.js';
export { FORM_TEMPLATES } from '../templates/index.js';
