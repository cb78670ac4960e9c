/**
 * Paths the request limits leave alone: probes. The limiter skips them and the OpenAPI document
 * promises them no 429, so both read this one list.
 */
export const UNLIMITED_PATHS = new Set(['/health', '/health/live', '/metrics']);
