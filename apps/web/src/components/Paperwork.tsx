import { useState, type FormEvent } from 'react';
import { ApiError, downloadFile, getJson, postForm } from '../api/client';
import { useAsync } from '../hooks';
import { useI18n, type Bilingual } from '../i18n';
import { ErrorState, Loading } from './common';

/**
 * A file box in the page's language: the browser's own reads "Choose File / No file chosen" in the
 * browser's language, whatever the page's. The native input stays (keyboard, forms), visually hidden.
 */
function FileInput() {
  const { t } = useI18n();
  const [name, setName] = useState<string | null>(null);
  return (
    <span className="file-input">
      <input type="file" name="file" accept="application/pdf,image/jpeg,image/png" required className="file-native" onChange={(e) => setName(e.target.files?.[0]?.name ?? null)} />
      <span className="btn btn-small" aria-hidden="true">
        {t('paper.choose')}
      </span>{' '}
      <span className="muted small">{name ?? t('paper.noFile')}</span>
    </span>
  );
}

/** GET /api/v1/cases/{id}/forms (docs/forms.md). */
export interface FormItem {
  code: string;
  title: Bilingual;
  step: string;
  issuer: string;
  ready: boolean;
  missing: Bilingual[];
  signedCopy: 'uploaded' | 'missing';
}

/** GET /api/v1/cases/{id}/documents. */
export interface DocumentItem {
  id: string;
  formCode: string;
  title: Bilingual;
  step: string;
  currentVersion: number;
  versions: { version: number; fileName: string; mimeType: string; sizeBytes: number; reason: string | null; uploadedAt: string }[];
}

const enc = encodeURIComponent;

/** The Vietnam local date (YYYY-MM-DD) of an instant, to print as dd/mm/yyyy. */
const vietnamDate = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

