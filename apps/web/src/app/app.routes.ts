import { Routes } from '@angular/router';

/** The portal at `/`, the staff workspace at `/admin`; every page is its own lazy chunk, so the first load stays small. */
export const routes: Routes = [
  { path: '', pathMatch: 'full', loadComponent: () => import('./portal/home/home-page').then((m) => m.HomePage) },
  { path: 'kb/:slug', loadComponent: () => import('./portal/kb/article-page').then((m) => m.ArticlePage) },
  { path: 'submit', loadComponent: () => import('./portal/submit/submit-page').then((m) => m.SubmitPage) },
  { path: 'submitted', loadComponent: () => import('./portal/submit/confirmation-page').then((m) => m.ConfirmationPage) },
  { path: 'ticket', loadComponent: () => import('./portal/ticket/ticket-page').then((m) => m.TicketPage) },
  { path: 'view', loadComponent: () => import('./portal/view/view-request-page').then((m) => m.ViewRequestPage) },
  { path: 'forgot-tracking-id', loadComponent: () => import('./portal/view/forgot-tracking-id-page').then((m) => m.ForgotTrackingIdPage) },
  { path: 'admin', loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES) },
  { path: '**', loadComponent: () => import('./core/layout/not-found-page').then((m) => m.NotFoundPage) },
];
