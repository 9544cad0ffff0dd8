import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { CSRF_HEADER, SignInRequest, StaffSessionView } from '@pidtrymka/contracts';
import { firstValueFrom } from 'rxjs';

/**
 * Who is signed in to the workspace. The session itself is an httpOnly cookie the page
 * cannot read; what the page keeps is what the API said of it, with the CSRF token
 * every state-changing call must carry. After a reload it is asked for again.
 */
@Injectable({ providedIn: 'root' })
export class StaffSession {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private checked: Promise<StaffSessionView | null> | null = null;

  readonly session = signal<StaffSessionView | null>(null);
  readonly me = computed(() => this.session()?.staff ?? null);
  readonly isAdmin = computed(() => this.me()?.role === 'admin');
  /** Set when the API said the session ended, so the sign-in page can say why. */
  readonly expired = signal(false);

  /** The current session, asking the API once per page load. */
  ensure(): Promise<StaffSessionView | null> {
    this.checked ??= firstValueFrom(this.http.get<StaffSessionView>('/api/staff/auth/session')).then(
      (session) => {
        this.session.set(session);
        return session;
      },
      () => null,
    );
    return this.checked;
  }

  async signIn(request: SignInRequest): Promise<StaffSessionView> {
    const session = await firstValueFrom(this.http.post<StaffSessionView>('/api/staff/auth/sign-in', request));
    this.session.set(session);
    this.expired.set(false);
    this.checked = Promise.resolve(session);
    return session;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/staff/auth/sign-out', null, { headers: { [CSRF_HEADER]: this.csrfToken() } }));
    } finally {
      this.forget();
      await this.router.navigateByUrl('/admin/sign-in');
    }
  }

  csrfToken(): string {
    return this.session()?.csrfToken ?? '';
  }

  /** The API answered 401: the session ended (expiry, sign-out elsewhere, deactivation). */
  endedByServer(): void {
    if (!this.session()) return;
    this.forget();
    this.expired.set(true);
    void this.router.navigate(['/admin/sign-in'], { queryParams: { returnUrl: this.router.url } });
  }

  private forget(): void {
    this.session.set(null);
    this.checked = Promise.resolve(null);
  }
}
