import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'app-forgot-tracking-id-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<div class="page">…</div>' })
export class ForgotTrackingIdPage {}
