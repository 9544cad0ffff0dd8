// mailauth parses Received headers but exports the parser only from its lib folder, without types.
declare module 'mailauth/lib/parse-received' {
  export interface ReceivedParsed {
    from?: { value?: string; comment?: string };
    by?: { value?: string; comment?: string };
    'envelope-from'?: { value?: string };
  }
  export function parseReceived(line: Buffer | string): ReceivedParsed;
}
