import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api/client';
import { TextInput } from '../TextInput';
import { useI18n } from '../../i18n/i18n';
import type { StaffKey } from '../../i18n/staff.en';
import type { StaffError } from './problems';
import { Checkboxes, Radios, Select, Textarea } from './fields';
import {
  CHANGE_REASONS,
  CONDITION_CODES,
  HOLD_REASONS,
  REJECT_REASONS,
  REVOKE_REASONS,
  reasonName,
  revisionKeyName,
} from './labels';
import type { ApplicationView, InspectorView } from './types';

type Outcome = { error?: unknown; response: Response };
type FieldMap = Record<string, { id: string; message: StaffKey }>;

/** What every action form gets from the case page: how to send, and the errors to show. */
export interface ActionContext {
  view: ApplicationView;
  busy: boolean;
  errorOf: (field: string) => string | undefined;
  /** Client-side errors found before sending. */
  refuse: (errors: StaffError[]) => void;
  /**
   * Sends the action with a fresh Idempotency-Key; on success the page says `done` and reads
   * the case again, else it shows the problem's errors (`fields`, `codes` map them to fields).
   */
  send: (
    action: string,
    call: (key: string) => Promise<Outcome>,
    done: StaffKey,
    fields?: FieldMap,
    codes?: FieldMap,
  ) => Promise<boolean>;
}

/** One action: a GOV.UK details element holding its form (open while it has errors). */
export function ActionDetails({
  name,
  summary,
  open,
  setOpen,
  children,
}: {
  name: string;
  summary: string;
  open: string | undefined;
  setOpen: (name: string | undefined) => void;
  children: ReactNode;
}) {
  return (
    <details
      className="govuk-details"
      id={`action-${name}`}
      open={open === name}
      onToggle={(event) => {
        const isOpen = event.currentTarget.open;
        if (isOpen && open !== name) setOpen(name);
        if (!isOpen && open === name) setOpen(undefined);
      }}
    >
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

/** The case's path and the request's Idempotency-Key (a fresh one per attempt). */
const target = (view: ApplicationView, k: string) => ({
  params: { path: { id: view.id }, header: { 'Idempotency-Key': k } },
});

export function ClaimForm({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void ctx.send(
          'claim',
          (k) => api.POST('/api/v1/tasks/{id}/claim', target(ctx.view, k)),
          'staff.done.claimed',
        );
      }}
    >
      <button type="submit" className="govuk-button" disabled={ctx.busy}>
        {t('staff.action.claim')}
      </button>
    </form>
  );
}

type Decision = 'confirm_complete' | 'approve' | 'reject' | 'request_changes';

const decide = (
  ctx: ActionContext,
  action: string,
  body: {
    decision: Decision;
    reasonCode?: string;
    note?: string;
    revisionItems?: { key: string; note?: string }[];
  },
  done: StaffKey,
  fields: FieldMap,
) =>
  ctx.send(
    action,
    (k) => api.POST('/api/v1/applications/{id}/decisions', { ...target(ctx.view, k), body }),
    done,
    fields,
    {
      'PERMITS.REASON_REQUIRED': { id: `${action}-reason`, message: 'staff.error.reasonMissing' },
      'PERMITS.REVISION_ITEMS_REQUIRED': {
        id: `${action}-items`,
        message: 'staff.error.itemsMissing',
      },
    },
  );

const noteField = (action: string): FieldMap => ({
  note: { id: `${action}-note`, message: 'staff.error.noteInvalid' },
});

/** confirm_complete or approve: an optional note. */
export function SimpleDecisionForm({
  ctx,
  decision,
  button,
  done,
}: {
  ctx: ActionContext;
  decision: 'confirm_complete' | 'approve';
  button: StaffKey;
  done: StaffKey;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const action = decision === 'approve' ? 'approve' : 'complete';
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void decide(
          ctx,
          action,
          { decision, ...(note.trim() ? { note: note.trim() } : {}) },
          done,
          noteField(action),
        );
      }}
    >
      <Textarea
        id={`${action}-note`}
        label={t('staff.field.noteOptional')}
        hint={t('staff.field.noteHint')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf(`${action}-note`)}
      />
      <button type="submit" className="govuk-button" disabled={ctx.busy}>
        {t(button)}
      </button>
    </form>
  );
}

