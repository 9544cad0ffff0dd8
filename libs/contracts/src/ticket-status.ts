/** R-VIEW-2. The order is the order a request usually goes through. */
export const TICKET_STATUSES = ['new', 'waiting_reply', 'replied', 'in_progress', 'on_hold', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const MESSAGE_AUTHOR_TYPES = ['participant', 'staff', 'system'] as const;
export type MessageAuthorType = (typeof MESSAGE_AUTHOR_TYPES)[number];
