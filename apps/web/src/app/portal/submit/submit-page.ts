import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'app-submit-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<div class="page">…</div>' })
export class SubmitPage {}
