import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { EngineError } from './engine-error.js';

/** Where the user's own data files may live (see `FileAccess`). */
export interface FileAccessRoots {
  /** Bundled sample data. */
  readonly samplesDir: string;
  /** Where the headless host stores uploads (`<dataDir>/uploads`). */
  readonly uploadsDir: string;
  /** Folders the user configured as data folders (headless host); every file inside may be opened. */
  readonly dataFolders?: readonly string[];
  /**
   * Model registries (the shipped models, the user's promoted models): every folder inside may be
   * opened as a model folder by `checkFolder` (never as a data file by `check`).
   */
  readonly modelFolders?: readonly string[];
}

/**
 * Decides which data files the engine may open on behalf of a client: only files the user chose.
 * That is a file picked in the native dialog (granted by the Electron host), an upload (inside
 * the uploads folder), a file inside a configured data folder, or a bundled sample.
 * Invariants: a path outside those is refused with one and the same message whether or not it
 * exists, before the file system is touched, so no path can be probed; a path inside them is
 * resolved (symlinks included) and refused the same way if it leads outside; what is returned is
 * the real path of a regular file.
 */
export class FileAccess {
  private readonly roots: string[];
  private readonly modelRoots: string[];
  private readonly granted = new Set<string>();

  constructor(roots: FileAccessRoots) {
    this.roots = [roots.samplesDir, roots.uploadsDir, ...(roots.dataFolders ?? [])].map((r) => resolve(r));
    this.modelRoots = [...this.roots, ...(roots.modelFolders ?? [])].map((r) => resolve(r));
  }

  /** Lets the engine open these files (the user picked them in a native dialog). */
  grant(files: readonly string[]): void {
    for (const f of files) if (typeof f === 'string' && isAbsolute(f) && !f.includes('\0')) this.granted.add(resolve(f));
  }

  /**
   * Checks every path of a command's `field` (e.g. "files", "source.files") and returns their real
   * paths; throws an `EngineError` naming `field.i` for the first one the user did not choose.
   */
  check(files: readonly string[], field: string): string[] {
    // Every path is checked lexically first, so a refused path never costs a file-system call.
    files.forEach((f, i) => {
      if (!this.lexicallyAllowed(f)) throw refused(`${field}.${i}`);
    });
    return files.map((f, i) => {
      const name = `${field}.${i}`;
      let real: string;
      try {
        real = realpathSync(f);
      } catch {
        throw new EngineError('not-found', `${shortName(f)} was not found (${name}); it may have been moved or deleted`, name);
      }
      if (!this.granted.has(resolve(f)) && !this.insideRoot(real, true)) throw refused(name);
      if (!statSync(real).isFile()) throw new EngineError('validation', `${shortName(f)} is not a file (${name})`, name);
      return real;
    });
  }

  /**
   * Checks a model folder of a command's `field` (e.g. "order.agentModel") the same way: a folder
   * the user chose (granted by the host's folder dialog, or uploaded: inside the uploads folder),
   * inside a data folder, or a model of the registries (`modelFolders`). Refused with one message
   * before the file system is touched; returns the real path of a directory.
   */
  checkFolder(dir: string, field: string): string {
    if (typeof dir !== 'string' || dir.includes('\0') || !isAbsolute(dir)) throw refusedFolder(field);
    const p = resolve(dir);
    if (!this.granted.has(p) && !this.insideRoot(p, false, this.modelRoots)) throw refusedFolder(field);
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      throw new EngineError('not-found', `${shortName(dir)} was not found (${field}); it may have been moved or deleted`, field);
    }
    if (!this.granted.has(p) && !this.insideRoot(real, true, this.modelRoots)) throw refusedFolder(field);
    if (!statSync(real).isDirectory()) throw new EngineError('validation', `${shortName(dir)} is not a folder (${field})`, field);
    return real;
  }

  private lexicallyAllowed(f: string): boolean {
    if (typeof f !== 'string' || f.includes('\0') || !isAbsolute(f)) return false;
    const p = resolve(f);
    return this.granted.has(p) || this.insideRoot(p, false);
  }

  private insideRoot(p: string, real: boolean, roots: readonly string[] = this.roots): boolean {
    return roots.some((r) => {
      let root = r;
      if (real) {
        try {
          root = realpathSync(r);
        } catch {
          return false;
        }
      }
      return p.startsWith(root.endsWith(sep) ? root : root + sep);
    });
  }
}

function refused(field: string): EngineError {
  return new EngineError('validation', `${field}: not a file you chose; open data files with the file dialog or upload them`, field);
}

function refusedFolder(field: string): EngineError {
  return new EngineError('validation', `${field}: not a model folder you chose; pick one from the model list or choose its folder with "Choose a folder…"`, field);
}

/** The last part of a path, shortened: errors never need more to name a file the user chose. */
function shortName(p: string): string {
  const base = p.split(/[\\/]/).pop() ?? p;
  return JSON.stringify(base.length > 80 ? base.slice(0, 77) + '...' : base);
}

/** The folder (inside the data folder) where the headless host stores uploads. */
export const UPLOADS_FOLDER = 'uploads';
