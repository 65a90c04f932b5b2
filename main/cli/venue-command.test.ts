import { describe, expect, it } from 'vitest';
import { venueCommand } from './venue-command.js';

describe('slipstream venue', () => {
  it('names the option and its limit on bad usage', async () => {
    await expect(venueCommand([], () => {})).rejects.toThrow(/--port is required/);
    await expect(venueCommand(['--port', '70000'], () => {})).rejects.toThrow(/--port 70000 is outside \[0, 65535\]/);
    await expect(venueCommand(['--port', '0', '--sender', 'a b'], () => {})).rejects.toThrow(/--sender must be/);
  });
});
