import './complaints.css';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import type { CityMapData } from './CityMap';

export type ServiceView = components['schemas']['ServiceView'];
export type ComplaintStatus = components['schemas']['OwnComplaintView']['externalStatusCode'];

/**
 * The services one can report to, named in the page's language (`GET
 * /api/v1/complaints/services?lang=`); undefined while they load, null when they failed.
 */
export function useComplaintServices(): ServiceView[] | null | undefined {
  const { language } = useI18n();
  const [services, setServices] = useState<ServiceView[] | null | undefined>();
  useEffect(() => {
    let current = true;
    void api
      .GET('/api/v1/complaints/services', { params: { query: { lang: language } } })
      .then(({ data }) => current && setServices(data ?? null))
      .catch(() => current && setServices(null));
    return () => {
      current = false;
    };
  }, [language]);
  return services;
}

/** A service's name in the page's language, by its code (the code while the names load). */
export const serviceName = (services: ServiceView[] | null | undefined, code: string): string =>
  services?.find((s) => s.serviceCode === code)?.serviceName ?? code;

export type ServiceDefinition = components['schemas']['ServiceDefinitionView'];

/** A service's questions in the page's language; undefined while they load or when they fail. */
export function useServiceDefinition(code: string | undefined): ServiceDefinition | undefined {
  const { language } = useI18n();
  const [definition, setDefinition] = useState<ServiceDefinition | undefined>();
  useEffect(() => {
    if (!code) return;
    let current = true;
    void api
      .GET('/api/v1/complaints/services/{serviceCode}', {
        params: { path: { serviceCode: code }, query: { lang: language } },
      })
      .then(({ data }) => current && setDefinition(data))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [code, language]);
  return definition;
}

/** An answer to a service's question in words: the question, and list keys as their names. */
export const answerInWords = (
  definition: ServiceDefinition | undefined,
  code: string,
  value: string | string[],
): { question: string; answer: string } => {
  const attribute = definition?.attributes.find((a) => a.code === code);
  const name = (key: string) => attribute?.values.find((v) => v.key === key)?.name ?? key;
  return {
    question: attribute?.description ?? code,
    answer: (Array.isArray(value) ? value : [value]).map(name).join(', '),
  };
};

let cityMap: Promise<CityMapData | null> | undefined;

/** The city's boundary and addresses for the map (`GET /api/v1/complaints/map`), once a load. */
export function useCityMap(): CityMapData | null | undefined {
  const [data, setData] = useState<CityMapData | null | undefined>();
  useEffect(() => {
    let current = true;
    cityMap ??= api
      .GET('/api/v1/complaints/map')
      .then(({ data: loaded }) => loaded ?? null)
      .catch(() => null);
    void cityMap.then((loaded) => {
      if (loaded === null) cityMap = undefined;
      if (current) setData(loaded);
    });
    return () => {
      current = false;
    };
  }, []);
  return data;
}

const COLOURS: Record<ComplaintStatus, string> = {
  for_triage: 'govuk-tag--blue',
  investigating: 'govuk-tag--light-blue',
  action_scheduled: 'govuk-tag--purple',
  in_progress: 'govuk-tag--yellow',
  fixed: 'govuk-tag--green',
  duplicate: 'govuk-tag--grey',
  not_responsible: 'govuk-tag--grey',
  no_further_action: 'govuk-tag--grey',
  internal_referral: 'govuk-tag--orange',
};

/** A report's status as a GOV.UK tag. */
export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  const { t } = useI18n();
  return (
    <strong className={`govuk-tag ${COLOURS[status]}`}>{t(`complaints.status.${status}`)}</strong>
  );
}

/** Statuses that resolve a case: feedback is asked, reopening may be allowed. */
export const RESOLVED: readonly ComplaintStatus[] = [
  'fixed',
  'duplicate',
  'not_responsible',
  'no_further_action',
  'internal_referral',
];

/** A summary list row. */
export function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
