// altcha-lib publishes its types through package.json "exports", which the API's `moduleResolution: node`
// does not read; these point the names the code imports at the CommonJS build's own declarations.
declare module 'altcha-lib' {
  export * from 'altcha-lib/dist/cjs/v2/index';
}
declare module 'altcha-lib/algorithms/pbkdf2' {
  export * from 'altcha-lib/dist/cjs/v2/algorithms/pbkdf2';
}
