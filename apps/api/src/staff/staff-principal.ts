import type { Locale, StaffRole } from '@pidtrymka/contracts';

/** Who is calling the staff API, as their session says. */
export interface StaffPrincipal {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  totpEnabled: boolean;
  /** For agents, the categories they work; admins see every category. */
  categoryIds: number[];
  sessionTokenHash: string;
}

/** Null for an admin: no category restriction. */
export function visibleCategories(staff: Pick<StaffPrincipal, 'role' | 'categoryIds'>): number[] | null {
  return staff.role === 'admin' ? null : staff.categoryIds;
}

export function canSeeCategory(staff: Pick<StaffPrincipal, 'role' | 'categoryIds'>, categoryId: number): boolean {
  return staff.role === 'admin' || staff.categoryIds.includes(categoryId);
}
