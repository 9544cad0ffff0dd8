export * from './attachment-store';
export * from './captcha-provider';
export * from './plugin';
