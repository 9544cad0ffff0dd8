import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { I18n } from '../../core/i18n/i18n.service';
import { SHORTCUT_ACTIONS, SHORTCUT_KEYS } from './shortcuts';

/** Issue 17: the list of keyboard shortcuts (`?`), a Material dialog: focus kept inside, Escape closes, focus returns. */
@Component({
  selector: 'app-shortcuts-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>{{ i18n.t('shortcuts.title') }}</h2>
    <mat-dialog-content>
      <p class="muted">{{ i18n.t('shortcuts.intro') }}</p>
      <table class="shortcuts" data-testid="shortcuts-table">
        <caption class="visually-hidden">{{ i18n.t('shortcuts.title') }}</caption>
        <thead>
          <tr><th scope="col">{{ i18n.t('shortcuts.keys') }}</th><th scope="col">{{ i18n.t('shortcuts.action') }}</th></tr>
        </thead>
        <tbody>
          @for (action of actions; track action) {
            <tr>
              <td>
                @for (key of keys[action]; track $index) {
                  @if (!$first) { <span class="then">{{ i18n.t('shortcuts.then') }}</span> }
                  <kbd>{{ key }}</kbd>
                }
              </td>
              <td>{{ i18n.tFor('shortcuts.do', action) }}</td>
            </tr>
          }
        </tbody>
      </table>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton="filled" type="button" mat-dialog-close data-testid="shortcuts-close">{{ i18n.t('shortcuts.close') }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .shortcuts { border-collapse: collapse; width: 100%; }
    .shortcuts th, .shortcuts td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    kbd {
      display: inline-block; min-width: 1.6em; padding: 1px 6px; border: 1px solid var(--mat-sys-outline); border-radius: 4px;
      font-family: ui-monospace, monospace; font-size: 13px; text-align: center; background: var(--mat-sys-surface-container-high);
    }
    .then { margin: 0 6px; font-size: 13px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ShortcutsDialog {
  protected readonly i18n = inject(I18n);
  protected readonly actions = SHORTCUT_ACTIONS;
  protected readonly keys = SHORTCUT_KEYS;
}
