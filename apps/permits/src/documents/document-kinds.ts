import type { EntityManager } from 'typeorm';
import { PermitsApplicationErrors, type OnBehalfOf, type RequestActor } from '#contracts';
import { enforceChange } from '../applications/acting-for.js';
import type { PermitTypeRepository } from '../permit-types/permit-type.repository.js';
import type { DocumentKindDefinition } from '../permit-types/permit-type.js';
import { isEditable, type Application } from '../applications/application.js';

/**
 * Whether `user` may add a document of `kind` to `application` now: its applicant, while it is
 * a draft or changes were requested, and a kind its type declares (the version in force for a
 * draft, which submission pins; the pinned version after). Answers the kind's definition.
 */
export async function addableKind(
  db: EntityManager,
  permitTypes: PermitTypeRepository,
  application: Application,
  kind: string,
  user: RequestActor,
  onBehalfOf?: OnBehalfOf,
): Promise<DocumentKindDefinition> {
  enforceChange(user, application, onBehalfOf);
  if (!isEditable(application.status))
    throw PermitsApplicationErrors.documentKindNotAllowed(application.status);
  const type =
    application.status === 'draft'
      ? await permitTypes.findCurrent(db, application.permitType)
      : await permitTypes.findVersion(db, application.permitType, application.typeVersion);
  if (!type) throw PermitsApplicationErrors.permitTypeUnknown(application.permitType);
  const definition = type.definition.documentKinds.find((k) => k.kind === kind);
  if (!definition)
    throw PermitsApplicationErrors.documentKindUnknown(
      kind,
      type.definition.documentKinds.map((k) => k.kind),
    );
  return definition;
}
