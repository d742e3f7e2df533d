import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { checkTreeHead, type Failure, type TreeHead } from '../../verification/log-proofs.js';
import { TRUSTED_LOG_KEYS } from '../../verification/trusted-keys.js';

export type LatestHead =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'unavailable' }
  /** `failure` undefined: its signature verified in this browser with a pinned key. */
  | { kind: 'loaded'; head: TreeHead; failure: Failure | undefined };

/**
 * The log's latest signed tree head (GET /api/v1/audit/tree-heads/latest, auditors), its
 * signature checked in the browser against the keys pinned in the build; `sign` asks the log to
 * sign one now (POST /api/v1/audit/tree-heads) and checks that one.
 */
export function useLatestTreeHead(enabled: boolean): {
  latest: LatestHead;
  sign: () => Promise<void>;
} {
  const [latest, setLatest] = useState<LatestHead>({ kind: 'loading' });

  const settle = useCallback(async (head: TreeHead | undefined, status: number) => {
    if (!head) {
      setLatest({ kind: status === 404 ? 'none' : 'unavailable' });
      return;
    }
    setLatest({ kind: 'loaded', head, failure: await checkTreeHead(head, TRUSTED_LOG_KEYS) });
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    api
      .GET('/api/v1/audit/tree-heads/latest')
      .then(async ({ data, response }) => {
        if (current) await settle(data, response.status);
      })
      .catch(() => current && setLatest({ kind: 'unavailable' }));
    return () => {
      current = false;
    };
  }, [enabled, settle]);

  const sign = useCallback(async () => {
    setLatest({ kind: 'loading' });
    try {
      const { data, response } = await api.POST('/api/v1/audit/tree-heads', {
        params: { header: {} },
      });
      await settle(data, response.status);
    } catch {
      setLatest({ kind: 'unavailable' });
    }
  }, [settle]);

  return { latest, sign };
}
