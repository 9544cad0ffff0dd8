import type { EventSubscriber } from '@pidtrymka/plugin-sdk';

/** Token of the event-subscriber plugins EVENT_SUBSCRIBERS chose (plugins/ provides it), each with its plugin's name. */
export const REGISTERED_EVENT_SUBSCRIBERS = 'pidtrymka:RegisteredEventSubscribers';

export interface RegisteredEventSubscriber {
  /** The plugin's name: what its deliveries are keyed by, so it must stay the same across restarts. */
  name: string;
  subscriber: EventSubscriber;
}
