import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Locale, SUPPORTED_LOCALES } from '@pidtrymka/contracts';
import { I18n } from '../i18n/i18n.service';

/** Two buttons rather than a menu: one press, and each language's name is written in that language. */
@Component({
  selector: 'app-language-switcher',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="switcher" role="group" [attr.aria-label]="i18n.t('app.language')">
      @for (locale of locales; track locale) {
        <button type="button" [attr.lang]="locale" [attr.aria-pressed]="i18n.locale() === locale" [attr.data-locale]="locale" (click)="choose(locale)">
          {{ locale === 'uk' ? i18n.t('app.languageUk') : i18n.t('app.languageEn') }}
        </button>
      }
    </div>
  `,
  styles: `
    .switcher { display: inline-flex; border: 1px solid currentColor; border-radius: 999px; overflow: hidden; }
    button {
      font: inherit; font-size: 14px; color: inherit; background: transparent; border: 0;
      padding: 6px 12px; min-height: 36px; cursor: pointer;
    }
    button[aria-pressed='true'] { background: var(--mat-sys-on-primary); color: var(--mat-sys-primary); font-weight: 600; }
    button:focus-visible { outline: 3px solid var(--mat-sys-on-primary); outline-offset: -3px; }
  `,
})
export class LanguageSwitcher {
  protected readonly i18n = inject(I18n);
  protected readonly locales = SUPPORTED_LOCALES;

  protected choose(locale: Locale): void {
    this.i18n.setLocale(locale);
  }
}
