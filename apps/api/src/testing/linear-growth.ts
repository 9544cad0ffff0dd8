import { cutToBytes } from '../mail-in/inbound-mail';

/**
 * How the linear-time specs judge a scan of outside text (issue 12.1, 15.1).
 *
 * The budget is CPU time of this process, not wall time: the machine that
 * runs the tests is shared, and another job's load must not read as a
 * quadratic blow-up (which at 1 MB costs seconds to minutes). Even CPU time
 * grows under load (a full CI run has made a 40 ms scan cost 233 ms), so a scan
 * over budget is measured once more on a quarter of what it reads: linear
 * time means the whole costs about four quarters (a quadratic scan costs
 * sixteen), and no more than LOADED_CEILING budgets.
 */
export const SIZE = 1_000_000;
/** A whole over a quarter: about 4 when linear, 16 when quadratic. */
const MAX_GROWTH = 8;
const LOADED_CEILING = 5;

/** A scan that reads at most `cap` bytes of its input, as the API calls it: its growth is measured below the cap. */
export type Scan = ((s: string) => unknown) & { cap?: number };
export const capped = (cap: number, scan: (s: string) => unknown): Scan => Object.assign((s: string) => scan(cutToBytes(s, cap).text), { cap });

export type Shape = (size: number) => string;
/** A shape of any size (a head, a unit repeated, a tail that makes a near match fail at the very end), so the same shape can be measured at a quarter of the size. */
export const shape =
  (unit: string, tail = '', head = ''): Shape =>
  (size) => {
    const body = Math.max(0, size - head.length - tail.length);
    return head + unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + tail;
  };

export function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** The best of three: a garbage collection or a busy neighbour may slow one run; a quadratic scan is slow in all. */
function timed(fn: () => unknown, budget: number): number {
  let best = Infinity;
  for (let run = 0; run < 3 && best >= budget; run++) {
    const started = process.cpuUsage();
    fn();
    best = Math.min(best, cpuMs(started));
  }
  return best;
}

/** A refusal (a throw) is an answer too: only the time counts. */
export function attempt(scan: Scan, input: string): void {
  try {
    scan(input);
  } catch {
    // answered
  }
}

/**
 * Within budget; or, on a machine loaded past it, linear. Judged twice before
 * a scan is called superlinear: a garbage collection of the test worker's heap
 * lands in whichever measurement it interrupts (CI once saw a 3 ms scan read
 * over 200 ms), a quadratic scan fails both times.
 */
export function linearVerdict(scan: Scan, build: Shape, budget: number) {
  // Warm the function up on a small input so its first compilation is not counted.
  attempt(scan, build(1_000));
  const first = measureGrowth(scan, build, budget);
  return first.linear ? first : measureGrowth(scan, build, budget);
}

function measureGrowth(scan: Scan, build: Shape, budget: number) {
  const input = build(SIZE);
  const ms = timed(() => attempt(scan, input), budget);
  if (ms < budget) return { ms: Math.round(ms), linear: true };
  const reads = scan.cap === undefined ? SIZE : cutToBytes(input, scan.cap).text.length;
  const quarter = build(Math.ceil(reads / 4));
  const quarterMs = timed(() => attempt(scan, quarter), 0);
  const growth = ms / Math.max(quarterMs, 1);
  return { ms: Math.round(ms), quarterMs: Math.round(quarterMs), growth: Math.round(growth * 10) / 10, linear: growth < MAX_GROWTH && ms < LOADED_CEILING * budget };
}
