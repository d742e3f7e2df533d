import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { Radios, Row, Textarea } from '../../components/staff/fields';
import { INSPECTION_TAGS, reasonName } from '../../components/staff/labels';
import { problemErrors, shownErrors, type StaffError } from '../../components/staff/problems';
import type { ApplicationView, InspectionCaseView } from '../../components/staff/types';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

const MAX_PHOTOS = 10;

/**
 * One inspection of the inspector's day: where to go, what the case is about and its
 * conditions, and the result — pass or fail, findings, photos (multipart to
 * POST /api/v1/inspections/{id}/result, which strips their metadata).
 */
export function Component() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const date = params.get('date') ?? '';
  const { t, formatDate } = useI18n();
  const { session } = useSession();
  const typeName = usePermitTypeName();
  const [inspection, setInspection] = useState<InspectionCaseView | undefined>();
  const [application, setApplication] = useState<ApplicationView | undefined>();
  const [missing, setMissing] = useState(false);
  const [errors, setErrors] = useState<StaffError[]>([]);
  const [outcome, setOutcome] = useState('');
  const [findings, setFindings] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState(false);
  const role = session.status === 'signed-in' ? session.user.role : undefined;
  const heading = inspection
    ? t('staff.inspect.title', { caseNumber: inspection.caseNumber })
    : t('staff.inspect.titleLoading');
  usePageTitle(heading, errors.length > 0);
  const shown = shownErrors(errors, t);

  useEffect(() => {
    if (role !== 'inspector' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      if (role === 'inspector') setMissing(true);
      return;
    }
    let current = true;
    const load = async () => {
      const { data } = await api.GET('/api/v1/inspections', { params: { query: { date } } });
      const found = data?.items.find((item) => item.inspectionId === id);
      if (!current) return;
      if (!found) {
        setMissing(true);
        return;
      }
      setInspection(found);
      const view = await api.GET('/api/v1/applications/{id}', {
        params: { path: { id: found.applicationId } },
      });
      if (current && view.data) setApplication(view.data);
    };
    load().catch(() => current && setErrors([{ key: 'error.unavailable' }]));
    return () => {
      current = false;
    };
  }, [role, date, id]);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous')
    return <Navigate to={`/sign-in?next=/inspections/${id}?date=${date}`} replace />;
  if (role !== 'inspector')
    return (
      <>
        <h1 className="govuk-heading-l">{t('staff.inspect.titleLoading')}</h1>
        <p className="govuk-body">{t('staff.day.notInspector')}</p>
      </>
    );
  if (missing)
    return (
      <>
        <h1 className="govuk-heading-l">{t('staff.inspect.notFound')}</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/inspections">
            {t('staff.inspect.back')}
          </Link>
        </p>
      </>
    );

  const errorOf = (field: string) => shown.find((e) => e.field === field)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: StaffError[] = [];
    if (outcome !== 'pass' && outcome !== 'fail')
      found.push({ field: 'outcome', key: 'staff.error.outcomeMissing' });
    if (outcome === 'fail' && !findings.trim())
      found.push({ field: 'findings', key: 'staff.error.findingsMissing' });
    if (photos.length > MAX_PHOTOS)
      found.push({
        field: 'photos',
        key: 'staff.error.tooManyPhotos',
        values: { max: MAX_PHOTOS },
      });
    if (photos.some((photo) => !['image/jpeg', 'image/png'].includes(photo.type)))
      found.push({ field: 'photos', key: 'staff.error.photoType' });
    setErrors(found);
    if (found.length > 0 || !inspection) return;
    setBusy(true);
    try {
      const form = new FormData();
      form.append('outcome', outcome);
      if (findings.trim()) form.append('findings', findings.trim());
      for (const photo of photos) form.append('photos', photo, photo.name);
      const { data, error } = await api.POST('/api/v1/inspections/{id}/result', {
        params: { path: { id: inspection.inspectionId } },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        body: { outcome: outcome as 'pass' | 'fail' },
        bodySerializer: () => form,
      });
      if (data) {
        setInspection(data);
        setRecorded(true);
        return;
      }
      setErrors(
        problemErrors(error, {
          outcome: { id: 'outcome', message: 'staff.error.outcomeMissing' },
          findings: { id: 'findings', message: 'staff.error.findingsMissing' },
          photos: { id: 'photos', message: 'staff.error.photoType' },
        }),
      );
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary errors={shown} />
      {recorded && inspection ? (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="inspect-banner-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="inspect-banner-title">
              {t('staff.case.success')}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {t('staff.inspect.recorded', { photos: inspection.photos })}
            </p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{heading}</h1>
      {!inspection ? <p className="govuk-body">{t('page.loading')}</p> : null}
      {inspection ? (
        <>
          <dl className="govuk-summary-list">
            <Row label={t('staff.day.address')}>{inspection.siteAddress}</Row>
            <Row label={t('staff.field.date')}>{formatDate(inspection.scheduledFor)}</Row>
            <Row label={t('staff.queue.type')}>{typeName(inspection.permitType)}</Row>
            <Row label={t('staff.day.round')}>{inspection.round}</Row>
            <Row label={t('staff.queue.status')}>
              <strong className={`govuk-tag ${INSPECTION_TAGS[inspection.status]}`}>
                {t(`staff.inspection.${inspection.status}`)}
              </strong>
            </Row>
            {application ? <Row label={t('staff.inspect.what')}>{application.title}</Row> : null}
          </dl>
          {application && application.conditions.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">{t('staff.case.conditions')}</h2>
              <ul className="govuk-list govuk-list--bullet">
                {application.conditions.map((condition) => (
                  <li key={condition.id}>
                    {t('staff.condition.line', {
                      code: reasonName(t, condition.code),
                      text: condition.text,
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {inspection.status === 'scheduled' ? (
            <form noValidate onSubmit={(event) => void submit(event)}>
              <h2 className="govuk-heading-m">{t('staff.inspect.result')}</h2>
              <Radios
                id="outcome"
                legend={t('staff.inspect.outcome')}
                choices={[
                  { value: 'pass', label: t('staff.inspect.pass') },
                  { value: 'fail', label: t('staff.inspect.fail') },
                ]}
                value={outcome}
                onChange={setOutcome}
                error={errorOf('outcome')}
              />
              <Textarea
                id="findings"
                label={t('staff.inspect.findings')}
                hint={t('staff.inspect.findingsHint')}
                value={findings}
                onChange={setFindings}
                error={errorOf('findings')}
                rows={5}
              />
              <div
                className={`govuk-form-group${errorOf('photos') ? ' govuk-form-group--error' : ''}`}
              >
                <label className="govuk-label" htmlFor="photos">
                  {t('staff.inspect.photos')}
                </label>
                <div id="photos-hint" className="govuk-hint">
                  {t('staff.inspect.photosHint', { max: MAX_PHOTOS })}
                </div>
                {errorOf('photos') ? (
                  <p id="photos-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">{t('error.prefix')}</span>{' '}
                    {errorOf('photos')}
                  </p>
                ) : null}
                <input
                  className={`govuk-file-upload${errorOf('photos') ? ' govuk-file-upload--error' : ''}`}
                  id="photos"
                  name="photos"
                  type="file"
                  multiple
                  accept="image/jpeg,image/png"
                  capture="environment"
                  aria-describedby={`photos-hint${errorOf('photos') ? ' photos-error' : ''}`}
                  onChange={(event) => setPhotos([...(event.target.files ?? [])])}
                />
              </div>
              {photos.length > 0 ? (
                <p className="govuk-body" role="status">
                  {t('staff.inspect.photosChosen', { count: photos.length })}
                </p>
              ) : null}
              <button type="submit" className="govuk-button" disabled={busy}>
                {t('staff.inspect.record')}
              </button>
            </form>
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to={date ? `/inspections?date=${date}` : '/inspections'}>
              {t('staff.inspect.back')}
            </Link>
          </p>
        </>
      ) : null}
    </>
  );
}
