import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';

export function Component() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1 className="govuk-heading-l">{t('notFound.title')}</h1>
      <p className="govuk-body">{t('notFound.text')}</p>
    </>
  );
}
