export interface DovecotServer {
  host: string;
  port: number;
  users: { user: string; password: string }[];
  /** The server's temp folder: configuration, state, log and mail. */
  root: string;
  /** Runs a doveadm command against this server, e.g. `doveadm('kick', 'support')`; resolves with its output. */
  doveadm(...args: string[]): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export function startDovecot(options?: {
  users?: { user: string; password: string }[];
  /** Issue 16: XOAUTH2/OAUTHBEARER logins, checked by Dovecot's oauth2 passdb at this token-introspection endpoint. */
  oauth2?: { introspectionUrl: string };
}): Promise<DovecotServer>;
