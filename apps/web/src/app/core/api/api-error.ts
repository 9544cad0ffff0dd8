import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@pidtrymka/contracts';

/** The API's error body, if the failure came from the API; a network failure has none. */
export function apiError(error: unknown): ApiErrorBody | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body = error.error as Partial<ApiErrorBody> | null;
  return body && typeof body === 'object' && typeof body.message === 'string' && typeof body.code === 'string' ? (body as ApiErrorBody) : null;
}

/** Per field, the API's messages for it (already in the caller's language). */
export function fieldErrors(error: ApiErrorBody | null): Record<string, string> {
  const result: Record<string, string> = {};
  for (const detail of error?.details ?? []) result[detail.field] ??= detail.message;
  return result;
}
