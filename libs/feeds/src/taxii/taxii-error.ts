import { TAXII_MEDIA_TYPE } from './taxii-media-types';

/** The TAXII 2.1 error message resource (§3.6.1). `http_status` is a string, as the spec says. */
export interface TaxiiErrorBody {
  title: string;
  description?: string;
  error_code?: string;
  http_status: string;
}

/**
 * A refusal the TAXII server answers with a TAXII error message: the wording is deliberate, never
 * an exception's message, and never a stack trace or SQL.
 */
export class TaxiiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly title: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'TaxiiError';
  }

  static badRequest(description: string): TaxiiError {
    return new TaxiiError(400, 'Bad request', description);
  }

  /** The same answer for what does not exist and what the reader may not see. */
  static notFound(description = 'No such resource exists for you on this server'): TaxiiError {
    return new TaxiiError(404, 'Not found', description);
  }

  static notAcceptable(): TaxiiError {
    return new TaxiiError(406, 'Not acceptable', `This server answers with ${TAXII_MEDIA_TYPE} only: put it in the Accept header`);
  }

  static readOnly(): TaxiiError {
    return new TaxiiError(403, 'Forbidden', 'This collection is read-only: advisories are published through the council platform');
  }

  body(): TaxiiErrorBody {
    return { title: this.title, description: this.description, http_status: String(this.httpStatus) };
  }
}
