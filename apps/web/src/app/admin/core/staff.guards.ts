import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { StaffSession } from './staff-session.service';

/** The workspace's pages need a session; without one, the sign-in page, then back here. */
export const requireStaff: CanActivateFn = async (_, state) => {
  const router = inject(Router);
  const session = await inject(StaffSession).ensure();
  return session ? true : router.createUrlTree(['/admin/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Staff accounts and the mail pages: admins only (the API checks too; this spares agents a dead end). */
export const requireAdmin: CanActivateFn = async () => {
  const router = inject(Router);
  const session = await inject(StaffSession).ensure();
  return session?.staff.role === 'admin' ? true : router.createUrlTree(['/admin/tickets']);
};

/** A signed-in person who opens the sign-in page goes to the queue. */
export const redirectSignedIn: CanActivateFn = async () => {
  const router = inject(Router);
  const session = await inject(StaffSession).ensure();
  return session ? router.createUrlTree(['/admin/tickets']) : true;
};
