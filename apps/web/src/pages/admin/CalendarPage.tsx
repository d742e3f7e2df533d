import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { BackToAdmin, NotAdmin, problemErrors, useAdmin } from '../../components/admin/admin';
import { useI18n } from '../../i18n/i18n';

type Calendar = components['schemas']['CalendarView'];
type Holiday = components['schemas']['HolidayView'];

/**
 * The business calendar the legal clocks count with (`GET /api/v1/calendar`): its time zone and
 * weekend days, and the public holidays of a year, which an admin adds to or removes from
 * (`PUT /api/v1/calendar/holidays/{year}`, the year's whole list).
 */
export function Component() {
  const { t, formatDate } = useI18n();
  const admin = useAdmin();
  const [calendar, setCalendar] = useState<Calendar | undefined>();
  const [year, setYear] = useState(new Date().getFullYear());
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle(t('admin.calendar.title'), errors.length > 0);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/calendar');
    if (data) setCalendar(data);
    else setErrors([{ key: 'error.unavailable' }]);
  }, []);

  useEffect(() => {
    if (admin) void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [admin, load]);

  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin) return <NotAdmin path="/admin/calendar" title={t('admin.calendar.title')} />;

  const ofYear = (calendar?.holidays ?? []).filter((h) => h.date.startsWith(`${year}-`));

  const save = async (holidays: Holiday[], done: string) => {
    const { data, error } = await api.PUT('/api/v1/calendar/holidays/{year}', {
      params: { path: { year } },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { holidays: [...holidays].sort((a, b) => a.date.localeCompare(b.date)) },
    });
    if (!data) {
      setErrors(
        problemErrors(error, t, (f) =>
          f.includes('date') ? 'holiday-date' : f.includes('name') ? 'holiday-name' : undefined,
        ),
      );
      return false;
    }
    setCalendar(data);
    setErrors([]);
    setNotice(done);
    return true;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const found: FieldError[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      found.push({ field: 'holiday-date', message: t('admin.calendar.error.date') });
    else if (!date.startsWith(`${year}-`))
      found.push({ field: 'holiday-date', message: t('admin.calendar.error.year', { year }) });
    if (!name.trim())
      found.push({ field: 'holiday-name', message: t('admin.calendar.error.name') });
    setErrors(found);
    if (found.length > 0) return;
    if (
      await save(
        [...ofYear.filter((h) => h.date !== date), { date, name: name.trim() }],
        t('admin.calendar.added', { name: name.trim(), date: formatDate(date) }),
      )
    ) {
      setDate('');
      setName('');
    }
  };

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const thisYear = new Date().getFullYear();

  return (
    <>
      <BackToAdmin />
      <ErrorSummary errors={errors} />
      {notice ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t('admin.calendar.title')}</h1>
      {calendar ? (
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t('admin.calendar.timeZone')}</dt>
            <dd className="govuk-summary-list__value">{calendar.timeZone}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t('admin.calendar.weekend')}</dt>
            <dd className="govuk-summary-list__value">
              {calendar.weekendDays
                .map((d) => t(`admin.calendar.day.${d}` as 'admin.calendar.day.1'))
                .join(', ')}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="govuk-body">{t('page.loading')}</p>
      )}
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="year">
          {t('admin.calendar.year')}
        </label>
        <select
          id="year"
          name="year"
          className="govuk-select"
          value={year}
          onChange={(event) => setYear(Number(event.target.value))}
        >
          {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <h2 className="govuk-heading-m">{t('admin.calendar.holidays', { year })}</h2>
      {ofYear.length === 0 ? <p className="govuk-body">{t('admin.calendar.none')}</p> : null}
      <ul className="govuk-list">
        {ofYear.map((h) => (
          <li key={h.date} className="civic-holiday">
            <span>
              <strong>{formatDate(h.date)}</strong> — {h.name}
            </span>{' '}
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() =>
                void save(
                  ofYear.filter((other) => other.date !== h.date),
                  t('admin.calendar.removed', { name: h.name }),
                )
              }
            >
              {t('admin.calendar.remove', { name: h.name })}
            </button>
          </li>
        ))}
      </ul>
      <form noValidate onSubmit={(event) => void add(event)} className="civic-section">
        <h2 className="govuk-heading-m">{t('admin.calendar.add')}</h2>
        <TextInput
          id="holiday-date"
          label={t('admin.calendar.date')}
          hint={t('admin.calendar.dateHint', { year })}
          type="date"
          widthClass="govuk-input--width-10"
          value={date}
          onChange={(event) => setDate(event.target.value)}
          error={errorOf('holiday-date')}
        />
        <TextInput
          id="holiday-name"
          label={t('admin.calendar.name')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errorOf('holiday-name')}
        />
        <button type="submit" className="govuk-button">
          {t('admin.calendar.addButton')}
        </button>
      </form>
    </>
  );
}
