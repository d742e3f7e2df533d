import { Module, type DynamicModule } from '@nestjs/common';
import { ApplicationRepository } from '../applications/application.repository.js';
import { ApplicationViews } from '../applications/application-views.js';
import { CalendarRepository } from '../calendar/calendar.repository.js';
import { GetCalendarUseCase } from '../calendar/get-calendar/get-calendar.use-case.js';
import { DEV_HOLDER_SALT, type PermitsConfig } from '../config.js';
import { AddConditionUseCase } from '../conditions/add-condition/add-condition.use-case.js';
import { ApplicationViewReply } from '../conditions/case-view-reply.js';
import { ConditionRepository } from '../conditions/condition.repository.js';
import { ConditionsNatsController } from '../conditions/conditions.nats.controller.js';
import { MarkConditionMetUseCase } from '../conditions/mark-condition-met/mark-condition-met.use-case.js';
import { HoldApplicationUseCase } from '../holds/hold-application/hold-application.use-case.js';
import { ReleaseApplicationUseCase } from '../holds/release-application/release-application.use-case.js';
import { DecideApplicationUseCase } from '../decisions/decide-application/decide-application.use-case.js';
import { DecisionsNatsController } from '../decisions/decisions.nats.controller.js';
import { InspectionRepository } from '../inspections/inspection.repository.js';
import { InspectionsNatsController } from '../inspections/inspections.nats.controller.js';
import { ListInspectionDayUseCase } from '../inspections/list-inspection-day/list-inspection-day.use-case.js';
import { RecordInspectionResultUseCase } from '../inspections/record-inspection-result/record-inspection-result.use-case.js';
import { ScheduleInspectionUseCase } from '../inspections/schedule-inspection/schedule-inspection.use-case.js';
import { IssuePermitUseCase } from '../permits/issue-permit/issue-permit.use-case.js';
import { PermitRepository } from '../permits/permit.repository.js';
import { PermitsNatsController } from '../permits/permits.nats.controller.js';
import { PermitLifeRepository } from '../permits/permit-life.repository.js';
import { PermitWorkflows } from '../permits/permit-workflows.js';
import { RecordPermitTransitionUseCase } from '../permits/record-permit-transition/record-permit-transition.use-case.js';
import { RenewPermitUseCase } from '../permits/renew-permit/renew-permit.use-case.js';
import { RevokePermitUseCase } from '../permits/revoke-permit/revoke-permit.use-case.js';
import { StartWorkflowWhenPermitIssued } from '../permits/start-workflow-when-permit-issued.js';
import { VerifyPermitUseCase } from '../permits/verify-permit/verify-permit.use-case.js';
import { ClaimTaskUseCase } from '../tasks/claim-task/claim-task.use-case.js';
import { ListTasksUseCase } from '../tasks/list-tasks/list-tasks.use-case.js';
import { ReassignTaskUseCase } from '../tasks/reassign-task/reassign-task.use-case.js';
import { TaskRepository } from '../tasks/task.repository.js';
import { TasksNatsController } from '../tasks/tasks.nats.controller.js';
import { PermitTypesModule } from '../permit-types/permit-types.module.js';
import { PERMITS_CONFIG } from '../permits.tokens.js';
import { AssessApplicationUseCase } from './assess-application/assess-application.use-case.js';
import { CaseCommands } from './case-commands.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflows } from './case-workflows.js';
import { CasesNatsController } from './cases.nats.controller.js';
import { CASEWORK_SETTINGS, type CaseworkSettings } from './casework.settings.js';
import { ResubmitApplicationUseCase } from './resubmit-application/resubmit-application.use-case.js';
import { SignalWorkflowWhenPaymentsFact } from './signal-workflow-when-payments-fact.js';
import { SignalWorkflowsWhenCalendarChanged } from './signal-workflows-when-calendar-changed.js';
import { StartWorkflowWhenApplicationSubmitted } from './start-workflow-when-application-submitted.js';
import { WorkflowCaseUpdates } from './withdraw-case/case-updates.js';

/** The settings of the case work, checked once: the dev salt never runs in production. */
export function caseworkSettingsOf(config: PermitsConfig): CaseworkSettings {
  if (config.NODE_ENV === 'production' && config.PERMITS_HOLDER_SALT === DEV_HOLDER_SALT)
    throw new Error('PERMITS_HOLDER_SALT must be set to a secret in production');
  return {
    holderSalt: config.PERMITS_HOLDER_SALT,
    renewalWindowDays: config.PERMITS_RENEWAL_WINDOW_DAYS,
  };
}

/**
 * The case work of permit applications (docs/permits.md "Case work"): the bridges from events
 * to the case workflows (start when submitted, payments facts and calendar changes as
 * Signals), the workflow's internal patterns for assessing and issuing, and the staff's and
 * applicant's steps as Updates (tasks, decisions, inspections, resubmission, withdrawal,
 * conditions of approval and holds).
 */
@Module({})
export class CaseworkModule {
  static forRoot(config: PermitsConfig): DynamicModule {
    return {
      module: CaseworkModule,
      imports: [PermitTypesModule],
      providers: [
        { provide: CASEWORK_SETTINGS, useValue: caseworkSettingsOf(config) },
        // A decision answers the whole application view (the applications' own reader).
        { provide: PERMITS_CONFIG, useValue: config },
        ApplicationRepository,
        ApplicationViews,
        // The first completeness deadline of a started case (stateless readers).
        CalendarRepository,
        GetCalendarUseCase,
        CaseRepository,
        TaskRepository,
        InspectionRepository,
        PermitRepository,
        CaseWorkflows,
        CaseCommands,
        WorkflowCaseUpdates,
        AssessApplicationUseCase,
        IssuePermitUseCase,
        // An issued permit's life (its own workflow).
        PermitLifeRepository,
        PermitWorkflows,
        RecordPermitTransitionUseCase,
        RevokePermitUseCase,
        RenewPermitUseCase,
        VerifyPermitUseCase,
        ListTasksUseCase,
        ClaimTaskUseCase,
        ReassignTaskUseCase,
        DecideApplicationUseCase,
        ResubmitApplicationUseCase,
        ScheduleInspectionUseCase,
        RecordInspectionResultUseCase,
        ListInspectionDayUseCase,
        ConditionRepository,
        ApplicationViewReply,
        AddConditionUseCase,
        MarkConditionMetUseCase,
        HoldApplicationUseCase,
        ReleaseApplicationUseCase,
      ],
      controllers: [
        StartWorkflowWhenApplicationSubmitted,
        StartWorkflowWhenPermitIssued,
        SignalWorkflowWhenPaymentsFact,
        SignalWorkflowsWhenCalendarChanged,
        CasesNatsController,
        PermitsNatsController,
        TasksNatsController,
        DecisionsNatsController,
        InspectionsNatsController,
        ConditionsNatsController,
      ],
      exports: [WorkflowCaseUpdates, CaseWorkflows],
    };
  }
}