export function RejectForm({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return ctx.refuse([{ field: 'reject-reason', key: 'staff.error.reasonMissing' }]);
    void decide(
      ctx,
      'reject',
      { decision: 'reject', reasonCode: reason, ...(note.trim() ? { note: note.trim() } : {}) },
      'staff.done.rejected',
      {
        reasonCode: { id: 'reject-reason', message: 'staff.error.reasonMissing' },
        ...noteField('reject'),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Radios
        id="reject-reason"
        legend={t('staff.field.rejectReason')}
        choices={REJECT_REASONS.map((code) => ({ value: code, label: reasonName(t, code) }))}
        value={reason}
        onChange={setReason}
        error={ctx.errorOf('reject-reason')}
        small
      />
      <Textarea
        id="reject-note"
        label={t('staff.field.noteToApplicant')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf('reject-note')}
      />
      <button type="submit" className="govuk-button govuk-button--warning" disabled={ctx.busy}>
        {t('staff.action.reject')}
      </button>
    </form>
  );
}

/** The items the applicant may be asked to revise: each document kind, form field, quantity. */
const revisable = (view: ApplicationView): string[] => [
  ...view.documents.map((d) => `document:${d.kind}`),
  ...Object.keys(view.details).map((name) => `field:${name}`),
  ...Object.keys(view.quantities).map((code) => `quantity:${code}`),
];

export function RequestChangesForm({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState<string[]>([]);
  const [itemNotes, setItemNotes] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const items = revisable(ctx.view);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: StaffError[] = [];
    if (!reason) found.push({ field: 'changes-reason', key: 'staff.error.reasonMissing' });
    if (checked.length === 0)
      found.push({ field: 'changes-items', key: 'staff.error.itemsMissing' });
    if (found.length > 0) return ctx.refuse(found);
    void decide(
      ctx,
      'changes',
      {
        decision: 'request_changes',
        reasonCode: reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        revisionItems: items
          .filter((item) => checked.includes(item))
          .map((item) => ({
            key: item,
            ...(itemNotes[item]?.trim() ? { note: itemNotes[item].trim() } : {}),
          })),
      },
      'staff.done.changesRequested',
      {
        reasonCode: { id: 'changes-reason', message: 'staff.error.reasonMissing' },
        revisionItems: { id: 'changes-items', message: 'staff.error.itemsInvalid' },
        ...noteField('changes'),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Radios
        id="changes-reason"
        legend={t('staff.field.changesReason')}
        choices={CHANGE_REASONS.map((code) => ({ value: code, label: reasonName(t, code) }))}
        value={reason}
        onChange={setReason}
        error={ctx.errorOf('changes-reason')}
        small
      />
      <Checkboxes
        id="changes-items"
        legend={t('staff.field.changesItems')}
        hint={t('staff.field.changesItemsHint')}
        error={ctx.errorOf('changes-items')}
        checked={checked}
        onChange={setChecked}
        choices={items.map((item, n) => ({
          value: item,
          label: revisionKeyName(t, item),
          reveal: (
            <Textarea
              id={`changes-item-note-${n}`}
              label={t('staff.field.itemNote', { item: revisionKeyName(t, item) })}
              value={itemNotes[item] ?? ''}
              onChange={(value) => setItemNotes({ ...itemNotes, [item]: value })}
              rows={2}
            />
          ),
        }))}
      />
      <Textarea
        id="changes-note"
        label={t('staff.field.noteToApplicant')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf('changes-note')}
      />
      <button type="submit" className="govuk-button" disabled={ctx.busy}>
        {t('staff.action.requestChanges')}
      </button>
    </form>
  );
}

/** Today in the city's time zone, as YYYY-MM-DD. */
export const todayIn = (timeZone: string | undefined): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

export function ScheduleForm({
  ctx,
  inspectors,
  today,
}: {
  ctx: ActionContext;
  inspectors: InspectorView[];
  today: string;
}) {
  const { t } = useI18n();
  const [inspector, setInspector] = useState('');
  const [date, setDate] = useState(today);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: StaffError[] = [];
    if (!inspector)
      found.push({ field: 'schedule-inspector', key: 'staff.error.inspectorMissing' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      found.push({ field: 'schedule-date', key: 'staff.error.dateInvalid' });
    if (found.length > 0) return ctx.refuse(found);
    void ctx.send(
      'schedule',
      (k) =>
        api.POST('/api/v1/applications/{id}/inspections', {
          ...target(ctx.view, k),
          body: { inspectorId: inspector, date },
        }),
      'staff.done.scheduled',
      {
        inspectorId: { id: 'schedule-inspector', message: 'staff.error.inspectorMissing' },
        date: { id: 'schedule-date', message: 'staff.error.dateInvalid' },
      },
      {
        'PERMITS.NOT_AN_INSPECTOR': {
          id: 'schedule-inspector',
          message: 'staff.error.inspectorMissing',
        },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Select
        id="schedule-inspector"
        label={t('staff.field.inspector')}
        value={inspector}
        onChange={setInspector}
        error={ctx.errorOf('schedule-inspector')}
        choices={[
          { value: '', label: t('staff.field.inspectorChoose') },
          ...inspectors.map((i) => ({ value: i.id, label: i.fullName })),
        ]}
      />
      <TextInput
        id="schedule-date"
        label={t('staff.field.date')}
        hint={t('staff.field.dateHint')}
        type="date"
        widthClass="govuk-input--width-10"
        value={date}
        onChange={(event) => setDate(event.target.value)}
        error={ctx.errorOf('schedule-date')}
      />
      <button type="submit" className="govuk-button" disabled={ctx.busy}>
        {t('staff.action.schedule')}
      </button>
    </form>
  );
}

export function AddConditionForm({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: StaffError[] = [];
    if (!code) found.push({ field: 'condition-code', key: 'staff.error.conditionCodeMissing' });
    if (!text.trim())
      found.push({ field: 'condition-text', key: 'staff.error.conditionTextMissing' });
    if (found.length > 0) return ctx.refuse(found);
    void ctx.send(
      'condition',
      (k) =>
        api.POST('/api/v1/applications/{id}/conditions', {
          ...target(ctx.view, k),
          body: { code, text: text.trim() },
        }),
      'staff.done.conditionAdded',
      {
        code: { id: 'condition-code', message: 'staff.error.conditionCodeMissing' },
        text: { id: 'condition-text', message: 'staff.error.conditionTextMissing' },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Radios
        id="condition-code"
        legend={t('staff.field.conditionCode')}
        choices={CONDITION_CODES.map((c) => ({ value: c, label: reasonName(t, c) }))}
        value={code}
        onChange={setCode}
        error={ctx.errorOf('condition-code')}
        small
      />
      <Textarea
        id="condition-text"
        label={t('staff.field.conditionText')}
        hint={t('staff.field.conditionTextHint')}
        value={text}
        onChange={setText}
        error={ctx.errorOf('condition-text')}
      />
      <button type="submit" className="govuk-button" disabled={ctx.busy}>
        {t('staff.action.addCondition')}
      </button>
    </form>
  );
}

export function ConditionMetForm({
  ctx,
  conditionId,
  n,
}: {
  ctx: ActionContext;
  conditionId: string;
  n: number;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const id = `met-${n}-note`;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void ctx.send(
          `met-${n}`,
          (k) =>
            api.POST('/api/v1/applications/{id}/conditions/{conditionId}/met', {
              params: {
                path: { id: ctx.view.id, conditionId },
                header: { 'Idempotency-Key': k },
              },
              body: note.trim() ? { note: note.trim() } : {},
            }),
          'staff.done.conditionMet',
          { note: { id, message: 'staff.error.noteInvalid' } },
        );
      }}
    >
      <Textarea
        id={id}
        label={t('staff.field.noteOptional')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf(id)}
        rows={2}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={ctx.busy}>
        {t('staff.action.markMet')}
      </button>
    </form>
  );
}

export function HoldForm({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return ctx.refuse([{ field: 'hold-reason', key: 'staff.error.reasonMissing' }]);
    void ctx.send(
      'hold',
      (k) =>
        api.POST('/api/v1/applications/{id}/hold', {
          ...target(ctx.view, k),
          body: { reasonCode: reason, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      'staff.done.held',
      {
        reasonCode: { id: 'hold-reason', message: 'staff.error.reasonMissing' },
        ...noteField('hold'),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Radios
        id="hold-reason"
        legend={t('staff.field.holdReason')}
        choices={HOLD_REASONS.map((code) => ({ value: code, label: reasonName(t, code) }))}
        value={reason}
        onChange={setReason}
        error={ctx.errorOf('hold-reason')}
        small
      />
      <Textarea
        id="hold-note"
        label={t('staff.field.noteOptional')}
        hint={t('staff.field.noteHint')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf('hold-note')}
      />
      <button type="submit" className="govuk-button govuk-button--warning" disabled={ctx.busy}>
        {t('staff.action.hold')}
      </button>
    </form>
  );
}

export function ReleaseForm({ ctx }: { ctx: ActionContext }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void ctx.send(
          'release',
          (k) =>
            api.POST('/api/v1/applications/{id}/release', {
              ...target(ctx.view, k),
              body: note.trim() ? { note: note.trim() } : {},
            }),
          'staff.done.released',
          noteField('release'),
        );
      }}
    >
      <Textarea
        id="release-note"
        label={t('staff.field.noteOptional')}
        hint={t('staff.field.noteHint')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf('release-note')}
      />
      <button type="submit" className="govuk-button" disabled={ctx.busy}>
        {t('staff.action.release')}
      </button>
    </form>
  );
}

export function RevokeForm({ ctx, permitNumber }: { ctx: ActionContext; permitNumber: string }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return ctx.refuse([{ field: 'revoke-reason', key: 'staff.error.reasonMissing' }]);
    void ctx.send(
      'revoke',
      (k) =>
        api.POST('/api/v1/permits/{permitNumber}/revoke', {
          params: { path: { permitNumber }, header: { 'Idempotency-Key': k } },
          body: {
            reasonCode: reason as (typeof REVOKE_REASONS)[number],
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      'staff.done.revoked',
      {
        reasonCode: { id: 'revoke-reason', message: 'staff.error.reasonMissing' },
        ...noteField('revoke'),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit}>
      <Radios
        id="revoke-reason"
        legend={t('staff.field.revokeReason')}
        choices={REVOKE_REASONS.map((code) => ({ value: code, label: reasonName(t, code) }))}
        value={reason}
        onChange={setReason}
        error={ctx.errorOf('revoke-reason')}
        small
      />
      <Textarea
        id="revoke-note"
        label={t('staff.field.noteOptional')}
        hint={t('staff.field.noteHint')}
        value={note}
        onChange={setNote}
        error={ctx.errorOf('revoke-note')}
      />
      <button type="submit" className="govuk-button govuk-button--warning" disabled={ctx.busy}>
        {t('staff.action.revoke')}
      </button>
    </form>
  );
}

/** A message to the applicant, or a staff note: one text, then the thread is read again. */
export function PostForm({ ctx, kind }: { ctx: ActionContext; kind: 'message' | 'note' }) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const id = `${kind}-body`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return ctx.refuse([{ field: id, key: 'staff.error.textMissing' }]);
    const sent = await ctx.send(
      kind,
      (k) =>
        kind === 'message'
          ? api.POST('/api/v1/applications/{id}/messages', {
              ...target(ctx.view, k),
              body: { body: body.trim() },
            })
          : api.POST('/api/v1/applications/{id}/notes', {
              ...target(ctx.view, k),
              body: { body: body.trim() },
            }),
      kind === 'message' ? 'staff.done.messageSent' : 'staff.done.noteAdded',
      { body: { id, message: 'staff.error.textMissing' } },
    );
    if (sent) setBody('');
  };
  return (
    <form noValidate onSubmit={(event) => void submit(event)}>
      <Textarea
        id={id}
        label={kind === 'message' ? t('staff.field.message') : t('staff.field.note')}
        value={body}
        onChange={setBody}
        error={ctx.errorOf(id)}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={ctx.busy}>
        {kind === 'message' ? t('staff.action.sendMessage') : t('staff.action.addNote')}
      </button>
    </form>
  );
}
