/**
 * The packaged app's Electron fuses (electron-builder.yml → `electronFuses`). electron-builder
 * flips them in the binary at package time; a misspelt key would be ignored silently, so every
 * key is also checked against electron-builder's own configuration schema.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: js-yaml (electron-builder's own YAML parser) ships no type declarations here
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = yaml.load(fs.readFileSync(`${root}electron-builder.yml`, 'utf8')) as { electronFuses?: Record<string, unknown> };
const schema = JSON.parse(fs.readFileSync(`${root}node_modules/app-builder-lib/scheme.json`, 'utf8')) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown>; additionalProperties: boolean } };
};

describe('Electron fuses (electron-builder.yml)', () => {
  it('turns off run-as-Node, NODE_OPTIONS and inspect arguments', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false });
  });

  it('turns on embedded asar integrity validation and loading only from the asar', () => {
    expect(config.electronFuses).toMatchObject({ enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });

  it('uses only fuse names electron-builder knows, all as booleans', () => {
    const known = schema.definitions.FuseOptionsV1;
    expect(known.additionalProperties).toBe(false);
    for (const [key, value] of Object.entries(config.electronFuses ?? {})) {
      expect(Object.keys(known.properties), key).toContain(key);
      expect(typeof value, key).toBe('boolean');
    }
  });
});
