import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n';

/** The document's title: the page's heading and the service, "Error: " first when in error. */
export const usePageTitle = (heading: string, inError = false): void => {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${inError ? `${t('error.prefix')} ` : ''}${heading} – ${t('page.title.suffix')}`;
  }, [heading, inError, t]);
};
