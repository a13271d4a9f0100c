// One error type for the domain. The API maps it to { error: { code, message, fields? } };
// pages show the message and the field errors beside their fields.
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
/** Field path (e.g. "primaryContact.email") to a message a person can act on. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  /** Extra machine-readable data, e.g. the id of an existing invitation on a conflict. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { fields?: FieldErrors; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = opts.fields;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function fieldError(field: string, message: string): AppError {
  return new AppError("validation_failed", message, { fields: { [field]: message } });
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
