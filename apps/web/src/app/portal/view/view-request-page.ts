import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'app-view-request-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<div class="page">…</div>' })
export class ViewRequestPage {}
