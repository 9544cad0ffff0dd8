import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Routes } from '@angular/router';
import { I18n } from '../core/i18n/i18n.service';
import { provideMessages } from '../core/i18n/provide-messages';
import { defineMessages } from '../core/i18n/messages';

// PLACEHOLDER: the `admin` helper replaces this file with the staff workspace (issue 6).
// It only proves the lazy route and the per-feature dictionary work; keep the export name ADMIN_ROUTES.

const placeholderMessages = defineMessages({
  uk: { 'admin.placeholder': 'Робочий простір чергового техпідтримки' },
  en: { 'admin.placeholder': 'Support staff workspace' },
});

@Component({
  selector: 'app-admin-placeholder',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="page"><h1>{{ i18n.t('admin.placeholder') }}</h1></div>`,
})
class AdminPlaceholder {
  protected readonly i18n = inject(I18n);
}

export const ADMIN_ROUTES: Routes = [{ path: '', providers: [provideMessages(placeholderMessages)], component: AdminPlaceholder }];
