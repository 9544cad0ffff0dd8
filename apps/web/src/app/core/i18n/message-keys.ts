import type { Route } from '@angular/router';
import type { adminMessages } from '../../admin/admin.messages';
import type { appMessages } from './app.messages';
import type { KeyOf } from './messages';

/**
 * Every key of every feature's dictionary: `I18n.t` takes nothing else, so a misspelt or missing
 * key fails the build. Type-only imports: the workspace's texts stay in its lazy chunk.
 */
export type MessageKey = KeyOf<typeof appMessages> | KeyOf<typeof adminMessages>;

/** What completes `P.` to a key: `KeySuffix<'status'>` is `'new' | 'waiting_reply' | …`. */
export type KeySuffix<P extends string> = MessageKey extends infer K ? (K extends `${P}.${infer S}` ? S : never) : never;

/** A route whose `title` is a message key (see I18nTitleStrategy), checked like every other key. */
export type TitledRoute = Omit<Route, 'title' | 'children'> & { title?: MessageKey; children?: TitledRoute[] };
