import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { ErrorSummary, type FieldError } from '../ErrorSummary';
import { toInstant, toLocal } from '../audit/times';

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A staff list's filters: a status (select), and a time range (from at or after, to before). */
export interface Filters {
  status?: string;
  from?: string;
  to?: string;
}

/**
 * A staff list (GOV.UK table inside its own scrolling region) with its filters in the address:
 * status and time range; newest first, a page at a time (`nextCursor` → `cursor`).
 */
export function FilteredList<T extends { id: string }>({
  statuses,
  statusLabel,
  columns,
  load,
  caption,
  testId,
}: {
  statuses: readonly string[];
  statusLabel: (status: string) => string;
  columns: Column<T>[];
  load: (filters: Filters, cursor?: string) => Promise<Page<T> | undefined>;
  caption: string;
  testId: string;
}) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    ...(params.get('status') ? { status: params.get('status') as string } : {}),
    ...(params.get('from') ? { from: params.get('from') as string } : {}),
    ...(params.get('to') ? { to: params.get('to') as string } : {}),
  };
  const [values, setValues] = useState({
    status: filters.status ?? '',
    from: filters.from ? toLocal(filters.from) : '',
    to: filters.to ? toLocal(filters.to) : '',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [items, setItems] = useState<T[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const query = params.toString();

  const fetchPage = async (cursor?: string) => {
    const page = await load(filters, cursor);
    if (!page) {
      setErrors([{ key: 'error.unavailable' }]);
      return;
    }
    setItems((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
    setNext(page.nextCursor);
  };

  useEffect(() => {
    setItems(undefined);
    void fetchPage().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const next: Record<string, string> = {};
    if (values.status) next.status = values.status;
    for (const field of ['from', 'to'] as const)
      if (values[field]) {
        const instant = toInstant(values[field]);
        if (instant) next[field] = instant;
        else found.push({ field, message: t('audit.search.error.time') });
      }
    setErrors(found);
    if (found.length === 0) setParams(next);
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={submit} className="civic-filters">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">
            {t('cashier.filter.status')}
          </label>
          <select
            className="govuk-select"
            id="status"
            name="status"
            value={values.status}
            onChange={(e) => setValues({ ...values, status: e.target.value })}
          >
            <option value="">{t('cashier.filter.any')}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </div>
        {(['from', 'to'] as const).map((field) => {
          const error = errors.find((e) => e.field === field)?.message;
          return (
            <div
              key={field}
              className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}
            >
              <label className="govuk-label" htmlFor={field}>
                {t(`cashier.filter.${field}`)}
              </label>
              {error ? (
                <p id={`${field}-error`} className="govuk-error-message">
                  <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
                </p>
              ) : null}
              <input
                className={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
                id={field}
                name={field}
                type="datetime-local"
                aria-describedby={error ? `${field}-error` : undefined}
                value={values[field]}
                onChange={(e) => setValues({ ...values, [field]: e.target.value })}
              />
            </div>
          );
        })}
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('cashier.filter.apply')}
        </button>
      </form>
      {items === undefined && errors.length === 0 ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {items?.length === 0 ? <p className="govuk-body">{t('cashier.list.none')}</p> : null}
      {items && items.length > 0 ? (
        <div
          className="civic-table-wrap"
          tabIndex={0}
          role="region"
          aria-labelledby={`${testId}-caption`}
        >
          <table className="govuk-table civic-break" data-testid={testId}>
            <caption
              className="govuk-table__caption govuk-table__caption--s"
              id={`${testId}-caption`}
            >
              {caption}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {columns.map((c) => (
                  <th scope="col" className="govuk-table__header" key={c.header}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((item) => (
                <tr className="govuk-table__row" key={item.id}>
                  {columns.map((c) => (
                    <td className="govuk-table__cell" key={c.header}>
                      {c.cell(item)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() =>
            void fetchPage(next).catch(() => setErrors([{ key: 'error.unavailable' }]))
          }
        >
          {t('cashier.list.more')}
        </button>
      ) : null}
    </>
  );
}
