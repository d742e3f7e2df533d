import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { DocumentView } from './types';

/** What the browser can show inline, by the type the gateway read from the file's bytes. */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const PDF = 'application/pdf';
/** A PDF becomes a data: URL to be framed; larger ones are offered as a download only. */
const PDF_PREVIEW_MAX_BYTES = 1_500_000;

const dataUrl = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error('unreadable'));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/**
 * A document shown inline from the bytes the page fetched (GET …/documents/{docId}: an
 * attachment with nosniff and `sandbox; default-src 'none'`, never opened as a page of this
 * origin). Nothing of it ever runs on the app's origin:
 * - an image is an `<img>` of a blob (an image runs nothing);
 * - a PDF is a `data:application/pdf` URL in a frame — typed by the page, whatever the answer
 *   said, and a data: frame has an opaque origin of its own — that the browser's PDF viewer
 *   renders (Chromium renders no PDF in a `sandbox`ed frame, which is why it is a data: URL);
 * - anything else (TIFF), and a PDF too large for a data: URL, is offered as a download only.
 * The download link is a blob typed `application/octet-stream` with a `download` name.
 */
export function DocumentPreview({
  applicationId,
  document,
}: {
  applicationId: string;
  document: DocumentView;
}) {
  const { t } = useI18n();
  const [shown, setShown] = useState<{ preview?: string; download: string } | undefined>();
  const [failed, setFailed] = useState(false);
  const kind = IMAGE_TYPES.includes(document.contentType)
    ? 'image'
    : document.contentType === PDF && document.sizeBytes <= PDF_PREVIEW_MAX_BYTES
      ? 'pdf'
      : 'other';

  useEffect(() => {
    const urls: string[] = [];
    let current = true;
    const load = async () => {
      const { data } = await api.GET('/api/v1/applications/{id}/documents/{docId}', {
        params: { path: { id: applicationId, docId: document.id } },
        parseAs: 'blob',
      });
      if (!(data instanceof Blob)) throw new Error('no document');
      const download = URL.createObjectURL(new Blob([data], { type: 'application/octet-stream' }));
      urls.push(download);
      let preview: string | undefined;
      if (kind === 'image') {
        preview = URL.createObjectURL(new Blob([data], { type: document.contentType }));
        urls.push(preview);
      } else if (kind === 'pdf') {
        preview = await dataUrl(new Blob([data], { type: PDF }));
      }
      if (current) setShown({ preview, download });
    };
    load().catch(() => current && setFailed(true));
    return () => {
      current = false;
      urls.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [applicationId, document.id, document.contentType, kind]);

  if (failed)
    return <p className="govuk-body govuk-error-message">{t('staff.documents.failed')}</p>;
  if (!shown) return <p className="govuk-body">{t('page.loading')}</p>;
  const title = t('staff.documents.previewOf', { name: document.fileName });
  return (
    <div className="civic-preview">
      {kind === 'image' ? (
        <img className="civic-preview__image" src={shown.preview} alt={title} />
      ) : kind === 'pdf' ? (
        <iframe className="civic-preview__frame" src={shown.preview} title={title} />
      ) : (
        <p className="govuk-body">{t('staff.documents.noPreview')}</p>
      )}
      <p className="govuk-body">
        <a className="govuk-link" href={shown.download} download={document.fileName}>
          {t('staff.documents.download', { name: document.fileName })}
        </a>
      </p>
    </div>
  );
}
