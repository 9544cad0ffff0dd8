import { signal } from '@angular/core';
import type { Observable } from 'rxjs';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** A list read a page at a time ("show more" appends the next page; a plain load starts over). */
export class CursorList<T> {
  readonly items = signal<T[]>([]);
  readonly total = signal(0);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);

  constructor(
    private readonly fetchPage: (cursor?: string) => Observable<CursorPage<T>>,
    private readonly reportError: (error: unknown) => void,
  ) {}

  load(cursor?: string): void {
    this.loading.set(true);
    this.fetchPage(cursor).subscribe({
      next: (page) => {
        this.items.update((items) => (cursor ? [...items, ...page.items] : page.items));
        this.total.set(page.total);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error) => {
        this.loading.set(false);
        this.reportError(error);
      },
    });
  }
}
