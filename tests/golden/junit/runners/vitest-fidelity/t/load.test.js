import { it } from 'vitest';
import { nope } from './missing-module.js';
it('never runs', () => {});
