import type { StaffMe } from '@pidtrymka/contracts';

/** Who is calling the staff API, as their session says: what they see of themselves, and their session. */
export interface StaffPrincipal extends StaffMe {
  sessionTokenHash: string;
}

/** Null for an admin: no category restriction. */
export function visibleCategories(staff: Pick<StaffPrincipal, 'role' | 'categoryIds'>): number[] | null {
  return staff.role === 'admin' ? null : staff.categoryIds;
}

export function canSeeCategory(staff: Pick<StaffPrincipal, 'role' | 'categoryIds'>, categoryId: number): boolean {
  return staff.role === 'admin' || staff.categoryIds.includes(categoryId);
}
