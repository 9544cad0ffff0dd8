export * from './attachment-store';
export * from './captcha-provider';
export * from './event-subscriber';
export * from './knowledge-source';
export * from './mail-in-channel';
export * from './mail-transport';
export * from './plugin';
export * from './settings';
