import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { problemCode, type DocumentKind } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { formatBytes, newKey } from '../../components/applicant/format';
import { markAnswered } from '../../components/applicant/sections';
import { NotYours, SignedInOnly } from '../../components/applicant/SignedInOnly';
import { downloadFile, uploadDocument } from '../../components/applicant/transfer';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n } from '../../i18n/i18n';
import { returnTo } from './navigation';

/** File extensions the browser may not give a type for, by the content types a kind allows. */
const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
  'image/webp': ['webp'],
};
const FORMAT_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/tiff': 'TIFF',
  'image/webp': 'WebP',
};

/**
 * The application's documents, one kind at a time: what the type asks for (allowed formats and
 * size, checked here before anything is sent), the file stored now, and an upload with a
 * progress bar (XMLHttpRequest through the gateway's upload route). A new upload of a kind is
 * its next version (replace); the API has no removal of a document.
 */
export function Component() {
  return (
    <SignedInOnly>
      <Documents />
    </SignedInOnly>
  );
}

interface Progress {
  kind: string;
  fraction: number;
  done: boolean;
}

function Documents() {
  const { t, language, formatDateTime } = useI18n();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const typeName = usePermitTypeName();
  const { application, definition, failed, notFound, reload } = useApplication(id);
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [progress, setProgress] = useState<Progress>();
  /** Bumped after an upload, so the file input starts empty again. */
  const [uploads, setUploads] = useState(0);
  usePageTitle(t('applicant.docs.title'), errors.length > 0 || failed);

  if (notFound) return <NotYours t={t} />;
  if (!application || !definition)
    return (
      <>
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        <h1 className="govuk-heading-l">{t('applicant.docs.title')}</h1>
        {failed ? null : <p className="govuk-body">{t('page.loading')}</p>}
      </>
    );

  const editable = application.status === 'draft' || application.status === 'changes_requested';
  const back = returnTo(
    params,
    application.status === 'draft' ? `/applications/${id}/task-list` : `/applications/${id}`,
  );
  const kindName = (kind: DocumentKind) => kind.names?.[language] ?? kind.names?.en ?? kind.kind;
  const inputId = (kind: string) => `file-${kind}`;

  const upload = async (event: FormEvent, kind: DocumentKind) => {
    event.preventDefault();
    const file = files[kind.kind];
    const field = inputId(kind.kind);
    const fail = (message: string) => setErrors([{ field, message }]);
    if (!file) return fail(t('applicant.docs.error.missing', { name: kindName(kind) }));
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    const typeOk = file.type
      ? kind.contentTypes.includes(file.type as DocumentKind['contentTypes'][number])
      : kind.contentTypes.some((type) => EXTENSIONS[type]?.includes(extension));
    const formats = kind.contentTypes.map((type) => FORMAT_NAMES[type] ?? type).join(', ');
    if (!typeOk) return fail(t('applicant.docs.error.type', { formats }));
    if (file.size === 0) return fail(t('applicant.docs.error.empty'));
    if (file.size > kind.maxBytes)
      return fail(t('applicant.docs.error.size', { max: formatBytes(kind.maxBytes, language) }));
    setErrors([]);
    setProgress({ kind: kind.kind, fraction: 0, done: false });
    try {
      const answer = await uploadDocument(id, kind.kind, file, newKey(), (fraction) =>
        setProgress({ kind: kind.kind, fraction, done: false }),
      );
      if (answer.status === 201) {
        setProgress({ kind: kind.kind, fraction: 1, done: true });
        setFiles((previous) => ({ ...previous, [kind.kind]: undefined }));
        setUploads((n) => n + 1);
        markAnswered(id, `document:${kind.kind}`);
        await reload();
        return;
      }
      setProgress(undefined);
      const code = problemCode(answer.body);
      fail(
        code === 'PERMITS.DOCUMENT_TOO_LARGE'
          ? t('applicant.docs.error.size', { max: formatBytes(kind.maxBytes, language) })
          : code === 'PERMITS.DOCUMENT_CONTENT_TYPE'
            ? t('applicant.docs.error.type', { formats })
            : code === 'PERMITS.DOCUMENT_KIND_NOT_ALLOWED'
              ? t('applicant.task.error.notEditable')
              : t('error.unavailable'),
      );
    } catch {
      setProgress(undefined);
      fail(t('error.unavailable'));
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{typeName(application.permitType)}</span>
        <h1 className="govuk-heading-l">{t('applicant.docs.title')}</h1>
        <p className="govuk-body">{t('applicant.docs.lead')}</p>
        {definition.documentKinds.map((kind) => {
          const stored = application.documents.find((d) => d.kind === kind.kind)?.latest;
          const error = errors.find((e) => e.field === inputId(kind.kind))?.message;
          const shown = progress?.kind === kind.kind ? progress : undefined;
          const percent = shown ? Math.round(shown.fraction * 100) : 0;
          const formats = kind.contentTypes.map((type) => FORMAT_NAMES[type] ?? type).join(', ');
          return (
            <section
              className="govuk-summary-card"
              key={kind.kind}
              aria-labelledby={`kind-${kind.kind}`}
            >
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title" id={`kind-${kind.kind}`}>
                  {kindName(kind)}{' '}
                  <strong
                    className={`govuk-tag ${kind.required ? 'govuk-tag--blue' : 'govuk-tag--grey'}`}
                  >
                    {t(kind.required ? 'applicant.docs.required' : 'applicant.docs.optional')}
                  </strong>
                </h2>
              </div>
              <div className="govuk-summary-card__content">
                <dl className="govuk-summary-list">
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">{t('applicant.docs.current')}</dt>
                    <dd className="govuk-summary-list__value">
                      {stored ? (
                        <>
                          <button
                            type="button"
                            className="civic-link-button govuk-body"
                            onClick={() =>
                              void downloadFile(
                                `/api/v1/applications/${id}/documents/${stored.id}`,
                                stored.contentType,
                                stored.fileName,
                              )
                            }
                          >
                            {stored.fileName}
                          </button>
                          <br />
                          {t('applicant.docs.storedAt', {
                            size: formatBytes(stored.sizeBytes, language),
                            version: stored.version,
                            time: formatDateTime(new Date(stored.uploadedAt)),
                          })}
                        </>
                      ) : (
                        t('applicant.docs.none')
                      )}
                    </dd>
                  </div>
                </dl>
                {editable ? (
                  <form noValidate onSubmit={(event) => void upload(event, kind)}>
                    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
                      <label className="govuk-label" htmlFor={inputId(kind.kind)}>
                        {t(stored ? 'applicant.docs.replace' : 'applicant.docs.choose', {
                          name: kindName(kind),
                        })}
                      </label>
                      <div id={`${inputId(kind.kind)}-hint`} className="govuk-hint">
                        {t('applicant.docs.hint', {
                          formats,
                          max: formatBytes(kind.maxBytes, language),
                        })}
                      </div>
                      {error ? (
                        <p id={`${inputId(kind.kind)}-error`} className="govuk-error-message">
                          <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
                        </p>
                      ) : null}
                      <input
                        key={uploads}
                        className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
                        id={inputId(kind.kind)}
                        name={inputId(kind.kind)}
                        type="file"
                        accept={kind.contentTypes.join(',')}
                        aria-describedby={`${inputId(kind.kind)}-hint${error ? ` ${inputId(kind.kind)}-error` : ''}`}
                        onChange={(event) =>
                          setFiles((previous) => ({
                            ...previous,
                            [kind.kind]: event.target.files?.[0],
                          }))
                        }
                      />
                    </div>
                    {shown ? (
                      <div className="govuk-form-group civic-progress">
                        <label
                          className="govuk-label govuk-label--s"
                          htmlFor={`progress-${kind.kind}`}
                        >
                          {t(shown.done ? 'applicant.docs.uploaded' : 'applicant.docs.uploading')}
                        </label>
                        <progress id={`progress-${kind.kind}`} max={100} value={percent}>
                          {percent}%
                        </progress>{' '}
                        <span className="govuk-body-s" role="status">
                          {t('applicant.docs.percent', { percent })}
                        </span>
                      </div>
                    ) : null}
                    <button
                      type="submit"
                      className="govuk-button govuk-button--secondary"
                      disabled={shown !== undefined && !shown.done}
                    >
                      {t(stored ? 'applicant.docs.replaceButton' : 'applicant.docs.uploadButton')}
                    </button>
                  </form>
                ) : null}
              </div>
            </section>
          );
        })}
        <Link className="govuk-button" to={back} role="button" draggable={false}>
          {t('applicant.docs.continue')}
        </Link>
      </div>
    </div>
  );
}
