import type { ApplicationSummary } from '../api/client';
import { useI18n } from '../i18n/i18n';

const COLOURS: Record<ApplicationSummary['status'], string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  changes_requested: 'govuk-tag--orange',
  awaiting_payment: 'govuk-tag--yellow',
  under_review: 'govuk-tag--light-blue',
  inspection: 'govuk-tag--purple',
  approved: 'govuk-tag--green',
  issued: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
  withdrawn: 'govuk-tag--grey',
  lapsed: 'govuk-tag--grey',
};

/** An application's status as a GOV.UK tag. */
export function StatusTag({ status }: { status: ApplicationSummary['status'] }) {
  const { t } = useI18n();
  return <strong className={`govuk-tag ${COLOURS[status]}`}>{t(`status.${status}`)}</strong>;
}
