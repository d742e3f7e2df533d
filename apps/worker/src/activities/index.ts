import type { ActivitiesByContext } from '#contracts/temporal';
import type { ActivityDeps } from './activity-deps.js';
import { createComplaintsActivities } from './complaints.activities.js';
import { createDiagnosticsActivities } from './diagnostics.activities.js';
import { createPermitLifeActivities } from './permit-life.activities.js';
import { createPermitsActivities } from './permits.activities.js';

export type { ActivityDeps } from './activity-deps.js';

/**
 * One factory per context, typed by the contracts' `ActivitiesByContext`: a context whose
 * workflows proxy an interface without a factory here, or a factory that does not implement
 * that interface, does not compile.
 */
const FACTORIES: {
  [Context in keyof ActivitiesByContext]: (deps: ActivityDeps) => ActivitiesByContext[Context];
} = {
  diagnostics: createDiagnosticsActivities,
  permits: createPermitsActivities,
  complaints: createComplaintsActivities,
  permitLife: createPermitLifeActivities,
};

/** An activity implementation as the worker registers it. */
type ActivityFunction = (...args: never[]) => Promise<unknown>;

/**
 * Every context's activities in one object, for `Worker.create({ activities })`. Activity
 * names are one namespace per task queue: a name two contexts define is refused here, at the
 * worker's start, rather than one silently replacing the other.
 */
export function mergeActivities(
  byContext: Record<string, object>,
): Record<string, ActivityFunction> {
  const merged: Record<string, ActivityFunction> = {};
  const owner = new Map<string, string>();
  for (const [context, activities] of Object.entries(byContext)) {
    for (const [name, activity] of Object.entries(activities)) {
      const first = owner.get(name);
      if (first !== undefined)
        throw new Error(
          `activity ${name} is defined by both ${first} and ${context}: activity names are one namespace per task queue`,
        );
      if (typeof activity !== 'function')
        throw new Error(`activity ${name} of ${context} is not a function`);
      owner.set(name, context);
      merged[name] = activity as ActivityFunction;
    }
  }
  return merged;
}

/** All activities the worker registers, built from each context's factory. */
export function createActivities(deps: ActivityDeps): Record<string, ActivityFunction> {
  const byContext = Object.fromEntries(
    Object.entries(FACTORIES).map(([context, factory]) => [context, factory(deps)]),
  );
  return mergeActivities(byContext);
}
