import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'app-ticket-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<div class="page">…</div>' })
export class TicketPage {}
