import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';
import { PageTitle } from '../../core/i18n/page-title';

/** R-KB-1: one article, in the chosen language. */
@Component({
  selector: 'app-article-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `
    <div class="page narrow">
      <p><a routerLink="/">{{ i18n.t('kb.back') }}</a></p>
      @if (error(); as message) {
        <h1>{{ i18n.t('kb.notFound') }}</h1>
        <p class="error-text" role="alert">{{ message }}</p>
      } @else if (article.value(); as a) {
        <article class="card">
          @if (a.category) { <p class="muted category"><a routerLink="/" [queryParams]="{ category: a.category.slug }">{{ a.category.name }}</a></p> }
          <h1 data-testid="article-title">{{ a.title }}</h1>
          <!-- bodyHtml is rendered from Markdown and sanitised by the API; Angular sanitises it again. -->
          <div class="body" [innerHTML]="a.bodyHtml"></div>
          <p class="muted updated">{{ i18n.t('kb.updated', { date: i18n.formatDateTime(a.updatedAt) }) }}</p>
        </article>
        <section class="help">
          <h2>{{ i18n.t('kb.notSolved') }}</h2>
          <a mat-flat-button routerLink="/submit">{{ i18n.t('home.submit') }}</a>
        </section>
      } @else {
        <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
      }
    </div>
  `,
  styles: `
    .narrow { max-width: 860px; }
    .category { margin: 0 0 4px; }
    .body { overflow-wrap: anywhere; }
    .body :is(img, table) { max-width: 100%; }
    .updated { font-size: 14px; margin-bottom: 0; }
    .help { margin-top: 24px; }
  `,
})
export class ArticlePage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);
  readonly slug = input.required<string>();
  protected readonly article = rxResource({
    params: () => ({ slug: this.slug(), locale: this.i18n.locale() }),
    stream: ({ params }) => this.api.kbArticle(params.locale, params.slug),
  });
  protected readonly error = computed(() => {
    const error = this.article.error();
    if (!error) return null;
    // The heading already says "not found"; the API's 404 message is the same words (issue 17.6), so say what to do instead.
    if (error instanceof HttpErrorResponse && error.status === 404) return this.i18n.t('kb.notFoundHint');
    return apiError(error)?.message ?? this.i18n.t('app.networkError');
  });

  constructor() {
    // value() throws while the article is in error.
    inject(PageTitle).follow(() => (this.article.hasValue() ? (this.article.value()?.title ?? null) : null));
  }
}
