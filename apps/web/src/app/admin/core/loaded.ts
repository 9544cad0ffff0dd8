import { Signal, computed } from '@angular/core';
import type { ResourceRef } from '@angular/core';

/**
 * A resource's value, or undefined while it loads or after it failed. Reading `value()` of a
 * failed resource throws; a list that could not be loaded (e.g. the session ended) should
 * simply be empty, not break the page.
 */
export function loaded<T>(resource: ResourceRef<T | undefined>): Signal<T | undefined> {
  return computed(() => (resource.hasValue() ? resource.value() : undefined));
}
