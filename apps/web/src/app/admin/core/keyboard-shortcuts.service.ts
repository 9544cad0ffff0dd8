import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Router } from '@angular/router';
import { Subject } from 'rxjs';
import { ShortcutAction, shortcutFor } from './shortcuts';
import { ShortcutsDialog } from './shortcuts-dialog';

/** How long `g` waits for its second key. */
const G_WAIT_MS = 1500;
/** A dialog, a select's list or a menu open over the page: their keys are theirs. */
const OVERLAY_OPEN = '.cdk-overlay-container :is([role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"])';

/**
 * Issue 17: the workspace's keyboard shortcuts. `?` and `g q` are the workspace's own; the
 * rest (j/k/Enter, r/n/c, /) go to the page that shows what they act on, through `actions`.
 */
@Injectable({ providedIn: 'root' })
export class KeyboardShortcuts {
  private readonly document = inject(DOCUMENT);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly subject = new Subject<ShortcutAction>();
  readonly actions = this.subject.asObservable();
  private pendingG = false;
  private gTimer: ReturnType<typeof setTimeout> | null = null;
  private listening = false;

  /** Started by the workspace's frame, for as long as it is shown. */
  listen(destroyRef: DestroyRef): void {
    if (this.listening) return;
    this.listening = true;
    const handler = (event: KeyboardEvent) => this.onKey(event);
    this.document.addEventListener('keydown', handler);
    destroyRef.onDestroy(() => {
      this.document.removeEventListener('keydown', handler);
      this.listening = false;
    });
  }

  openHelp(): void {
    if (this.dialog.openDialogs.length > 0) return;
    this.dialog.open(ShortcutsDialog, { autoFocus: 'dialog', restoreFocus: true, width: '480px', maxWidth: '95vw' });
  }

  private onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.repeat) return;
    const overlayOpen = this.dialog.openDialogs.length > 0 || this.document.querySelector(OVERLAY_OPEN) !== null;
    const { action, pendingG } = shortcutFor(event, { pendingG: this.pendingG, overlayOpen });
    this.setPendingG(pendingG);
    if (!action) return;
    // Enter on a link or a button is theirs already; the queue's Enter is for its focused row.
    if (action === 'open' && (event.target as Element | null)?.closest?.('a, button, [role="button"]')) return;
    event.preventDefault();
    if (action === 'help') this.openHelp();
    else if (action === 'queue') void this.router.navigate(['/admin/tickets']);
    else this.subject.next(action);
  }

  private setPendingG(pending: boolean): void {
    this.pendingG = pending;
    if (this.gTimer) clearTimeout(this.gTimer);
    this.gTimer = pending ? setTimeout(() => (this.pendingG = false), G_WAIT_MS) : null;
  }
}
