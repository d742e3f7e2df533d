import type { RequestActor } from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import type { MediumDatabase } from '#testing';
import { ApplicationRepository } from '../applications/application.repository.js';
import { ApplicationViews } from '../applications/application-views.js';
import { DraftApplicationUseCase } from '../applications/draft-application/draft-application.use-case.js';
import { FormValidators } from '../applications/form-validators.js';
import { GetApplicationUseCase } from '../applications/get-application/get-application.use-case.js';
import { ListApplicationsUseCase } from '../applications/list-applications/list-applications.use-case.js';
import { NoPermitIssuance } from '../applications/record-transition/permit-issuance.js';
import { RecordTransitionUseCase } from '../applications/record-transition/record-transition.use-case.js';
import { SubmitApplicationUseCase } from '../applications/submit-application/submit-application.use-case.js';
import { UpdateApplicationUseCase } from '../applications/update-application/update-application.use-case.js';
import { NoCaseUpdates } from '../applications/withdraw-application/case-updates.js';
import { WithdrawApplicationUseCase } from '../applications/withdraw-application/withdraw-application.use-case.js';
import { BeginDocumentUploadUseCase } from '../documents/begin-document-upload/begin-document-upload.use-case.js';
import { GetDocumentUseCase } from '../documents/get-document/get-document.use-case.js';
import { RecordDocumentUseCase } from '../documents/record-document/record-document.use-case.js';
import { PermitTypeRepository } from '../permit-types/permit-type.repository.js';
import type { PermitTypeDefinition } from '../permit-types/permit-type.js';
import { VerifyPermitUseCase } from '../permits/verify-permit/verify-permit.use-case.js';

/** A small type for the specs: a site plan (PDF) required, a photo (JPEG/PNG) optional. */
export function testPermitType(
  code: string,
  prefix: string,
  overrides: Partial<PermitTypeDefinition> = {},
): PermitTypeDefinition {
  return {
    code,
    prefix,
    names: { en: `Test ${code}` },
    descriptions: { en: 'A permit type of the tests' },
    documentKinds: [
      {
        kind: 'site_plan',
        names: { en: 'Site plan' },
        required: true,
        contentTypes: ['application/pdf'],
        maxBytes: 20_000,
      },
      {
        kind: 'photo',
        names: { en: 'Photo' },
        required: false,
        contentTypes: ['image/jpeg', 'image/png'],
        maxBytes: 20_000,
      },
    ],
    formSchema: {
      type: 'object',
      required: ['storeys', 'use'],
      properties: {
        storeys: { type: 'integer', minimum: 1, maximum: 10 },
        use: { type: 'string', enum: ['residential', 'commercial'] },
        businessName: { type: 'string' },
      },
    },
    quantities: [
      {
        code: 'floor_area_m2',
        names: { en: 'Floor area' },
        unit: 'm2',
        required: true,
        max: 100_000,
      },
    ],
    fee: {
      currency: 'EUR',
      base: { amountMinor: 10_000, revenueCode: 'permits.test', descriptionKey: 'fees.base' },
      perUnit: [],
    },
    paymentDays: 10,
    completenessCheckDays: 5,
    reviewDays: 20,
    renewalReviewDays: 10,
    remedy: 'escalate',
    inspection: { required: false, maxReinspections: 1 },
    approval: {},
    validity: { months: 12 },
    ...overrides,
  };
}

/** Publishes a permit type (a new version each call) through the catalogue's own tables. */
export async function publishType(
  db: MediumDatabase,
  definition: PermitTypeDefinition,
): Promise<number> {
  const repository = new PermitTypeRepository();
  return db.dataSource.transaction(async (tx) => {
    const current = await repository.lockType(tx, definition.code);
    const version = (current ?? 0) + 1;
    await repository.publish(
      tx,
      { code: definition.code, version, definition },
      'system',
      new Date(),
    );
    return version;
  });
}

export const aCitizen = (): RequestActor => ({ userId: newId(), role: 'citizen' });
export const aStaff = (role: RequestActor['role']): RequestActor => ({ userId: newId(), role });

/** The application use cases wired by hand on a medium database, as the Nest module wires them. */
export function applicationUseCases(db: MediumDatabase) {
  const commands = new IdempotentCommands(db.dataSource, db.outbox);
  const applications = new ApplicationRepository();
  const permitTypes = new PermitTypeRepository();
  const views = new ApplicationViews(applications, { CITY_TIME_ZONE: 'Europe/Berlin' });
  const validators = new FormValidators();
  return {
    applications,
    draft: new DraftApplicationUseCase(commands, db.outbox, applications, permitTypes, views),
    update: new UpdateApplicationUseCase(commands, applications, views),
    get: new GetApplicationUseCase(db.dataSource, applications, views),
    list: new ListApplicationsUseCase(db.dataSource, applications),
    submit: new SubmitApplicationUseCase(
      commands,
      db.outbox,
      applications,
      permitTypes,
      validators,
      views,
    ),
    withdraw: new WithdrawApplicationUseCase(
      db.dataSource,
      commands,
      db.outbox,
      applications,
      views,
      new NoCaseUpdates(),
    ),
    transition: new RecordTransitionUseCase(
      db.dataSource,
      db.outbox,
      applications,
      new NoPermitIssuance(),
    ),
    beginUpload: new BeginDocumentUploadUseCase(db.dataSource, applications, permitTypes),
    recordDocument: new RecordDocumentUseCase(commands, applications, permitTypes),
    getDocument: new GetDocumentUseCase(db.dataSource, applications),
    verifyPermit: new VerifyPermitUseCase(db.dataSource, applications, permitTypes),
  };
}
