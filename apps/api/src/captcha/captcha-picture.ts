import { randomInt } from 'node:crypto';
import { renderAsync } from '@resvg/resvg-js';

/** What this file needs of opentype.js 0.7 (it ships no types). */
interface OpenTypeFont {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  charToGlyph(ch: string): { advanceWidth?: number; getPath(x: number, y: number, fontSize: number): { toPathData(decimals?: number): string } };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- opentype.js ships no types: the shape it is used by is declared above.
const opentype = require('opentype.js') as { loadSync(path: string): OpenTypeFont };

/** The picture's size in CSS pixels, as the portal shows it; it is rendered at twice that for sharp screens. */
export const PICTURE_WIDTH = 150;
export const PICTURE_HEIGHT = 50;
const RENDER_SCALE = 2;

let font: OpenTypeFont | undefined;
/** svg-captcha's hand-drawn font: its digits are legible and shipped with a package we already have, so nothing depends on the host's fonts. */
function captchaFont(): OpenTypeFont {
  font ??= opentype.loadSync(require.resolve('svg-captcha/fonts/Comismsh.ttf'));
  return font;
}

const between = (min: number, max: number) => min + (randomInt(0, 1_000_001) / 1_000_000) * (max - min);
const n = (value: number) => value.toFixed(2);

/** Dark enough on the light background for a person to read, different for each glyph. */
const inkColor = () => `hsl(${randomInt(360)},${randomInt(45, 75)}%,${randomInt(18, 34)}%)`;
const noiseColor = () => `hsl(${randomInt(360)},${randomInt(30, 70)}%,${randomInt(30, 60)}%)`;

function noiseCurve(width: number, color: string): string {
  const y = () => n(between(4, PICTURE_HEIGHT - 4));
  return `<path d="M${n(between(0, 20))} ${y()} C${n(between(30, 70))} ${y()},${n(between(80, 120))} ${y()},${n(between(PICTURE_WIDTH - 20, PICTURE_WIDTH))} ${y()}" stroke="${color}" stroke-width="${n(width)}" fill="none" stroke-linecap="round"/>`;
}

function glyph(ch: string, centreX: number): string {
  const face = captchaFont();
  const fontSize = between(36, 44);
  const scale = fontSize / face.unitsPerEm;
  const shape = face.charToGlyph(ch);
  const width = (shape.advanceWidth ?? 0) * scale;
  const height = (face.ascender + face.descender) * scale;
  // Drawn around (0, 0) so that rotation, skew and stretch turn the glyph about its own centre.
  const path = shape.getPath(-width / 2, height / 2, fontSize).toPathData(2);
  const transform = `translate(${n(centreX + between(-4, 4))} ${n(PICTURE_HEIGHT / 2 + between(-4, 4))}) rotate(${n(between(-22, 22))}) skewX(${n(between(-10, 10))}) scale(${n(between(0.8, 1.15))} ${n(between(0.85, 1.1))})`;
  const color = inkColor();
  // About one glyph in four is drawn as an outline: another look for the same digit.
  const paint = randomInt(4) === 0 ? `fill="none" stroke="${color}" stroke-width="2.6"` : `fill="${color}" stroke="${color}" stroke-width="0.8"`;
  return `<path transform="${transform}" ${paint} d="${path}"/>`;
}

/**
 * The SVG source of a captcha picture: each glyph turned, skewed and stretched on its own, the whole
 * warped by turbulence and crossed by curves and dots. It is only ever rasterised on the server
 * (`drawCaptchaPng`): sent as it is, its glyph paths would be readable by counting their commands.
 */
export function captchaSvgSource(text: string): string {
  const spacing = (PICTURE_WIDTH - 10) / (text.length + 1);
  const parts: string[] = [];
  for (let i = 0; i < randomInt(40, 70); i++) {
    parts.push(`<circle cx="${n(between(0, PICTURE_WIDTH))}" cy="${n(between(0, PICTURE_HEIGHT))}" r="${n(between(0.4, 1.4))}" fill="${noiseColor()}"/>`);
  }
  for (let i = 0; i < randomInt(3, 6); i++) parts.push(noiseCurve(between(0.5, 1.2), noiseColor()));
  const glyphs = [...text].map((ch, i) => glyph(ch, 5 + spacing * (i + 1)));
  // Lines over the glyphs in their own inks, so that a colour filter does not separate digits from noise.
  const over = Array.from({ length: randomInt(1, 3) }, () => noiseCurve(between(0.8, 1.2), inkColor()));
  const background = `hsl(${randomInt(360)},${randomInt(20, 50)}%,${randomInt(91, 97)}%)`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PICTURE_WIDTH}" height="${PICTURE_HEIGHT}" viewBox="0 0 ${PICTURE_WIDTH} ${PICTURE_HEIGHT}">` +
    `<defs><filter id="warp" x="-10%" y="-10%" width="120%" height="120%">` +
    `<feTurbulence type="fractalNoise" baseFrequency="${n(between(0.015, 0.03))} ${n(between(0.03, 0.06))}" numOctaves="2" seed="${randomInt(1, 100_000)}" result="t"/>` +
    `<feDisplacementMap in="SourceGraphic" in2="t" scale="${n(between(6, 10))}" xChannelSelector="R" yChannelSelector="G"/>` +
    `</filter></defs>` +
    `<rect width="100%" height="100%" fill="${background}"/>` +
    `<g filter="url(#warp)">${parts.join('')}${glyphs.join('')}${over.join('')}</g>` +
    `</svg>`
  );
}

/**
 * The captcha picture as a PNG: pixels only, no shapes a script could read (issue 12.7). Rendered on
 * libuv's thread pool, so that tens of milliseconds of drawing never hold up the event loop.
 */
export async function drawCaptchaPng(text: string): Promise<Buffer> {
  const rendered = await renderAsync(captchaSvgSource(text), { fitTo: { mode: 'width', value: PICTURE_WIDTH * RENDER_SCALE }, font: { loadSystemFonts: false } });
  return rendered.asPng();
}
