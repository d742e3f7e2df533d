import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The API client, typed by the gateway's OpenAPI document (schema.d.ts is generated from it by
 * the build: a use of the API the document does not allow fails the type check). The access
 * token lives in this module's memory only, never in storage; the refresh token is an HttpOnly
 * cookie the page cannot read.
 */
export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });

export type Problem = components['schemas']['ProblemDto'];
export type User = components['schemas']['UserDto'];
export type TokenPair = components['schemas']['TokenPairDto'];
export type ApplicationSummary = components['schemas']['ApplicationSummary'];
export type PermitVerification = components['schemas']['PermitVerification'];
export type ApplicationView = components['schemas']['ApplicationView'];
export type PermitTypeDefinition = components['schemas']['PermitTypeDefinitionInput'];
export type DocumentKind = components['schemas']['DocumentKindInput'];
export type PaymentView = components['schemas']['PaymentView'];
export type MessageView = components['schemas']['MessageView'];

let accessToken: string | undefined;

export const setAccessToken = (token: string | undefined): void => {
  accessToken = token;
};

/** The Authorization header of the signed-in page, for requests openapi-fetch cannot make (upload progress). */
export const authorization = (): string | undefined =>
  accessToken ? `Bearer ${accessToken}` : undefined;

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${accessToken}`);
    return request;
  },
};
api.use(bearer);

/** The stable code of a problem answer, if the error is one. */
export const problemCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
