import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function templatesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templatesUnder(path);
    return /\.(ts|html)$/.test(name) && !name.endsWith('.spec.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/**
 * 12.8 forged senders: a display name is what the sender chose; staff must
 * always see the address the message really came from beside it. Every place
 * the workspace shows a participant's name (a message's author, a request's
 * requester) shows that object's address right after it.
 */
describe('12.8 forged senders: the workspace shows the real address beside every participant name', () => {
  const shown = [
    { name: /\{\{[^}]*?\b([\w]+)\.authorName\b[^}]*\}\}/g, address: (v: string) => `${v}.authorEmail` },
    { name: /\{\{[^}]*?\b([\w.]+)\.requester\.name\b[^}]*\}\}/g, address: (v: string) => `${v}.requester.email` },
  ];

  it('finds the places and the address follows each name', () => {
    const places: string[] = [];
    const missing: string[] = [];
    // The workspace's pages, and the conversation view it shares with the portal.
    const root = join(__dirname, '..');
    for (const { path, text } of [...templatesUnder(__dirname), ...templatesUnder(join(root, 'core/ui/conversation'))]) {
      for (const { name, address } of shown) {
        for (const match of text.matchAll(name)) {
          const where = `${path.slice(root.length + 1)}:${text.slice(0, match.index).split('\n').length}`;
          places.push(where);
          if (!text.slice(match.index, match.index + match[0].length + 250).includes(address(match[1]))) missing.push(`${where}: ${match[0]}`);
        }
      }
    }
    // The conversation (also the collision warning's), the request's details and the queue.
    expect(places.length).toBeGreaterThanOrEqual(3);
    expect(places.filter((place) => place.startsWith('core/ui/conversation/'))).not.toEqual([]);
    expect(missing).toEqual([]);
  });
});
