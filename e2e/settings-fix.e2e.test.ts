import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixSessionStore } from '../app/settings/fix-sessions.js';
import { openFileKeyBox } from '../app/settings/secret-box.js';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

// The test reads the host's settings folder afterwards (ws.dir/settings).
const ws = useWorkstation({ viewport: { width: 1280, height: 720 }, tmpPrefix: 'slipstream-e2e-fix-' });
const PW = 'Fx-e2e-Secret-4417';

const api = async (p: string) => (await fetch(`http://127.0.0.1:${ws.host.port}${p}?token=${ws.host.token}`)).json();
function settingsText(): string {
  const dir = path.join(ws.dir, 'settings');
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('Settings screen: FIX sessions and the TF.js backend (issue 13, item 1)', () => {
  it('selects the TF.js backend by mouse and keyboard; adds, edits and deletes a FIX session without the password ever shown or stored in clear', async () => {
    const { page } = ws.browser;
    // Each row's cells but the buttons.
    const rows = () => page.locator('[data-testid=fx-row]').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent ?? '')));
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+8');
    await page.locator('[data-testid=fix-sessions] [data-testid=fx-empty]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=fx-password-store]').innerText()).toMatch(/AES-256-GCM key in .*secret\.key \(mode 0600\)/);

    // TF.js backend: a click stores it, arrow keys move it.
    await page.locator('[data-backend-choice=wasm]').click();
    await expect.poll(async () => (await api('/api/settings')).tfBackend).toBe('wasm');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await api('/api/settings')).tfBackend).toBe('cpu');
    expect(await page.locator('[data-backend-choice=cpu]').getAttribute('aria-checked')).toBe('true');
    expect(await page.locator('[data-testid=tf-backend-note]').innerText()).toMatch(/applies when the engine next starts/);

    // Add: validation in words as the user types; Enter saves.
    await page.locator('[data-testid=fx-add]').click();
    await page.locator('[data-testid=fx-name]').fill('Paper venue');
    await page.locator('[data-testid=fx-port]').fill('70000');
    expect(await page.locator('[data-testid=fx-error-port]').innerText()).toBe('port must be at most 65535');
    await page.locator('[data-testid=fx-port]').fill('9878');
    expect(await page.locator('[data-testid=fx-error-port]').count()).toBe(0);
    await page.locator('[data-testid=fx-senderCompId]').fill('CLI');
    await page.locator('[data-testid=fx-targetCompId]').fill('VEN');
    await page.locator('[data-testid=fx-password]').fill(PW);
    await page.locator('[data-testid=fx-password]').press('Enter');
    await page.locator('[data-testid=fx-row][data-session="Paper venue"]').waitFor();
    expect(await rows()).toEqual([['Paper venue', '127.0.0.1:9878', 'CLI → VEN', '30', 'No', 'Stored']]);
    const listed = await api('/api/fix-sessions');
    expect(JSON.stringify(listed)).not.toContain(PW);
    expect(settingsText()).not.toContain(PW);

    // Edit: the password field starts empty; a bad heartbeat is named; leaving the password empty keeps it.
    await page.locator('[data-testid=fx-edit]').click();
    expect(await page.locator('[data-testid=fx-password]').inputValue()).toBe('');
    expect(await page.locator('[data-testid=fx-password]').getAttribute('placeholder')).toBe('stored — type to replace');
    await page.locator('[data-testid=fx-heartBtIntSec]').fill('0');
    expect(await page.locator('[data-testid=fx-error-heartBtIntSec]').innerText()).toBe('heartBtIntSec must be at least 1 second');
    await page.locator('[data-testid=fx-heartBtIntSec]').fill('15');
    await page.locator('[data-testid=fx-resetOnLogon]').check();
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings-fix-1280x720.png') });
    const html = await page.content();
    expect(html).not.toContain(PW);
    await page.keyboard.press('Enter');
    await expect.poll(rows).toEqual([['Paper venue', '127.0.0.1:9878', 'CLI → VEN', '15', 'Yes', 'Stored']]);
    // The host still holds the same password, and opens it only for a session start.
    const store = new FixSessionStore(path.join(ws.dir, 'settings'), openFileKeyBox(path.join(ws.dir, 'settings')));
    expect(store.forStart(listed.sessions[0].id)).toMatchObject({ heartBtIntSec: 15, resetOnLogon: true, password: PW });
    expect(settingsText()).not.toContain(PW);

    // Delete: Escape backs out, Enter deletes.
    await page.locator('[data-testid=fx-delete]').click();
    await page.locator('[data-testid=fx-confirm]').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=fx-confirm]').count()).toBe(0);
    expect(await page.locator('[data-testid=fx-row]').count()).toBe(1);
    await page.locator('[data-testid=fx-delete]').click();
    await page.locator('[data-testid=fx-confirm-delete]').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=fx-empty]').waitFor();
    expect((await api('/api/fix-sessions')).sessions).toEqual([]);
  });
});
