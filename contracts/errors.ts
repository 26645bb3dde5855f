import { z } from 'zod';

/**
 * The one table that maps every error code to its HTTP status. HTTP responses, WebSocket
 * `error` frames and IPC results all carry these codes; clients branch on the code, never
 * on the message text.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  ACCOUNT_SUSPENDED: 403,
  SIGNUP_CLOSED: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  LAST_ADMIN: 409,
  NODE_HAS_SERVERS: 409,
  NODE_OFFLINE: 409,
  BLUEPRINT_IN_USE: 409,
  USER_OWNS_SERVERS: 409,
  INSUFFICIENT_CAPACITY: 409,
  INVALID_STATE: 409,
  SERVER_BUSY: 409,
  DISK_LIMIT_EXCEEDED: 409,
  EULA_NOT_ACCEPTED: 409,
  /** Another server on the node (or the node's console) holds the port; details name both. */
  PORT_IN_USE: 409,
  /** Automatic allocation found no free ports in the node's ranges. */
  NO_FREE_PORTS: 409,
  /** The node's networking cannot reach a game the way it is set up (e.g. bridge mode, no bridge network). */
  NETWORK_UNAVAILABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** The Host header names none of the addresses this controller answers to (DNS-rebinding defence). */
  HOST_NOT_ALLOWED: 421,
  VALIDATION_ERROR: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  IMAGE_UNAVAILABLE: 502,
  /** The node's agent answered, but not in the shape the request table promises. */
  AGENT_ERROR: 502,
  DOCKER_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  STORAGE_UNAVAILABLE: 503,
  AGENT_TIMEOUT: 504,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** The inner object of every error, on HTTP and on WebSocket frames alike. */
export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const ErrorEnvelopeSchema = z.object({ error: ErrorBodySchema });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/**
 * The project's single error type. Anything a user can cause is thrown as an AppError with a
 * code from the table; anything else is a bug and reaches clients only as INTERNAL_ERROR.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export function errorEnvelope(code: string, message: string, details: Record<string, unknown> = {}): ErrorEnvelope {
  return { error: { code, message, details } };
}

/** Turns zod issues into `{ "field.path": "message" }`, the shape of VALIDATION_ERROR details. */
export function fieldDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    details[key] ??= issue.message;
  }
  return details;
}