function problemText(err: unknown, pick: (v: Bilingual | string) => string): string {
  if (err instanceof ApiError) {
    const fields = (err.problem.errors ?? []).flatMap((e: { messages: string[] }) => e.messages);
    return [pick({ vi: err.problem.title, en: (err.problem as { titleEn?: string }).titleEn ?? err.problem.title }), ...fields].join(' — ');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The case page's paperwork: each step's official forms (download DOCX / PDF, pre-filled from the
 * case), its uploaded documents (upload, view, replace with a reason), what is missing, and the
 * whole dossier as one ZIP. Missing documents are shown, never blocking.
 */
export function Paperwork({ caseId, version, stepName }: { caseId: string; version: number; stepName: (step: string) => string }) {
  const i = useI18n();
  const { t } = i;
  const data = useAsync(async () => {
    const [forms, documents] = await Promise.all([
      getJson<FormItem[]>(`/api/v1/cases/${caseId}/forms`),
      getJson<DocumentItem[]>(`/api/v1/cases/${caseId}/documents`),
    ]);
    return { forms, documents };
  }, [caseId, version]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <ErrorState error={data.error} onRetry={data.reload} />;
  const { forms, documents } = data.data;
  const steps = [...new Set([...forms.map((f) => f.step), ...documents.map((d) => d.step)])];
  const lacking = forms.filter((f) => !f.ready).length;
  const unsigned = forms.filter((f) => f.ready && f.signedCopy === 'missing').length;

  const download = async (path: string, name: string) => {
    setError(null);
    try {
      await downloadFile(path, name);
    } catch (err) {
      setError(problemText(err, i.pick));
    }
  };

  async function send(e: FormEvent<HTMLFormElement>, path: string) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const form = e.currentTarget;
    try {
      await postForm(path, new FormData(form));
      form.reset();
      setNotice(t('paper.uploaded'));
      data.reload();
    } catch (err) {
      setError(problemText(err, i.pick));
    }
  }

  const uploadForm = (step: string, formCode: string) => (
    <form className="paper-upload" onSubmit={(e) => send(e, `/api/v1/cases/${caseId}/documents`)} data-upload={formCode}>
      <input type="hidden" name="formCode" value={formCode} />
      <input type="hidden" name="step" value={step} />
      <label>
        {t('paper.upload')} <span className="muted small">({t('paper.upload.hint')})</span>
        <FileInput />
      </label>
      <button type="submit" className="btn">
        {t('paper.upload.send')}
      </button>
    </form>
  );

  const documentRow = (d: DocumentItem) => {
    const current = d.versions.find((v) => v.version === d.currentVersion) ?? d.versions[d.versions.length - 1]!;
    return (
      <li key={d.id} data-document={d.id} className="paper-document">
        <span>
          {i.pick(d.title)} · {current.fileName} ({t('paper.version', { n: d.currentVersion })}, {i.date(vietnamDate(current.uploadedAt))})
        </span>{' '}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => download(`/api/v1/cases/${caseId}/documents/${d.id}/content`, current.fileName)}
        >
          {t('paper.view')}
        </button>
        {d.versions.length > 1 && (
          <ul className="small muted">
            {d.versions
              .filter((v) => v.version !== d.currentVersion)
              .map((v) => (
                <li key={v.version}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => download(`/api/v1/cases/${caseId}/documents/${d.id}/content?version=${v.version}`, v.fileName)}
                  >
                    {t('paper.version', { n: v.version })}: {v.fileName}
                  </button>
                </li>
              ))}
            {d.versions
              .filter((v) => v.reason)
              .map((v) => (
                <li key={`r${v.version}`}>
                  {t('paper.version', { n: v.version })}: {v.reason}
                </li>
              ))}
          </ul>
        )}
        <details>
          <summary>{t('paper.replace')}</summary>
          <form className="paper-upload" onSubmit={(e) => send(e, `/api/v1/cases/${caseId}/documents/${d.id}/versions`)}>
            <label>
              {t('paper.replace.reason')}
              <input type="text" name="reason" required minLength={3} maxLength={1000} />
            </label>
            <label>
              {t('paper.file')}
              <FileInput />
            </label>
            <button type="submit" className="btn">
              {t('paper.upload.send')}
            </button>
          </form>
        </details>
      </li>
    );
  };

  return (
    <div className="paperwork">
      <p className={lacking + unsigned > 0 ? 'alert alert-warn' : 'muted'} data-testid="paper-summary">
        {lacking + unsigned > 0 ? t('paper.summary', { forms: lacking, signed: unsigned }) : t('paper.summary.none')}
      </p>
      <p>
        <button type="button" className="btn" onClick={() => download(`/api/v1/cases/${caseId}/dossier`, 'ho-so.zip')}>
          {t('paper.dossier')}
        </button>
      </p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="alert alert-ok" role="status">
          {notice}
        </p>
      )}
      {steps.map((step) => (
        <div key={step} className="paper-step" data-step={step}>
          <h3>{stepName(step)}</h3>
          <ul className="paper-forms">
            {forms
              .filter((f) => f.step === step)
              .map((f) => (
                <li key={f.code} data-form={f.code}>
                  <div>
                    <strong>{i.pick(f.title)}</strong> <span className="muted small">{t('paper.form', { code: f.code })}</span>{' '}
                    {f.ready ? (
                      <span className="badge badge-ok">{t('paper.ready')}</span>
                    ) : (
                      <span className="badge badge-danger">{t('paper.missing')}</span>
                    )}{' '}
                    {f.ready && (
                      <span className={`badge ${f.signedCopy === 'uploaded' ? 'badge-ok' : ''}`}>
                        {t(f.signedCopy === 'uploaded' ? 'paper.signed.uploaded' : 'paper.signed.missing')}
                      </span>
                    )}
                  </div>
                  {!f.ready && (
                    <ul className="small">
                      {f.missing.map((m, n) => (
                        <li key={n}>{i.pick(m)}</li>
                      ))}
                    </ul>
                  )}
                  <div className="paper-actions">
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => download(`/api/v1/cases/${caseId}/forms/${enc(f.code)}?format=docx`, `${f.code}.docx`)}
                    >
                      {t('paper.download.docx')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => download(`/api/v1/cases/${caseId}/forms/${enc(f.code)}?format=pdf`, `${f.code}.pdf`)}
                    >
                      {t('paper.download.pdf')}
                    </button>
                  </div>
                  <ul className="paper-documents">{documents.filter((d) => d.formCode === f.code).map(documentRow)}</ul>
                  {uploadForm(step, f.code)}
                </li>
              ))}
          </ul>
          {documents.some((d) => d.step === step && !forms.some((f) => f.code === d.formCode)) && (
            <>
              <h4>{t('paper.otherDocs')}</h4>
              <ul className="paper-documents">
                {documents.filter((d) => d.step === step && !forms.some((f) => f.code === d.formCode)).map(documentRow)}
              </ul>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
