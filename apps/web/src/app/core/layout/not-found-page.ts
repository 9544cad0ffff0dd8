import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n } from '../i18n/i18n.service';

@Component({
  selector: 'app-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page">
      <h1>{{ i18n.t('app.notFound.title') }}</h1>
      <p>{{ i18n.t('app.notFound.text') }}</p>
      <p><a routerLink="/">{{ i18n.t('app.home') }}</a></p>
    </div>
  `,
})
export class NotFoundPage {
  protected readonly i18n = inject(I18n);
}
