import { signal } from '@angular/core';

/**
 * Which of a list's entries are expanded (e.g. an e-mailed message whose quoted text is shown),
 * by id: a signal of a set, replaced on each change so OnPush views see it.
 */
export class ShownSet {
  private readonly shown = signal<ReadonlySet<string>>(new Set());

  has(id: string): boolean {
    return this.shown().has(id);
  }

  toggle(id: string): void {
    this.shown.update((shown) => {
      const next = new Set(shown);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }
}
