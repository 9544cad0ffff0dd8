import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';

/** R-KB-1, R-SUB-1: the two buttons, then the knowledge base: search, categories, articles. */
@Component({
  selector: 'app-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './home-page.html',
  styleUrl: './home-page.scss',
})
export class HomePage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);
  private readonly router = inject(Router);

  /** `?category=` and `?q=` from the address, so a search or a category can be linked and survives a reload. */
  readonly category = input<string>();
  readonly q = input<string>();
  protected readonly searchText = linkedSignal(() => this.q() ?? '');

  protected readonly categories = rxResource({
    params: () => ({ locale: this.i18n.locale() }),
    stream: ({ params }) => this.api.kbCategories(params.locale),
  });
  protected readonly articles = rxResource({
    params: () => ({ locale: this.i18n.locale(), category: this.category(), q: this.q()?.trim() }),
    stream: ({ params }) => this.api.kbArticles(params.locale, { category: params.category, q: params.q, pageSize: 50 }),
  });
  protected readonly currentCategory = computed(() => this.categories.value()?.find((c) => c.slug === this.category()) ?? null);
  protected readonly heading = computed(() => {
    const q = this.q()?.trim();
    if (q) return this.i18n.t('kb.searchResults', { q });
    const category = this.currentCategory();
    return category ? category.name : this.i18n.t('kb.articles');
  });

  protected search(event: Event): void {
    event.preventDefault();
    const q = this.searchText().trim();
    void this.router.navigate(['/'], { queryParams: { q: q || null, category: q ? null : this.category() ?? null } });
  }

}
