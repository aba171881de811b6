import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { CandidateFacts, NewPerson, Person } from '../api/types';
import { CASE_OPEN_ROLES, PEOPLE_WRITE_ROLES, hasRole, useAuth } from '../auth';
import { ErrorState } from '../components/common';
import { useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { CATEGORY_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS, OCCUPATION_CATEGORIES } from '../labels';
import { href, navigate } from '../router';
import { DateInput, todayInVietnam } from '../components/DateInput';

const FACTS = ['youthUnionMember', 'youthUnionOfficial', 'tradeUnionMember', 'communityLeader', 'areaException', 'foreignSpouse', 'ethnicChinese'] as const satisfies readonly (keyof CandidateFacts)[];

/** The person form: the two choice lists start empty ("choose") until the user picks. */
type PersonForm = Omit<NewPerson, 'organisationId' | 'occupation' | 'educationLevel'> & { occupation: NewPerson['occupation'] | ''; educationLevel: NewPerson['educationLevel'] | '' };
const ISO = /^\d{4}-\d{2}-\d{2}$/;

type PersonErrors = Partial<Record<'fullName' | 'birthDate' | 'sex' | 'ethnicity' | 'occupation' | 'educationLevel', string>>;

/**
 * Opening a case (POST /cases) for a person of the cell: found by name (GET /admin/people, the
 * caller's scope, diacritics ignored) or registered here (POST /admin/people) when the role allows;
 * with the candidate facts the rules read (Youth Union member, ...).
 */
export function NewCasePage() {
  const i = useI18n();
  const { t, lang } = i;
  const auth = useAuth();
  const heading = useFocusHeading('new-case');
  const cells = (auth.me?.scopes ?? []).filter((s) => s.organisationId && CASE_OPEN_ROLES.includes(s.role));
  const [organisationId, setOrganisationId] = useState(cells.length === 1 ? cells[0]!.organisationId! : '');
  const [mode, setMode] = useState<'find' | 'create'>('find');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [personId, setPersonId] = useState('');
  const [person, setPerson] = useState<PersonForm>({ fullName: '', birthDate: '', sex: 'female', ethnicity: 'Kinh', occupation: '', educationLevel: '' });
  const [personErrors, setPersonErrors] = useState<PersonErrors>({});
  const [facts, setFacts] = useState<CandidateFacts>({ vietnameseCitizen: true });
  const [formError, setFormError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mayCreatePerson = hasRole(auth.me, PEOPLE_WRITE_ROLES);

  if (!hasRole(auth.me, CASE_OPEN_ROLES))
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('newCase.title')}
        </h1>
        <p className="alert alert-error">{t('problem.forbidden')}</p>
      </>
    );

  async function search(e?: FormEvent) {
    e?.preventDefault();
    setSearchError(null);
    if (q.trim().length < 2) {
      setSearchError(new Error(t('newCase.searchTooShort')));
      return;
    }
    try {
      const people = unwrap(await api.GET('/api/v1/admin/people', { params: { query: { q: q.trim() } } }));
      // The search covers the caller's whole scope: keep the people of the chosen cell.
      setFound(organisationId ? people.filter((p) => p.organisationId === organisationId) : people);
      setPersonId('');
    } catch (err) {
      setSearchError(err);
    }
  }

  function checkPerson(): PersonErrors {
    const errs: PersonErrors = {};
    if (!person.fullName.trim()) errs.fullName = t('form.err.required', { field: t('newCase.fullName') });
    if (!ISO.test(person.birthDate)) errs.birthDate = t('form.err.date', { field: t('newCase.birthDate') });
    else if (person.birthDate > todayInVietnam()) errs.birthDate = t('form.err.future', { field: t('newCase.birthDate') });
    if (!person.ethnicity.trim()) errs.ethnicity = t('form.err.required', { field: t('newCase.ethnicity') });
    if (!person.occupation) errs.occupation = t('form.err.required', { field: t('newCase.occupation') });
    if (!person.educationLevel) errs.educationLevel = t('form.err.required', { field: t('newCase.education') });
    return errs;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFormError(null);
    if (!organisationId) return setFormError(t('newCase.needCell'));
    let pid = personId;
    if (mode === 'find' && !pid) return setFormError(t('newCase.needPerson'));
    if (mode === 'create') {
      const errs = checkPerson();
      setPersonErrors(errs);
      if (Object.keys(errs).length) return setFormError(t('form.fixErrors'));
    }
    setBusy(true);
    try {
      if (mode === 'create') {
        const { occupation, educationLevel } = person;
        // checkPerson above already refused an empty choice; this narrows the type.
        if (occupation === '' || educationLevel === '') return setFormError(t('form.fixErrors'));
        const body: NewPerson = { ...person, occupation, educationLevel, fullName: person.fullName.trim(), ethnicity: person.ethnicity.trim(), organisationId };
        if (!body.religion?.trim()) delete body.religion;
        if (!body.citizenId?.trim()) delete body.citizenId;
        pid = unwrap(await api.POST('/api/v1/admin/people', { body })).id;
      }
      const candidate = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as CandidateFacts;
      const created = unwrap(await api.POST('/api/v1/cases', { body: { personId: pid, organisationId, candidate } }));
      navigate(`/cases/${created.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const personField = (name: keyof PersonErrors, text: string, control: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`np-${name}`}>
        {text} <span className="req" aria-hidden="true">*</span>
      </label>
      {control}
      {personErrors[name] && (
        <p id={`np-${name}-err`} className="field-error">
          {personErrors[name]}
        </p>
      )}
    </div>
  );
  const aria = (name: keyof PersonErrors) => ({
    id: `np-${name}`,
    'aria-invalid': personErrors[name] ? true : undefined,
    'aria-describedby': personErrors[name] ? `np-${name}-err` : undefined,
    required: true,
  });

  return (
    <div className="new-case">
      <p className="breadcrumb">
        <a href={href('/cases')}>← {t('nav.board')}</a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('newCase.title')}
      </h1>
      <p className="muted">{t('newCase.intro')}</p>

      {cells.length !== 1 && (
        <div className="field">
          <label htmlFor="nc-cell">{t('case.organisation')}</label>
          <select id="nc-cell" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {cells.map((s) => (
              <option key={s.organisationId!} value={s.organisationId!}>
                {s.organisationName ?? s.organisationCode ?? s.organisationId}
              </option>
            ))}
          </select>
        </div>
      )}
      {cells.length === 1 && (
        <p>
          {t('case.organisation')}: <strong>{cells[0]!.organisationName ?? cells[0]!.organisationCode}</strong>
        </p>
      )}

      <fieldset className="card">
        <legend>{t('newCase.person')}</legend>
        {mayCreatePerson && (
          <div className="segmented" role="radiogroup" aria-label={t('newCase.person')}>
            <label className="check">
              <input type="radio" name="mode" checked={mode === 'find'} onChange={() => setMode('find')} /> {t('newCase.findPerson')}
            </label>
            <label className="check">
              <input type="radio" name="mode" checked={mode === 'create'} onChange={() => setMode('create')} /> {t('newCase.createPerson')}
            </label>
          </div>
        )}
        {mode === 'find' ? (
          <>
            <div className="field field-inline">
              <label htmlFor="nc-q">{t('newCase.searchName')}</label>
              <input
                id="nc-q"
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void search(e as unknown as FormEvent);
                }}
              />
              <button type="button" className="btn" onClick={() => search()}>
                {t('newCase.search')}
              </button>
            </div>
            {searchError !== null && <ErrorState error={searchError} />}
            {found &&
              (found.length === 0 ? (
                <p className="muted" role="status">
                  {t('newCase.noneFound')}
                </p>
              ) : (
                <ul className="people" role="radiogroup" aria-label={t('newCase.results')}>
                  {found.map((p) => (
                    <li key={p.id}>
                      <label className="check">
                        <input type="radio" name="personId" value={p.id} checked={personId === p.id} onChange={() => setPersonId(p.id)} />
                        <span>
                          <strong>{p.fullName}</strong> <span className="muted small">· {i.date(p.birthDate)} · {p.sex === 'female' ? t('sex.female') : t('sex.male')}</span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              ))}
          </>
        ) : (
          <div className="form-grid">
            {personField('fullName', t('newCase.fullName'), <input {...aria('fullName')} value={person.fullName} maxLength={200} onChange={(e) => setPerson({ ...person, fullName: e.target.value })} />)}
            {personField('birthDate', t('newCase.birthDate'), <DateInput {...aria('birthDate')} value={person.birthDate} onChange={(v) => setPerson({ ...person, birthDate: v })} />)}
            {personField(
              'sex',
              t('case.sex'),
              <select {...aria('sex')} value={person.sex} onChange={(e) => setPerson({ ...person, sex: e.target.value as 'male' | 'female' })}>
                <option value="female">{t('sex.female')}</option>
                <option value="male">{t('sex.male')}</option>
              </select>,
            )}
            {personField('ethnicity', t('newCase.ethnicity'), <input {...aria('ethnicity')} value={person.ethnicity} onChange={(e) => setPerson({ ...person, ethnicity: e.target.value })} />)}
            {personField(
              'occupation',
              t('newCase.occupation'),
              <select {...aria('occupation')} value={person.occupation} onChange={(e) => setPerson({ ...person, occupation: e.target.value as PersonForm['occupation'] })}>
                <option value="">{t('form.choose')}</option>
                {OCCUPATION_CATEGORIES.map((o) => (
                  <option key={o} value={o}>
                    {CATEGORY_LABELS[o]![lang]}
                  </option>
                ))}
              </select>,
            )}
            {personField(
              'educationLevel',
              t('newCase.education'),
              <select {...aria('educationLevel')} value={person.educationLevel} onChange={(e) => setPerson({ ...person, educationLevel: e.target.value as PersonForm['educationLevel'] })}>
                <option value="">{t('form.choose')}</option>
                {EDUCATION_LEVELS.map((o) => (
                  <option key={o} value={o}>
                    {EDUCATION_LABELS[o]![lang]}
                  </option>
                ))}
              </select>,
            )}
            <div className="field">
              <label htmlFor="np-religion">
                {t('newCase.religion')} <span className="muted small">({t('form.optional')})</span>
              </label>
              <input id="np-religion" value={person.religion ?? ''} onChange={(e) => setPerson({ ...person, religion: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="np-citizenId">
                {t('newCase.citizenId')} <span className="muted small">({t('form.optional')})</span>
              </label>
              <input id="np-citizenId" inputMode="numeric" value={person.citizenId ?? ''} onChange={(e) => setPerson({ ...person, citizenId: e.target.value })} />
            </div>
          </div>
        )}
      </fieldset>

      <form onSubmit={submit} noValidate>
        <fieldset className="card">
          <legend>{t('newCase.facts')}</legend>
          <p className="hint">{t('newCase.factsHint')}</p>
          <div className="facts-grid">
            {FACTS.map((f) => (
              <label key={f} className="check">
                <input type="checkbox" name={f} checked={facts[f] === true} onChange={(e) => setFacts({ ...facts, [f]: e.target.checked || undefined })} /> {t(`newCase.fact.${f}`)}
              </label>
            ))}
            <label className="check">
              <input type="checkbox" name="vietnameseCitizen" checked={facts.vietnameseCitizen !== false} onChange={(e) => setFacts({ ...facts, vietnameseCitizen: e.target.checked })} />{' '}
              {t('newCase.fact.vietnameseCitizen')}
            </label>
          </div>
        </fieldset>
        {formError && (
          <p className="alert alert-error" role="alert">
            {formError}
          </p>
        )}
        {error !== null &&
          (error instanceof ApiError && error.status === 400 && error.problem.errors?.length ? (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t('problem.validation')}</p>
              <ul>
                {error.problem.errors.map((x) => (
                  <li key={x.field}>
                    {x.field}: {x.messages.join('; ')}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <ErrorState error={error} />
          ))}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('form.busy') : t('newCase.submit')}
          </button>
          <a className="btn" href={href('/cases')}>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </div>
  );
}
