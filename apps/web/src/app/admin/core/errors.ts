import { apiError } from '../../core/api/api-error';
import type { I18n } from '../../core/i18n/i18n.service';

/** What to tell the person: the API's own message (already in their language), else a network failure. */
export function errorText(error: unknown, i18n: I18n): string {
  return apiError(error)?.message ?? i18n.t('app.networkError');
}
