import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminMessages } from '../admin.messages';
import { ADMIN_MENU, menuFor } from './admin-menu';

/**
 * The routes as written: admin.routes.ts loads Angular's ES modules, which this node-only run cannot,
 * so its paths and guards are read from its text (one route per line there).
 */
function routes(): { path: string; adminOnly: boolean }[] {
  const source = readFileSync(join(__dirname, '..', 'admin.routes.ts'), 'utf8');
  return [...source.matchAll(/\{ path: '([^']+)'[^\n]*loadComponent[^\n]*/g)].map(([line, path]) => ({ path: `/admin/${path}`, adminOnly: line.includes('requireAdmin') }));
}

describe('the workspace menu, grouped under headings (issue 17)', () => {
  const items = ADMIN_MENU.flatMap((group) => group.items);

  it('links every page a person opens from the menu once, gated as its route is', () => {
    // Sign-in and a request's own page are reached otherwise; the profile sits by the signed-in name.
    const pages = routes().filter((route) => !['/admin/sign-in', '/admin/tickets/:trackingId', '/admin/profile'].includes(route.path));
    expect(pages.length).toBeGreaterThan(10);
    expect(items.map(({ path, adminOnly }) => ({ path, adminOnly })).sort((a, b) => a.path.localeCompare(b.path)))
      .toEqual(pages.sort((a, b) => a.path.localeCompare(b.path)));
    expect(new Set(items.map((item) => item.testId)).size).toBe(items.length);
  });

  it('shows an agent no admin link and no heading left empty; an admin everything', () => {
    const agent = menuFor(false);
    expect(agent.flatMap((group) => group.items).filter((item) => item.adminOnly)).toEqual([]);
    expect(agent.map((group) => group.id)).toEqual(['work', 'settings']);
    expect(agent.flatMap((group) => group.items.map((item) => item.testId))).toEqual(['nav-queue', 'nav-organisations', 'nav-reports', 'nav-canned']);
    expect(menuFor(true)).toEqual(ADMIN_MENU);
  });

  it('words every heading and link in Ukrainian and English', () => {
    const keys = [...ADMIN_MENU.map((group) => group.heading), ...items.map((item) => item.label)];
    for (const locale of ['uk', 'en'] as const) expect(keys.filter((key) => !(key in adminMessages[locale]))).toEqual([]);
    expect(ADMIN_MENU.map((group) => adminMessages.uk[group.heading as keyof typeof adminMessages.uk])).toEqual(['Робота', 'Пошта', 'Налаштування']);
  });
});
