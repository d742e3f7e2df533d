import { validationProblem } from '#platform';

/** Turns a Nest parse pipe's refusal of a path parameter into a 422 naming it. */
export const paramProblem = (field: string, code: string) => (message: string) =>
  validationProblem([{ field, code, message: `${field}: ${message}` }]);
