import type { TitledRoute } from './core/i18n/message-keys';

/** Titles are message keys (I18nTitleStrategy). The portal at `/`, the staff workspace at `/admin`; every page is its own lazy chunk, so the first load stays small. */
export const routes: TitledRoute[] = [
  { path: '', pathMatch: 'full', title: 'kb.title', loadComponent: () => import('./portal/home/home-page').then((m) => m.HomePage) },
  { path: 'kb/:slug', title: 'kb.title', loadComponent: () => import('./portal/kb/article-page').then((m) => m.ArticlePage) },
  { path: 'submit', title: 'submit.title', loadComponent: () => import('./portal/submit/submit-page').then((m) => m.SubmitPage) },
  { path: 'submitted', title: 'confirm.title', loadComponent: () => import('./portal/submit/confirmation-page').then((m) => m.ConfirmationPage) },
  { path: 'ticket', title: 'ticket.title', loadComponent: () => import('./portal/ticket/ticket-page').then((m) => m.TicketPage) },
  { path: 'view', title: 'view.title', loadComponent: () => import('./portal/view/view-request-page').then((m) => m.ViewRequestPage) },
  { path: 'forgot-tracking-id', title: 'forgot.title', loadComponent: () => import('./portal/view/forgot-tracking-id-page').then((m) => m.ForgotTrackingIdPage) },
  { path: 'my-requests', title: 'mine.title', loadComponent: () => import('./portal/mine/my-requests-page').then((m) => m.MyRequestsPage) },
  { path: 'my-requests/sign-in', title: 'mine.signIn.title', loadComponent: () => import('./portal/mine/sign-in-link-page').then((m) => m.SignInLinkPage) },
  { path: 'admin', loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES) },
  { path: '**', title: 'app.notFound.title', loadComponent: () => import('./core/layout/not-found-page').then((m) => m.NotFoundPage) },
];
