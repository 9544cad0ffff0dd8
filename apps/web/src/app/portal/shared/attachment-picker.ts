import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, model, signal, viewChild } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { checkAttachments } from '../../core/attachments/attachment-check';
import { AttachmentLimits } from '../../core/attachments/attachment-limits';

let nextId = 0;

/**
 * Choosing attachments, with the limits shown up front and checked before sending (R-SUB-6): the
 * participant learns which file is refused and why without losing the form. The API checks again.
 */
@Component({
  selector: 'app-attachment-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './attachment-picker.html',
  styleUrl: './attachment-picker.scss',
})
export class AttachmentPicker {
  protected readonly i18n = inject(I18n);
  protected readonly limits = inject(AttachmentLimits).value;
  readonly files = model<File[]>([]);
  readonly disabled = input(false);
  /** An error about the files from the API, shown with the picker's own. */
  readonly serverError = input<string | null>(null);

  protected readonly id = `attachments-${nextId++}`;
  protected readonly problem = signal<string | null>(null);
  protected readonly error = computed(() => this.problem() ?? this.serverError());
  protected readonly accept = computed(() => this.limits().extensions.map((e) => `.${e}`).join(','));
  protected readonly full = computed(() => this.files().length >= this.limits().maxCount);
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');

  protected add(event: Event): void {
    const element = event.target as HTMLInputElement;
    const chosen = Array.from(element.files ?? []);
    element.value = '';
    const limits = this.limits();
    const { accepted, problems } = checkAttachments(chosen, this.files().length, limits, this.i18n.formatBytes(limits.maxBytes));
    this.files.update((files) => [...files, ...accepted]);
    this.problem.set(problems.length ? problems.map((p) => this.i18n.t(p.key, p.params)).join(' ') : null);
  }

  protected remove(index: number): void {
    this.files.update((files) => files.filter((_, i) => i !== index));
    this.problem.set(null);
    this.input().nativeElement.focus();
  }

  /** After a successful send. */
  clear(): void {
    this.files.set([]);
    this.problem.set(null);
  }
}
