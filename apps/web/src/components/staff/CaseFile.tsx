import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { DocumentPreview } from './DocumentPreview';
import { LOCALES } from './duration';
import { Row } from './fields';
import { reasonName, revisionKeyName, roleName, transitionName } from './labels';
import type { ApplicationView, DocumentView } from './types';

/** A value of the applicant's form as text (the form schema's values are JSON). */
const shown = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The case file: what the applicant submitted (site, form, quantities, documents with an
 * inline preview each), the open revision items, the inspections, and the history of every
 * transition.
 */
export function CaseFile({
  view,
  typeName,
}: {
  view: ApplicationView;
  typeName: (code: string) => string;
}) {
  const { t, language, formatDateTime, formatDate } = useI18n();
  const locale = LOCALES[language];
  const [previewing, setPreviewing] = useState<string[]>([]);
  const toggle = (document: DocumentView) =>
    setPreviewing((ids) =>
      ids.includes(document.id) ? ids.filter((i) => i !== document.id) : [...ids, document.id],
    );
  const size = (bytes: number) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'kilobyte',
      maximumFractionDigits: 1,
    }).format(bytes / 1000);

  return (
    <>
      <h2 className="govuk-heading-m">{t('staff.file.application')}</h2>
      <dl className="govuk-summary-list">
        <Row label={t('staff.file.type')}>{typeName(view.permitType)}</Row>
        <Row label={t('staff.file.site')}>{view.site.address}</Row>
        {view.submittedAt ? (
          <Row label={t('staff.file.submitted')}>{formatDateTime(new Date(view.submittedAt))}</Row>
        ) : null}
        {Object.entries(view.details).map(([name, value]) => (
          <Row key={`field:${name}`} label={name}>
            <span className="civic-pre">{shown(value)}</span>
          </Row>
        ))}
        {Object.entries(view.quantities).map(([code, value]) => (
          <Row key={`quantity:${code}`} label={code}>
            {value}
          </Row>
        ))}
        {view.fee ? (
          <Row label={t('staff.file.fee')}>
            {new Intl.NumberFormat(locale, {
              style: 'currency',
              currency: view.fee.currency,
            }).format(view.fee.amountMinor / 100)}
          </Row>
        ) : null}
      </dl>

      <h2 className="govuk-heading-m">{t('staff.file.documents')}</h2>
      {view.documents.length === 0 ? (
        <p className="govuk-body">{t('staff.file.noDocuments')}</p>
      ) : null}
      {view.documents.map((kind) =>
        kind.latest ? (
          <div className="govuk-summary-card" key={kind.kind}>
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{kind.kind}</h3>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <Row label={t('staff.file.fileName')}>{kind.latest.fileName}</Row>
                <Row label={t('staff.file.version')}>
                  {t('staff.file.versionValue', {
                    version: kind.latest.version,
                    date: formatDate(kind.latest.uploadedAt),
                  })}
                </Row>
                <Row label={t('staff.file.size')}>
                  {t('staff.file.sizeValue', {
                    type: kind.latest.contentType,
                    size: size(kind.latest.sizeBytes),
                  })}
                </Row>
              </dl>
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                aria-expanded={previewing.includes(kind.latest.id)}
                onClick={() => kind.latest && toggle(kind.latest)}
              >
                {previewing.includes(kind.latest.id)
                  ? t('staff.documents.hide', { name: kind.latest.fileName })
                  : t('staff.documents.preview', { name: kind.latest.fileName })}
              </button>
              {previewing.includes(kind.latest.id) ? (
                <DocumentPreview applicationId={view.id} document={kind.latest} />
              ) : null}
            </div>
          </div>
        ) : null,
      )}

      {view.revisionItems.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">{t('staff.file.revisionItems')}</h2>
          <ul className="govuk-list govuk-list--bullet">
            {view.revisionItems.map((item) => (
              <li key={`${item.key}:${item.round}`}>
                {t('staff.file.revisionItem', {
                  item: revisionKeyName(t, item.key),
                  round: item.round,
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {view.inspections.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">{t('staff.file.inspections')}</h2>
          <dl className="govuk-summary-list">
            {view.inspections.map((inspection) => (
              <Row
                key={inspection.id}
                label={t('staff.file.inspectionRound', { round: inspection.round })}
              >
                {t('staff.file.inspectionValue', {
                  date: formatDate(inspection.scheduledFor),
                  status: t(`staff.inspection.${inspection.status}`),
                })}
              </Row>
            ))}
          </dl>
        </>
      ) : null}

      <h2 className="govuk-heading-m">{t('staff.file.history')}</h2>
      <ol className="govuk-list civic-history">
        {view.timeline.map((entry, n) => (
          <li key={`${entry.transition}:${n}`} className="civic-history__entry">
            <p className="govuk-body govuk-!-margin-bottom-1">
              <strong>{transitionName(t, entry.transition)}</strong>
            </p>
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              {t('staff.history.meta', {
                when: formatDateTime(new Date(entry.at)),
                who: entry.actorRole ? roleName(t, entry.actorRole) : t('staff.role.system'),
              })}
            </p>
            {entry.reasonCode ? (
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                {t('staff.history.reason', { reason: reasonName(t, entry.reasonCode) })}
              </p>
            ) : null}
            {entry.revisionItemKeys.length > 0 ? (
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                {t('staff.history.items', {
                  items: new Intl.ListFormat(locale).format(
                    entry.revisionItemKeys.map((k) => revisionKeyName(t, k)),
                  ),
                })}
              </p>
            ) : null}
            {entry.note ? <p className="govuk-body-s civic-pre">{entry.note}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
