import { isTyping, ShortcutKey, shortcutFor } from './shortcuts';

/** A focused element as the handler reads it (the web-unit tests run without a DOM). */
function element(tagName: string, extra: { type?: string; isContentEditable?: boolean; role?: string; insideEditable?: boolean } = {}): EventTarget {
  return {
    tagName,
    type: extra.type,
    isContentEditable: extra.isContentEditable ?? false,
    getAttribute: (name: string) => (name === 'role' ? (extra.role ?? null) : null),
    closest: () => (extra.insideEditable ? {} : null),
  } as unknown as EventTarget;
}
const press = (key: string, target: EventTarget | null = element('BODY'), modifiers: Partial<ShortcutKey> = {}): ShortcutKey => ({ key, ctrlKey: false, metaKey: false, altKey: false, target, ...modifiers });
const idle = { pendingG: false, overlayOpen: false };

describe('the workspace keyboard shortcuts (issue 17)', () => {
  it('maps each key to its action, and g then q back to the queue', () => {
    expect(['?', 'j', 'k', 'Enter', 'r', 'n', 'c', '/'].map((key) => shortcutFor(press(key), idle).action)).toEqual(['help', 'next', 'previous', 'open', 'reply', 'note', 'close', 'search']);
    const g = shortcutFor(press('g'), idle);
    expect(g).toEqual({ action: null, pendingG: true });
    expect(shortcutFor(press('q'), { ...idle, pendingG: true })).toEqual({ action: 'queue', pendingG: false });
    // g then anything else is nothing, and g is no longer waiting.
    expect(shortcutFor(press('j'), { ...idle, pendingG: true })).toEqual({ action: null, pendingG: false });
    expect(shortcutFor(press('q'), idle).action).toBeNull();
  });

  it('never fires while typing in an input, a text area, a select or an editable element', () => {
    const fields = [
      element('INPUT'),
      element('input', { type: 'search' }),
      element('INPUT', { type: 'email' }),
      element('TEXTAREA'),
      element('SELECT'),
      element('DIV', { isContentEditable: true }),
      element('SPAN', { insideEditable: true }),
      element('MAT-SELECT', { role: 'combobox' }),
    ];
    for (const field of fields) {
      for (const key of ['?', 'j', 'k', 'Enter', 'r', 'n', 'c', '/', 'g']) expect(shortcutFor(press(key, field), idle)).toEqual({ action: null, pendingG: false });
    }
    expect(isTyping(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(shortcutFor(press('j', element('INPUT', { type: 'checkbox' })), idle).action).toBe('next');
    expect(shortcutFor(press('q', element('TEXTAREA')), { ...idle, pendingG: true }).action).toBeNull();
  });

  it('never fires while a dialog is open, nor with Ctrl, Cmd or Alt (the browser\'s own shortcuts)', () => {
    expect(shortcutFor(press('j'), { pendingG: false, overlayOpen: true }).action).toBeNull();
    expect(shortcutFor(press('?'), { pendingG: false, overlayOpen: true }).action).toBeNull();
    expect(shortcutFor(press('c', undefined, { ctrlKey: true }), idle).action).toBeNull();
    expect(shortcutFor(press('r', undefined, { metaKey: true }), idle).action).toBeNull();
    expect(shortcutFor(press('n', undefined, { altKey: true }), idle).action).toBeNull();
    expect(shortcutFor(press('j', null), idle).action).toBe('next');
  });
});
