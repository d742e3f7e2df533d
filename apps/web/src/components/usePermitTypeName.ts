import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';

type Names = Record<string, Record<string, string>>;

/** The permit types' names per language, fetched once per page load (GET /api/v1/permit-types). */
let names: Promise<Names> | undefined;
const loadNames = (): Promise<Names> =>
  (names ??= api
    .GET('/api/v1/permit-types')
    .then(({ data }) =>
      Object.fromEntries((data?.items ?? []).map((t) => [t.code, t.definition.names ?? {}])),
    )
    .catch(() => ({})));

/**
 * A permit type's name in the page's language: its name in that language, else its English
 * name, else its code (while the names load, or for a type no longer offered).
 */
export const usePermitTypeName = (): ((code: string) => string) => {
  const { language } = useI18n();
  const [known, setKnown] = useState<Names>({});
  useEffect(() => {
    let current = true;
    void loadNames().then((loaded) => current && setKnown(loaded));
    return () => {
      current = false;
    };
  }, []);
  return (code) => known[code]?.[language] ?? known[code]?.en ?? code;
};
