/** The provider could not answer now (5xx, time-out, network): the job retries later with backoff. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

/** The provider refused the access token (HTTP 401). */
export class ProviderUnauthorizedError extends Error {
  override name = 'ProviderUnauthorizedError';
}

/** The thing asked for is not there, or no longer visible to us (HTTP 404). */
export class ProviderNotFoundError extends Error {
  override name = 'ProviderNotFoundError';
}

/** The runner declined on the provider's page, or the provider refused the authorisation code. */
export class ProviderAuthorizationError extends Error {
  override name = 'ProviderAuthorizationError';
}
