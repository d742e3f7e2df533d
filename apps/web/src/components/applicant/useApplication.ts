import { useCallback, useEffect, useState } from 'react';
import { api, type ApplicationView, type PermitTypeDefinition } from '../../api/client';
import { useSession } from '../../session/session';

export interface LoadedApplication {
  application?: ApplicationView;
  /** The type version the application is pinned to. */
  definition?: PermitTypeDefinition;
  /** The API did not answer, or the application is not the caller's. */
  failed: boolean;
  notFound: boolean;
  reload: () => Promise<ApplicationView | undefined>;
  /** Replaces the shown application with one an answer carried. */
  setApplication: (application: ApplicationView) => void;
}

const definitions = new Map<string, Promise<PermitTypeDefinition | undefined>>();

/** A permit type's definition at one version (GET /api/v1/permit-types/{code}?version=), once per page load. */
export const loadDefinition = (
  code: string,
  version?: number,
): Promise<PermitTypeDefinition | undefined> => {
  const key = `${code}@${version ?? 'current'}`;
  let found = definitions.get(key);
  if (!found) {
    found = api
      .GET('/api/v1/permit-types/{code}', {
        params: { path: { code }, query: version === undefined ? {} : { version } },
      })
      .then(({ data }) => data?.definition);
    definitions.set(key, found);
    void found.then((d) => d === undefined && definitions.delete(key));
  }
  return found;
};

/** The signed-in applicant's application and its type version (GET /api/v1/applications/{id}). */
export function useApplication(id: string | undefined): LoadedApplication {
  const { session } = useSession();
  const [application, setApplication] = useState<ApplicationView>();
  const [definition, setDefinition] = useState<PermitTypeDefinition>();
  const [failed, setFailed] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const signedIn = session.status === 'signed-in';

  const reload = useCallback(async () => {
    if (!id) return undefined;
    try {
      const { data, response } = await api.GET('/api/v1/applications/{id}', {
        params: { path: { id } },
      });
      if (!data) {
        if (response.status === 404 || response.status === 403 || response.status === 422)
          setNotFound(true);
        else setFailed(true);
        return undefined;
      }
      setApplication(data);
      setFailed(false);
      const loaded = await loadDefinition(data.permitType, data.typeVersion);
      if (loaded) setDefinition(loaded);
      else setFailed(true);
      return data;
    } catch {
      setFailed(true);
      return undefined;
    }
  }, [id]);

  useEffect(() => {
    if (signedIn) void reload();
  }, [reload, signedIn]);

  return { application, definition, failed, notFound, reload, setApplication };
}
