/** Issue 17: the workspace's keyboard shortcuts, as the dialog lists them and the pages act on them. */
export const SHORTCUT_ACTIONS = ['help', 'next', 'previous', 'open', 'reply', 'note', 'close', 'search', 'queue'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** The keys of each action, as shown in the dialog (`g q`: g, then q). */
export const SHORTCUT_KEYS: Record<ShortcutAction, string[]> = {
  help: ['?'],
  next: ['j'],
  previous: ['k'],
  open: ['Enter'],
  reply: ['r'],
  note: ['n'],
  close: ['c'],
  search: ['/'],
  queue: ['g', 'q'],
};

/** What of a key press decides a shortcut: the DOM's KeyboardEvent, or a test's stand-in. */
export interface ShortcutKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element the key went to. */
  target: EventTarget | null;
}

/** An input of these types takes no typing, so a shortcut still works from it (a row's checkbox, a button). */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/**
 * True while the person is typing: in a text input, a text area, a select or an editable element
 * (contenteditable, or a widget that takes keys itself: a combobox, a listbox), where every key is theirs.
 */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as (Partial<HTMLElement> & { type?: string; closest?: (selector: string) => Element | null }) | null;
  if (!element || typeof element.tagName !== 'string') return false;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((element.type ?? 'text').toLowerCase());
  if (element.isContentEditable) return true;
  const role = element.getAttribute?.('role');
  if (role === 'combobox' || role === 'listbox' || role === 'textbox' || role === 'option') return true;
  return !!element.closest?.('[contenteditable=""], [contenteditable="true"]');
}

export interface ShortcutState {
  /** `g` was pressed and waits for its second key. */
  pendingG: boolean;
  /** A dialog, a menu or a select's list is open: its keys are its own. */
  overlayOpen: boolean;
}

/**
 * The action a key press means, and whether `g` now waits for its second key. Nothing ever fires while
 * typing, with a modifier (the browser's and the system's own shortcuts), or while a dialog is open.
 */
export function shortcutFor(event: ShortcutKey, state: ShortcutState): { action: ShortcutAction | null; pendingG: boolean } {
  const none = { action: null, pendingG: false };
  if (event.ctrlKey || event.metaKey || event.altKey || state.overlayOpen || isTyping(event.target)) return none;
  if (state.pendingG) return event.key === 'q' ? { action: 'queue', pendingG: false } : none;
  switch (event.key) {
    case 'g':
      return { action: null, pendingG: true };
    case '?':
      return { action: 'help', pendingG: false };
    case 'j':
      return { action: 'next', pendingG: false };
    case 'k':
      return { action: 'previous', pendingG: false };
    case 'Enter':
      return { action: 'open', pendingG: false };
    case 'r':
      return { action: 'reply', pendingG: false };
    case 'n':
      return { action: 'note', pendingG: false };
    case 'c':
      return { action: 'close', pendingG: false };
    case '/':
      return { action: 'search', pendingG: false };
    default:
      return none;
  }
}
