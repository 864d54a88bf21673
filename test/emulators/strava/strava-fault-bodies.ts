import { fromTemplate, type StravaTemplates } from './strava-fixture-templates.ts';

/**
 * Strava's error bodies ("Fault": a message and a list of `{resource, field, code}`), built on the recorded
 * 400/401 payloads. The resource/field/code values for cases without a recording (a bad access token, a
 * missing scope, a record not found, an unverifiable callback) are the ones Strava is seen answering.
 */
export class StravaFaultBodies {
  constructor(private readonly templates: StravaTemplates) {}

  /** Unknown client_id (recorded: 400 Bad Request, Application/client_id/invalid). */
  invalidClient(): object {
    return structuredClone(this.templates.invalidClient);
  }

  /** Authorization code unknown, used or expired (recorded: 400, RequestToken/code/invalid). */
  invalidCode(): object {
    return structuredClone(this.templates.invalidCode);
  }

  /** The recorded 401 as it stands: a wrong client secret. */
  wrongClientSecret(): object {
    return structuredClone(this.templates.authorizationError);
  }

  /** A Bad Request on another parameter, in the shape of the recorded invalid-code answer. */
  badRequest(resource: string, field: string, code = 'invalid'): object {
    return fromTemplate(this.templates.invalidCode, { errors: [{ resource, field, code }] });
  }

  /** Access token unknown, expired or revoked. */
  invalidAccessToken(): object {
    return this.authorization('Athlete', 'access_token', 'invalid');
  }

  /** The token lacks the scope the endpoint needs (Strava names the permission, e.g. activity:read_permission). */
  missingPermission(permission: string): object {
    return this.authorization('AccessToken', permission, 'missing');
  }

  notFound(resource: string, field = 'id'): object {
    return fromTemplate(this.templates.authorizationError, {
      message: 'Record Not Found',
      errors: [{ resource, field, code: 'invalid' }],
    });
  }

  rateLimitExceeded(): object {
    return structuredClone(this.templates.rateLimitExceeded);
  }

  serverError(status: number): object {
    const message =
      status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Internal Server Error';
    return fromTemplate(this.templates.authorizationError, {
      message,
      errors: [{ resource: 'Application', field: '', code: 'server error' }],
    });
  }

  timedOut(): object {
    return fromTemplate(this.templates.authorizationError, {
      message: 'Gateway Timeout',
      errors: [{ resource: 'Application', field: '', code: 'timeout' }],
    });
  }

  private authorization(resource: string, field: string, code: string): object {
    return fromTemplate(this.templates.authorizationError, { errors: [{ resource, field, code }] });
  }
}
