import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, model, signal, viewChild } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { AttachmentLimits } from './attachment-limits';

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
    const { maxCount, maxBytes, extensions } = this.limits();
    const problems: string[] = [];
    const accepted: File[] = [];
    for (const file of chosen) {
      const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
      if (!extensions.includes(extension)) problems.push(this.i18n.t('attach.badType', { name: file.name, types: extensions.join(', ') }));
      else if (file.size > maxBytes) problems.push(this.i18n.t('attach.tooLarge', { name: file.name, max: this.i18n.formatBytes(maxBytes) }));
      else accepted.push(file);
    }
    const room = maxCount - this.files().length;
    if (accepted.length > room) problems.push(this.i18n.t('attach.tooMany', { max: maxCount }));
    this.files.update((files) => [...files, ...accepted.slice(0, Math.max(0, room))]);
    this.problem.set(problems.length ? problems.join(' ') : null);
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
