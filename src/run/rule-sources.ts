import type { RevisorConfig } from '../config/config.js';
import type { RuleSources } from '../engine/load-rules.js';

/** The custom rule folders and packages a configuration names, resolved against the root. */
export function ruleSourcesOf(settings: { root: string; config: RevisorConfig }): RuleSources {
  return { root: settings.root, dirs: settings.config.rules ?? [], packages: settings.config.extends ?? [] };
}
