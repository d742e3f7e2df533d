import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { newKey } from '../../components/applicant/format';
import { NotYours, SignedInOnly } from '../../components/applicant/SignedInOnly';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n } from '../../i18n/i18n';
import { WITHDRAWABLE } from '../../components/applicant/sections';

/** Withdraw an application, after a confirmation (POST /api/v1/applications/{id}/withdraw). */
export function Component() {
  return (
    <SignedInOnly>
      <Withdraw />
    </SignedInOnly>
  );
}

function Withdraw() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { application, failed, notFound } = useApplication(id);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  usePageTitle(t('applicant.withdraw.title'), errors.length > 0 || failed);

  if (notFound) return <NotYours t={t} />;

  const withdraw = async () => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/applications/{id}/withdraw', {
        params: { path: { id }, header: { 'Idempotency-Key': key.current } },
      });
      if (data) {
        await navigate(`/applications/${id}?withdrawn=1`);
        return;
      }
      key.current = newKey();
      setErrors([{ message: t('applicant.withdraw.error') }]);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const allowed = application ? WITHDRAWABLE.includes(application.status) : false;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : errors} />
        {application ? <span className="govuk-caption-l">{application.title}</span> : null}
        <h1 className="govuk-heading-l">{t('applicant.withdraw.title')}</h1>
        {application === undefined ? (
          failed ? null : (
            <p className="govuk-body">{t('page.loading')}</p>
          )
        ) : allowed ? (
          <>
            <p className="govuk-body">{t('applicant.withdraw.text')}</p>
            {application.fee && application.status !== 'draft' ? (
              <p className="govuk-body">{t('applicant.withdraw.refund')}</p>
            ) : null}
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">{t('applicant.withdraw.warning')}</span>
                {t('applicant.withdraw.cannotUndo')}
              </strong>
            </div>
            <div className="govuk-button-group">
              <button
                type="button"
                className="govuk-button govuk-button--warning"
                disabled={busy}
                onClick={() => void withdraw()}
              >
                {t('applicant.withdraw.button')}
              </button>
              <Link className="govuk-link" to={`/applications/${id}`}>
                {t('applicant.withdraw.cancel')}
              </Link>
            </div>
          </>
        ) : (
          <>
            <p className="govuk-body">{t('applicant.withdraw.notAllowed')}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/applications/${id}`}>
                {t('applicant.task.toStatus')}
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
