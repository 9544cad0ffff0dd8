import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MULTI_PLUGIN_KINDS, MultiPluginKind, PLUGIN_KINDS, PluginDefinition, PluginKind } from '@pidtrymka/plugin-sdk';

/**
 * Loads the definitions exported by each package in PLUGINS, resolved from
 * the working directory first (where a deployment installs its extras) and
 * then from the API itself.
 */
export function loadPluginPackages(packages: readonly string[]): PluginDefinition[] {
  const fromCwd = createRequire(join(process.cwd(), 'package.json'));
  return packages.flatMap((name) => {
    let exported: unknown;
    try {
      exported = fromCwd(name);
    } catch (cwdError) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plugin is a package named in a setting, found where the API is installed.
        exported = require(name);
      } catch {
        throw new Error(`PLUGINS names "${name}", which cannot be loaded: ${(cwdError as Error).message}`);
      }
    }
    const definitions = (exported as { pidtrymkaPlugins?: unknown }).pidtrymkaPlugins;
    if (!Array.isArray(definitions) || definitions.some((d) => !isDefinition(d))) {
      throw new Error(`Plugin package "${name}" must export pidtrymkaPlugins: an array of { kind, name, module, settings? }`);
    }
    return definitions as PluginDefinition[];
  });
}

/**
 * For each kind, the one definition its setting names, then for each kind
 * that runs several at once (MULTI_PLUGIN_KINDS) every definition its
 * setting lists; a clear start-up error otherwise. `chosen` is the setting
 * of each kind, e.g. `{ captcha: 'image' }`; `chosenMany` the lists.
 */
export function choosePlugins(
  available: PluginDefinition[],
  chosen: Record<PluginKind, string>,
  chosenMany: Record<MultiPluginKind, readonly string[]> = { 'event-subscriber': [], 'attachment-inspector': [] },
): PluginDefinition[] {
  const pick = (kind: PluginKind | MultiPluginKind, wanted: string, setting: string): PluginDefinition => {
    // A package named later wins over a built-in of the same name, so a deployment can replace one.
    const match = [...available].reverse().find((d) => d.kind === kind && d.name === wanted);
    if (!match) {
      const known = available.filter((d) => d.kind === kind).map((d) => d.name);
      throw new Error(`${setting}=${wanted}: no such ${kind} plugin. Known: ${known.join(', ') || 'none'}. Extra packages come from PLUGINS.`);
    }
    return match;
  };
  const single = (Object.keys(PLUGIN_KINDS) as PluginKind[]).map((kind) => pick(kind, chosen[kind], PLUGIN_KINDS[kind].setting));
  const many = (Object.keys(MULTI_PLUGIN_KINDS) as MultiPluginKind[]).flatMap((kind) =>
    // Named twice is still one subscriber: its deliveries are keyed by its name.
    [...new Set(chosenMany[kind])].map((name) => pick(kind, name, MULTI_PLUGIN_KINDS[kind].setting)),
  );
  return [...single, ...many];
}

function isDefinition(value: unknown): value is PluginDefinition {
  const d = value as Partial<PluginDefinition> | null;
  return !!d && typeof d.name === 'string' && typeof d.kind === 'string' && (d.kind in PLUGIN_KINDS || d.kind in MULTI_PLUGIN_KINDS) && (typeof d.module === 'function' || typeof d.module === 'object') && (d.settings === undefined || typeof d.settings === 'function');
}
