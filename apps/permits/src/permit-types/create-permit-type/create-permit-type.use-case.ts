import { Injectable } from '@nestjs/common';
import { PermitsCatalogueAccess, PermitsErrors, type PermitTypeView } from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { enforceCaller, type Caller } from '../../request-actor.js';
import { PermitTypeRepository } from '../permit-type.repository.js';
import { checkDefinition, publishVersion } from '../publish-version.js';

/**
 * An admin adds a permit type: its version 1 and `permit-type.published`, in one
 * transaction. A code that exists is refused (a new version is an update); so is a case-number
 * prefix another type uses, and a definition with any problem (all of them at once).
 */
@Injectable()
export class CreatePermitTypeUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly permitTypes: PermitTypeRepository,
  ) {}

  async execute(
    pattern: string,
    command: { definition: unknown; caller: Caller },
  ): Promise<PermitTypeView> {
    enforceCaller(command.caller, ...PermitsCatalogueAccess.publishPermitType());
    const definition = checkDefinition(command.definition);
    return this.commands.run(pattern, async (tx) => {
      if ((await this.permitTypes.lockType(tx, definition.code)) !== null)
        throw PermitsErrors.permitTypeExists(definition.code);
      return publishVersion(
        tx,
        { permitTypes: this.permitTypes, outbox: this.outbox },
        { definition, version: 1, caller: command.caller },
      );
    });
  }
}
