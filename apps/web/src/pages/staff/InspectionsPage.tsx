import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { todayIn } from '../../components/staff/CaseActions';
import { Row } from '../../components/staff/fields';
import { shownErrors, type StaffError } from '../../components/staff/problems';
import { INSPECTION_TAGS } from '../../components/staff/labels';
import type { InspectionCaseView } from '../../components/staff/types';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/**
 * The inspector's day (GET /api/v1/inspections?date=): today's inspections in the city's time
 * zone, or another day's, each a card to open. Made for a phone first.
 */
export function Component() {
  const { t, formatDate } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const typeName = usePermitTypeName();
  const [today, setToday] = useState<string | undefined>();
  const [items, setItems] = useState<InspectionCaseView[] | undefined>();
  const [errors, setErrors] = useState<StaffError[]>([]);
  const [dateField, setDateField] = useState('');
  const role = session.status === 'signed-in' ? session.user.role : undefined;
  const allowed = role === 'inspector' || role === 'clerk' || role === 'supervisor';
  const date = params.get('date') ?? today;
  const isToday = date === today;
  const heading =
    isToday || !date ? t('staff.day.titleToday') : t('staff.day.title', { date: formatDate(date) });
  usePageTitle(heading, errors.length > 0);
  const shown = shownErrors(errors, t);

  useEffect(() => {
    if (!allowed) return;
    void api
      .GET('/api/v1/calendar')
      .then(({ data }) => setToday(todayIn(data?.timeZone)))
      .catch(() => setToday(todayIn(undefined)));
  }, [allowed]);

  useEffect(() => {
    if (!allowed || !date) return;
    let current = true;
    setDateField(date);
    setItems(undefined);
    api
      .GET('/api/v1/inspections', { params: { query: { date } } })
      .then(({ data }) => {
        if (!current) return;
        if (data) setItems(data.items);
        else setErrors([{ key: 'error.unavailable' }]);
      })
      .catch(() => current && setErrors([{ key: 'error.unavailable' }]));
    return () => {
      current = false;
    };
  }, [allowed, date]);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous') return <Navigate to="/sign-in?next=/inspections" replace />;

  const choose = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dateField)) {
      setErrors([{ field: 'day', key: 'staff.error.dateInvalid' }]);
      return;
    }
    setErrors([]);
    setParams(dateField === today ? {} : { date: dateField });
  };

  return (
    <>
      <ErrorSummary errors={shown} />
      <h1 className="govuk-heading-l">{heading}</h1>
      {!allowed ? <p className="govuk-body">{t('staff.day.notInspector')}</p> : null}
      {allowed && items === undefined && errors.length === 0 ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {items?.length === 0 ? <p className="govuk-body">{t('staff.day.none')}</p> : null}
      {items?.map((item) => (
        <div className="govuk-summary-card" key={item.inspectionId}>
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              <Link
                className="govuk-link"
                to={`/inspections/${item.inspectionId}?date=${item.scheduledFor}`}
              >
                {t('staff.day.open', { caseNumber: item.caseNumber })}
              </Link>
            </h2>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <Row label={t('staff.day.address')}>{item.siteAddress}</Row>
              <Row label={t('staff.queue.type')}>{typeName(item.permitType)}</Row>
              <Row label={t('staff.day.round')}>{item.round}</Row>
              <Row label={t('staff.queue.status')}>
                <strong className={`govuk-tag ${INSPECTION_TAGS[item.status]}`}>
                  {t(`staff.inspection.${item.status}`)}
                </strong>
              </Row>
            </dl>
          </div>
        </div>
      ))}
      {allowed ? (
        <form noValidate onSubmit={choose}>
          <h2 className="govuk-heading-m">{t('staff.day.other')}</h2>
          <TextInput
            id="day"
            label={t('staff.field.date')}
            type="date"
            widthClass="govuk-input--width-10"
            value={dateField}
            onChange={(event) => setDateField(event.target.value)}
            error={shown.find((e) => e.field === 'day')?.message}
          />
          <button type="submit" className="govuk-button govuk-button--secondary">
            {t('staff.day.show')}
          </button>
        </form>
      ) : null}
    </>
  );
}
