import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd });

/** Lints `code` as if it lived at `filePath` and returns the layer-rule messages. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${cwd}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('lint enforces the layer rules of ARCHITECTURE.md', () => {
  it('rejects engine internals, Node and Electron in the renderer', async () => {
    expect(await layerErrors('renderer/src/probe.ts', `import { OrderBook } from '../../main/market/book/order-book.js';\nexport const x = OrderBook;\n`)).toHaveLength(1);
    expect(await layerErrors('renderer/src/probe.ts', `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`)).toHaveLength(1);
    expect(await layerErrors('renderer/src/probe.ts', `import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n`)).toHaveLength(1);
    expect(await layerErrors('renderer/src/probe.ts', `import { Commands } from '../../main/contract/index.js';\nimport { Buy } from '../../main/domain/side.js';\nexport const x = [Commands, Buy];\n`)).toEqual([]);
  });

  it('keeps domain and contract pure', async () => {
    expect(await layerErrors('main/domain/probe.ts', `import { join } from 'node:path';\nexport const x = join;\n`)).toHaveLength(1);
    expect(await layerErrors('main/contract/probe.ts', `import { EventTape } from '../market/replay/event-tape.js';\nexport const x = EventTape;\n`)).toHaveLength(1);
    expect(await layerErrors('main/contract/probe.ts', `export const x = process.env;\n`)).toHaveLength(1);
  });

  it('keeps electron, app/ and renderer/ out of main/', async () => {
    expect(await layerErrors('main/market/probe.ts', `import { app } from 'electron';\nexport const x = app;\n`)).toHaveLength(1);
    expect(await layerErrors('main/market/probe.ts', `import { x as y } from '../../app/headless/headless-host.js';\nexport const x = y;\n`)).toHaveLength(1);
  });

  it('lets app/ use only contract, domain and the host entry points', async () => {
    expect(await layerErrors('app/headless/probe.ts', `import { Engine } from '../../main/host/engine.js';\nexport const x = Engine;\n`)).toEqual([]);
    expect(await layerErrors('app/headless/probe.ts', `import { OrderBook } from '../../main/market/book/order-book.js';\nexport const x = OrderBook;\n`)).toHaveLength(1);
  });
});
