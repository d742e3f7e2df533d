import { BeginDocumentUploadUseCase } from '../documents/begin-document-upload/begin-document-upload.use-case.js';
import { DocumentsNatsController } from '../documents/documents.nats.controller.js';
import { GetDocumentUseCase } from '../documents/get-document/get-document.use-case.js';
import { RecordDocumentUseCase } from '../documents/record-document/record-document.use-case.js';
import { ConditionRepository } from '../conditions/condition.repository.js';
import { VerifyPermitUseCase } from '../permits/verify-permit/verify-permit.use-case.js';
import { ApplicationRepository } from './application.repository.js';
import { ApplicationViews } from './application-views.js';
import { ApplicationsNatsController } from './applications.nats.controller.js';
import { DraftApplicationUseCase } from './draft-application/draft-application.use-case.js';
import { FormValidators } from './form-validators.js';
import { GetApplicationUseCase } from './get-application/get-application.use-case.js';
import { ListApplicationsUseCase } from './list-applications/list-applications.use-case.js';
import { NoPermitIssuance, PermitIssuance } from './record-transition/permit-issuance.js';
import { RecordTransitionUseCase } from './record-transition/record-transition.use-case.js';
import { SubmitApplicationUseCase } from './submit-application/submit-application.use-case.js';
import { UpdateApplicationUseCase } from './update-application/update-application.use-case.js';
import { CaseUpdates, NoCaseUpdates } from './withdraw-application/case-updates.js';
import { WithdrawApplicationUseCase } from './withdraw-application/withdraw-application.use-case.js';

/**
 * Applications and their documents (docs/permits.md "Applications", "Documents"). The seams
 * the casework fills: `CaseUpdates` (a submitted application's withdrawal is an Update of its
 * workflow) and `PermitIssuance` (the `issued` transition's permit row and event); override
 * them with `{ provide: CaseUpdates, useClass: ... }` after these.
 */
export const APPLICATIONS_PROVIDERS = [
  ApplicationRepository,
  ConditionRepository,
  ApplicationViews,
  FormValidators,
  { provide: CaseUpdates, useClass: NoCaseUpdates },
  { provide: PermitIssuance, useClass: NoPermitIssuance },
  DraftApplicationUseCase,
  UpdateApplicationUseCase,
  GetApplicationUseCase,
  ListApplicationsUseCase,
  SubmitApplicationUseCase,
  WithdrawApplicationUseCase,
  RecordTransitionUseCase,
  BeginDocumentUploadUseCase,
  RecordDocumentUseCase,
  GetDocumentUseCase,
  VerifyPermitUseCase,
];

export const APPLICATIONS_CONTROLLERS = [ApplicationsNatsController, DocumentsNatsController];
