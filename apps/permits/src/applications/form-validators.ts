import { Injectable } from '@nestjs/common';
import { compileFormSchema } from '../permit-types/form-schema.js';
import type { PermitTypeVersion } from '../permit-types/permit-type.repository.js';
import type { DetailsValidator } from './application.js';

/**
 * The compiled form schema of each permit type version, compiled once per (type, version):
 * a version never changes, so its validator never goes stale.
 */
@Injectable()
export class FormValidators {
  private readonly compiled = new Map<string, DetailsValidator>();

  of(type: PermitTypeVersion): DetailsValidator {
    const key = `${type.code}@${type.version}`;
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = compileFormSchema(type.definition.formSchema);
      this.compiled.set(key, validator);
    }
    return validator;
  }
}
