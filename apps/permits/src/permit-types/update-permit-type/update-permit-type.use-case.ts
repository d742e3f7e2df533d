import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { PermitsCatalogueAccess, PermitsErrors, type PermitTypeView } from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { enforceCaller, type Caller } from '../../request-actor.js';
import { permitTypeView } from '../permit-type-view.js';
import { PermitTypeRepository } from '../permit-type.repository.js';
import { checkDefinition, publishVersion } from '../publish-version.js';

/**
 * An admin changes a permit type: a new version (the next number) becomes the one in force,
 * with `permit-type.published`, in one transaction. Earlier versions stay as they were, so
 * applications pinned to them keep their rules. A definition equal to the one in force changes
 * nothing (no new version, no event).
 */
@Injectable()
export class UpdatePermitTypeUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  async execute(
    pattern: string,
    command: { code: string; definition: unknown; caller: Caller },
  ): Promise<PermitTypeView> {
    enforceCaller(command.caller, ...PermitsCatalogueAccess.publishPermitType());
    const definition = checkDefinition(command.definition);
    if (definition.code !== command.code)
      throw PermitsErrors.invalidDefinition([
        {
          field: 'code',
          code: 'PATH_MISMATCH',
          message: `code must be ${command.code}, the code in the path (a type's code never changes)`,
        },
      ]);
    return this.commands.run(pattern, async (tx) => {
      const current = await this.permitTypes.lockType(tx, command.code);
      if (current === null) throw PermitsErrors.permitTypeNotFound(command.code);
      const inForce = await this.permitTypes.findPublished(tx, command.code);
      if (inForce && isDeepStrictEqual(inForce.definition, definition))
        return permitTypeView(inForce);
      return publishVersion(
        tx,
        { permitTypes: this.permitTypes, outbox: this.outbox },
        { definition, version: current + 1, caller: command.caller },
      );
    });
  }
}
