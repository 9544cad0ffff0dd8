// `node tests/bench/cpuprofile-summary.mjs <dir> [component]`: a profile.mjs run's .cpuprofile, µs per request by component.
// Each sample goes to the innermost frame on its stack that belongs to a component (so a middleware's figure leaves
// out the middlewares it calls next); natives and GC are their own components. Busy time is wall time the thread ran
// JavaScript or native code, so it reads a little above the process's CPU on a loaded machine: compare shares.
// With a component's name (its start will do), its figure is broken down by the frame and the three frames above it.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXPRESS = 'express|router|body-parser|finalhandler|send|content-type|etag|fresh|on-finished|parseurl|path-to-regexp|qs|mime-types|mime-db|accepts|negotiator|type-is|vary|cookie|cookie-signature|range-parser|proxy-addr|forwarded|ipaddr\\.js|statuses|encodeurl|escape-html|content-disposition|depd|http-errors|debug|iconv-lite|raw-body|bytes|media-typer|cookie-parser';
const COMPONENTS = [
  ['GC', /^\(garbage collector\)/],
  ['V8/libuv outside JavaScript', /^\(program\)/],
  ['socket writes (system calls)', /^(writev|writeUtf8String|writeBuffer|writeLatin1String|writeAsciiString)@:/],
  ['access log, request logger (pino, ALS)', /@(app\/logging|pino|nestjs-pino|pino-http|@pinojs|pino-std-serializers|sonic-boom|node:internal\/async_local_storage)/],
  ['HTTP metrics (prom-client)', /@(app\/metrics|prom-client|tdigest|bintrees)/],
  ['security headers', /@app\/common\/security-headers/],
  ['Cache-Control default', /@app\/common\/cache-control/],
  ['body check, web app, setup middleware', /@(app\/app\.setup|app\/common\/request-bodies|app\/web\/)/],
  ['req.ip (app)', /@app\/common\/client-ip/],
  ['Express res.json/send (JSON, ETag)', /^(json|send)@express\/lib\/response|@etag\//],
  ['Express and its router', new RegExp(`@(${EXPRESS})/`)],
  ['guards (auth, throttler)', /@(@nestjs\/throttler|app\/auth|app\/common\/.*guard|app\/captcha)/],
  ['ValidationPipe (class-validator, class-transformer)', /@(class-validator|class-transformer|@nestjs\/common\/pipes|libphonenumber|validator)/],
  ['i18n', /@(app\/i18n|nestjs-i18n)/],
  ['Nest core (routing context, pipes, interceptors, rxjs)', /@(@nestjs\/|reflect-metadata|rxjs|tslib)/],
  ['pg, pg-pool, TypeORM', /@(pg|pg-pool|pg-protocol|pg-types|postgres-[a-z]+|typeorm|pgpass|pg-connection-string)\//],
  ['app: tickets', /@app\/tickets/],
  ['app: other', /@app\//],
  ['Node HTTP, net, streams, timers', /@node:(_http|net|internal\/streams|internal\/stream_base|internal\/http|internal\/timers|timers)/],
  ['promise and tick queues', /^(runMicrotasks|processTicksAndRejections)@|@node:internal\/process\/task_queues/],
];

const frameName = (node) => `${node.callFrame.functionName || '(anonymous)'}@${(node.callFrame.url.split('node_modules/').pop() || '').replace(/^.*apps\/api\/dist[^/]*\//, 'app/')}:${node.callFrame.lineNumber + 1}`;

export function summarise(dir, detail) {
  const { from, to, requests } = JSON.parse(readFileSync(`${dir}/window.json`, 'utf8'));
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const componentOf = new Map();
    const classify = (id) => {
      if (componentOf.has(id)) return componentOf.get(id);
      let component = 'other';
      for (let node = nodes.get(id); node; node = nodes.get(parents.get(node.id))) {
        const match = COMPONENTS.find(([, pattern]) => pattern.test(frameName(node)));
        if (match) {
          component = match[0];
          if (detail && component.startsWith(detail)) {
            const above = [];
            for (let up = node; up && above.length < 3; up = nodes.get(parents.get(up.id))) above.push(frameName(up));
            component += ` :: ${id === node.id ? '' : `${frameName(nodes.get(id))} <- `}${above.join(' < ')}`;
          }
          break;
        }
        if (!parents.has(node.id)) break;
      }
      componentOf.set(id, component);
      return component;
    };
    const totals = new Map();
    let busy = 0;
    let at = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i];
      if (at < from || at > to) continue;
      const node = nodes.get(profile.samples[i]);
      if (node.callFrame.functionName === '(idle)') continue;
      const spent = profile.timeDeltas[i + 1] ?? 0;
      busy += spent;
      const component = classify(node.id);
      totals.set(component, (totals.get(component) ?? 0) + spent);
    }
    // Threads that did next to nothing while measured (the parse worker) are left out.
    if (busy / requests < 20) continue;
    console.log(`${file}: ${(busy / requests).toFixed(0)} µs busy per request, ${requests} requests`);
    for (const [component, spent] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, detail ? 25 : undefined)) {
      console.log(`${(spent / requests).toFixed(1).padStart(8)} µs ${((100 * spent) / busy).toFixed(1).padStart(5)} %  ${component}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) summarise(process.argv[2], process.argv[3]);
