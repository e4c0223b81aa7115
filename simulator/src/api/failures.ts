/**
 * Failures answered as `<failureDetails><reason .../></failureDetails>` (cms-api.md §1.9).
 * Handlers throw ApiFailure; the HTTP layer turns it into the response.
 */
import { writeDocument } from './xml';
import { FAILURE_ELEMENT_SPACE, PARAMETER_ERROR, UNKNOWN_PATH_REASON } from '../unverified';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly attributes: Record<string, string> = {},
  ) {
    super(`${status} ${reason}${Object.keys(attributes).length ? ' ' + JSON.stringify(attributes) : ''}`);
    this.name = 'ApiFailure';
  }

  toXml(): string {
    return writeDocument(
      { name: 'failureDetails', children: [{ name: this.reason, attributes: this.attributes }] },
      { emptyElementSpace: FAILURE_ELEMENT_SPACE },
    );
  }
}

export type ParameterErrorKind = keyof typeof PARAMETER_ERROR;

/** 400 `<parameterError parameter=".." error=".."/>`. */
export function parameterError(parameter: string, kind: ParameterErrorKind = 'invalidValue'): ApiFailure {
  return new ApiFailure(400, 'parameterError', { parameter, error: PARAMETER_ERROR[kind] });
}

/** 400 for request-level rejections (duplicates, references in the body, invalidOperation ...). */
export function badRequest(reason: string): ApiFailure {
  return new ApiFailure(400, reason);
}

/** 404 for an id in the path that names no object. */
export function notFound(reason: string): ApiFailure {
  return new ApiFailure(404, reason);
}

export function invalidOperation(): ApiFailure {
  return new ApiFailure(400, 'invalidOperation');
}

export function unknownPath(): ApiFailure {
  return new ApiFailure(404, UNKNOWN_PATH_REASON);
}
