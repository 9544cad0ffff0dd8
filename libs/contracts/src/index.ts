export * from './captcha';
export * from './categories';
export * from './errors';
export * from './health';
export * from './limits';
export * from './locale';
export * from './ticket-status';
export * from './tickets';
