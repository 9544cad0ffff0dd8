import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({ selector: 'app-article-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<div class="page">…</div>' })
export class ArticlePage {}
