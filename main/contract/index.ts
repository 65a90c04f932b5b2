export * from './schemas.js';
export * from './commands.js';
export * from './events.js';
export * from './wire.js';
export * from './whatif.js';
export * from './backtest.js';
export * from './orders.js';
export * from './risk.js';
