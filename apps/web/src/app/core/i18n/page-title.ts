import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';

/**
 * What the page on screen names in the browser's tab, beyond its route's title: the article's title,
 * the request's subject and number (issue 17.8). I18nTitleStrategy puts it before the site's name.
 */
@Injectable({ providedIn: 'root' })
export class PageTitle {
  private readonly owner = signal<object | null>(null);
  private readonly text = signal<string | null>(null);
  /** Null while the page names nothing of its own (still loading, not found): the route's title shows. */
  readonly detail = () => (this.owner() ? this.text() : null);

  /**
   * From a page's constructor: the tab follows `text` (a signal read, so a new language or a loaded
   * request updates it) for as long as the page lives.
   */
  follow(text: () => string | null): void {
    const owner = {};
    this.owner.set(owner);
    effect(() => {
      const value = text();
      if (this.owner() === owner) this.text.set(value);
    });
    inject(DestroyRef).onDestroy(() => {
      // The next page may have taken the tab over already.
      if (this.owner() === owner) {
        this.owner.set(null);
        this.text.set(null);
      }
    });
  }
}
