import { Link, useParams } from 'react-router';
import { ErrorSummary } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { sectionsOf } from '../../components/applicant/sections';
import { NotYours, SignedInOnly } from '../../components/applicant/SignedInOnly';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n } from '../../i18n/i18n';

/** A draft's task list (GOV.UK task list): each part of the application and its status. */
export function Component() {
  return (
    <SignedInOnly>
      <TaskList />
    </SignedInOnly>
  );
}

type Status = 'done' | 'incomplete' | 'notStarted' | 'cannotStart';

function TaskList() {
  const { t, language } = useI18n();
  const { id = '' } = useParams();
  const typeName = usePermitTypeName();
  const { application, definition, failed, notFound } = useApplication(id);
  usePageTitle(t('applicant.task.title'), failed);

  if (notFound) return <NotYours t={t} />;
  if (!application || !definition)
    return (
      <>
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        <h1 className="govuk-heading-l">{t('applicant.task.title')}</h1>
        {failed ? null : <p className="govuk-body">{t('page.loading')}</p>}
      </>
    );
  if (application.status !== 'draft')
    return (
      <>
        <h1 className="govuk-heading-l">{t('applicant.task.title')}</h1>
        <p className="govuk-body">{t('applicant.task.notDraft')}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/applications/${id}`}>
            {t('applicant.task.toStatus')}
          </Link>
        </p>
      </>
    );

  const s = sectionsOf(application, definition, language);
  const status = (done: boolean, started: boolean): Status =>
    done ? 'done' : started ? 'incomplete' : 'notStarted';
  const tasks: { name: string; to: string; status: Status; hint?: string }[] = [
    { name: t('applicant.task.about'), to: `/applications/${id}/about`, status: 'done' },
    ...(s.details.length
      ? [
          {
            name: t('applicant.task.details'),
            to: `/applications/${id}/details/0`,
            status: status(s.detailsDone, s.detailsStarted),
            hint:
              s.detailPages.length > 1
                ? t('applicant.task.questions', { count: s.details.length })
                : undefined,
          },
        ]
      : []),
    ...(s.quantities.length
      ? [
          {
            name: t('applicant.task.quantities'),
            to: `/applications/${id}/quantities`,
            status: status(s.quantitiesDone, s.quantitiesStarted),
          },
        ]
      : []),
    {
      name: t('applicant.task.documents'),
      to: `/applications/${id}/documents`,
      status: status(s.documentsDone, s.documentsStarted),
    },
  ];
  const ready = tasks.every((task) => task.status === 'done');
  tasks.push({
    name: t('applicant.task.check'),
    to: `/applications/${id}/check`,
    status: ready ? 'notStarted' : 'cannotStart',
  });
  const done = tasks.filter((task) => task.status === 'done').length;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{typeName(application.permitType)}</span>
        <h1 className="govuk-heading-l">{t('applicant.task.title')}</h1>
        <p className="govuk-body">{application.title}</p>
        <p className="govuk-body">{t('applicant.task.progress', { done, total: tasks.length })}</p>
        <ul className="govuk-task-list">
          {tasks.map((task, n) => (
            <li
              key={task.to}
              className={`govuk-task-list__item${task.status === 'cannotStart' ? '' : ' govuk-task-list__item--with-link'}`}
            >
              <div className="govuk-task-list__name-and-hint">
                {task.status === 'cannotStart' ? (
                  <div>{task.name}</div>
                ) : (
                  <Link
                    className="govuk-link govuk-task-list__link"
                    to={task.to}
                    aria-describedby={`task-${n}-status`}
                  >
                    {task.name}
                  </Link>
                )}
                {task.hint ? <div className="govuk-task-list__hint">{task.hint}</div> : null}
              </div>
              <div
                className={`govuk-task-list__status${task.status === 'cannotStart' ? ' govuk-task-list__status--cannot-start-yet' : ''}`}
                id={`task-${n}-status`}
              >
                {task.status === 'done' ? (
                  t('applicant.task.status.done')
                ) : task.status === 'cannotStart' ? (
                  t('applicant.task.status.cannotStart')
                ) : (
                  <strong
                    className={`govuk-tag ${task.status === 'incomplete' ? 'govuk-tag--light-blue' : 'govuk-tag--blue'}`}
                  >
                    {t(
                      task.status === 'incomplete'
                        ? 'applicant.task.status.incomplete'
                        : 'applicant.task.status.notStarted',
                    )}
                  </strong>
                )}
              </div>
            </li>
          ))}
        </ul>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/applications/${id}`}>
            {t('applicant.task.toStatus')}
          </Link>
        </p>
      </div>
    </div>
  );
}
