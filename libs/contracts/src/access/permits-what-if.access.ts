import { Policy, type PolicyRule } from './policy.js';

/** Who may run and read a what-if replay (docs/permits.md, "What-if replay"). */
export const PermitsWhatIfAccess = {
  /** Starting a what-if job and reading one: supervisors. */
  runWhatIf: (): PolicyRule[] => [Policy.roles('supervisor')],
} as const;
