import { describe, expect, it } from 'vitest';
import type { KillSwitchScope } from '../contract/risk.js';
import { KillSwitch, type KillSwitchTarget } from './kill-switch.js';

describe('KillSwitch', () => {
  it('starts off with no agents (its sets are made on first use) and reports agent and global switches', () => {
    const k = new KillSwitch();
    expect(k.isOn()).toBe(false);
    expect(k.isOn('A')).toBe(false);
    expect(k.state()).toEqual({ global: false, agents: [] });
    k.set({ agent: 'B' }, true);
    k.set({ agent: 'A' }, true);
    expect(k.isOn('A')).toBe(true);
    expect(k.isOn('C')).toBe(false);
    expect(k.set({ agent: 'B' }, false)).toEqual({ global: false, agents: ['A'] });
    expect(k.set('global', true)).toEqual({ global: true, agents: ['A'] });
    expect(k.isOn('C')).toBe(true);
  });

  it('notifies its owner, attached targets and listeners until unsubscribed', () => {
    const k = new KillSwitch();
    const seen: string[] = [];
    const target = (name: string): KillSwitchTarget => ({ killSwitchChanged: (s: KillSwitchScope, on: boolean) => seen.push(`${name} ${s === 'global' ? 'global' : s.agent} ${on}`) });
    const owner = target('owner');
    k.attachOwner(owner);
    expect(() => k.attachOwner(owner)).toThrow('already has its owner');
    k.attach(target('path'));
    const off = k.subscribe((s, on) => seen.push(`listener ${s === 'global' ? 'global' : s.agent} ${on}`));
    k.set({ agent: 'A' }, true);
    off();
    k.set('global', false);
    expect(seen).toEqual(['owner A true', 'path A true', 'listener A true', 'owner global false', 'path global false']);
  });
});
