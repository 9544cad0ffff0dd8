import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { I18n } from './i18n.service';
import type { MessageKey } from './message-keys';
import { PageTitle } from './page-title';

/**
 * A route's `title` is a message key: the tab reads "Надіслати запит — Технічна підтримка", in the
 * chosen language, and follows the language switch (WCAG 2.4.2). A page that shows one thing names it
 * instead (PageTitle): "Проблема з підписом заявки · № 79 · AZA-DMP-AJ8S — Технічна підтримка".
 */
@Injectable()
export class I18nTitleStrategy extends TitleStrategy {
  private readonly i18n = inject(I18n);
  private readonly title = inject(Title);
  private readonly page = inject(PageTitle);
  private readonly key = signal<MessageKey | undefined>(undefined);

  constructor() {
    super();
    effect(() => {
      const app = this.i18n.t('app.title');
      const key = this.key();
      const named = this.page.detail() ?? (key ? this.i18n.t(key) : null);
      this.title.setTitle(named ? `${named} — ${app}` : app);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    // The routes are TitledRoutes: a title is a key the compiler has checked.
    this.key.set(this.buildTitle(snapshot) as MessageKey | undefined);
  }
}
