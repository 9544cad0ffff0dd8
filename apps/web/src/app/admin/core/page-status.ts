import { signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { I18n } from '../../core/i18n/i18n.service';
import { errorText } from './errors';

/**
 * How an admin page's last action went: busy while one runs (its buttons wait), then its error,
 * or a notice for the page's live region. One place, so each page starts and fails an action alike.
 */
export class PageStatus {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal('');

  constructor(private readonly i18n: I18n) {}

  /** An action begins: what the last one said goes. */
  start(): void {
    this.busy.set(true);
    this.error.set(null);
    this.notice.set('');
  }

  failed(error: unknown): void {
    this.busy.set(false);
    this.error.set(errorText(error, this.i18n));
  }

  /** Runs an action's request: busy until it answers, then `done` with its answer, or its error shown and `failedToo`. */
  run<T>(call: Observable<T>, done: (result: T) => void, failedToo?: () => void): void {
    this.start();
    call.subscribe({
      next: (result) => {
        this.busy.set(false);
        done(result);
      },
      error: (error) => {
        this.failed(error);
        failedToo?.();
      },
    });
  }
}
