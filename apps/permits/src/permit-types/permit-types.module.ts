import { Module } from '@nestjs/common';
import { PermitTypeRepository } from './permit-type.repository.js';

/**
 * The catalogue's repository for every part of the service that reads permit types: the
 * catalogue's and applications' use cases (PermitsModule) and the case work (CaseworkModule),
 * which reads a case's pinned version with `findVersion`.
 */
@Module({ providers: [PermitTypeRepository], exports: [PermitTypeRepository] })
export class PermitTypesModule {}
