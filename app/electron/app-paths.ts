import path from 'node:path';
import { app } from 'electron';

/** Files the engine or native code reads are unpacked from app.asar (see electron-builder.yml). */
function unpacked(p: string): string {
  return p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

/**
 * Where everything lives, in development (`electron .` in the repo) and packaged (app.asar):
 * both resolve from the app path, the folder (or archive) holding package.json.
 */
export function appPaths() {
  const root = app.getAppPath();
  return {
    preload: path.join(root, 'dist', 'app', 'preload.cjs'),
    rendererDir: path.join(root, 'dist', 'renderer'),
    engineEntry: unpacked(path.join(root, 'dist', 'engine', 'engine-worker.mjs')),
    samplesDir: unpacked(path.join(root, 'assets', 'sample')),
    dataDir: path.join(app.getPath('userData'), 'data'),
    settingsDir: app.getPath('userData'),
  };
}
