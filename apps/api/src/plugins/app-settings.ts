import { PluginDefinition } from '@pidtrymka/plugin-sdk';
import { AppConfig } from '../config/app-config';
import { Environment, InvalidSettingsError, readSettings } from '../config/settings';
import { builtInPlugins } from './built-in-plugins';
import { choosePlugins, loadPluginPackages } from './plugin-loader';

export interface ChosenPlugin {
  definition: PluginDefinition;
  /** Its validated settings, when it declares any. */
  settings?: object;
}

export interface AppSettings {
  config: AppConfig;
  plugins: ChosenPlugin[];
}

/**
 * Everything the API reads from the environment: its own settings, the
 * plugin of each kind they choose, and those plugins' settings, validated
 * together so that one start-up error lists every setting at fault.
 */
export function loadAppSettings(env: Environment): AppSettings {
  const problems: string[] = [];
  const config = readSettings(AppConfig, env, problems);
  let chosen: PluginDefinition[] = [];
  try {
    chosen = choosePlugins([...builtInPlugins, ...loadPluginPackages(config.plugins.packages)], config.plugins.chosen, config.plugins.chosenMany);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const plugins = chosen.map((definition) => ({ definition, settings: definition.settings && readSettings(definition.settings, env, problems) }));
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return { config, plugins };
}
