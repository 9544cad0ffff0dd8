import { EnvironmentProviders, inject, provideEnvironmentInitializer } from '@angular/core';
import { I18n } from './i18n.service';
import type { Dictionary } from './messages';

/**
 * For a lazy route's `providers`: registers that feature's texts when the route is first
 * entered, e.g. `{ path: '', providers: [provideMessages(adminMessages)], children: [...] }`.
 */
export function provideMessages(dictionary: Dictionary): EnvironmentProviders {
  return provideEnvironmentInitializer(() => inject(I18n).register(dictionary));
}
