import type { EntityManager } from 'typeorm';
import {
  PERMIT_TYPE_PUBLISHED_V1,
  permitTypeAggregate,
  PermitsErrors,
  type PermitTypeView,
} from '#contracts';
import type { Outbox } from '#platform';
import { actorText, type Caller } from '../request-actor.js';
import { definitionProblems, storedDefinition } from './definition-problems.js';
import type { PermitTypeDefinition } from './permit-type.js';
import { permitTypeView } from './permit-type-view.js';
import type { PermitTypeRepository } from './permit-type.repository.js';

/** Refuses a definition with every problem it has at once (`PERMITS.INVALID_DEFINITION`). */
export function checkDefinition(definition: unknown): PermitTypeDefinition {
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw PermitsErrors.invalidDefinition(problems);
  return storedDefinition(definition as PermitTypeDefinition);
}

/**
 * Writes version `version` of a type and its `permit-type.published` event, in the caller's
 * transaction (the type's row locked, or about to be created, by the caller).
 */
export async function publishVersion(
  tx: EntityManager,
  deps: { permitTypes: PermitTypeRepository; outbox: Outbox },
  input: { definition: PermitTypeDefinition; version: number; caller: Caller },
): Promise<PermitTypeView> {
  const { definition, version, caller } = input;
  const owner = await deps.permitTypes.prefixOwner(tx, definition.prefix, definition.code);
  if (owner) throw PermitsErrors.permitTypePrefixTaken(definition.prefix, owner);
  const at = new Date();
  const written = await deps.permitTypes.publish(
    tx,
    { code: definition.code, version, definition },
    actorText(caller),
    at,
  );
  if (!written) throw PermitsErrors.permitTypeExists(definition.code);
  await deps.outbox.append(tx, {
    subject: PERMIT_TYPE_PUBLISHED_V1,
    aggregateId: permitTypeAggregate(definition.code),
    actor: caller,
    data: { permitType: definition.code, version, change: version === 1 ? 'created' : 'updated' },
  });
  return permitTypeView({
    code: definition.code,
    version,
    currentVersion: version,
    publishedAt: at,
    definition,
  });
}
