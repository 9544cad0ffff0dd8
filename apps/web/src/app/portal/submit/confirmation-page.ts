import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'app-confirmation-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<div class="page">…</div>' })
export class ConfirmationPage {}
