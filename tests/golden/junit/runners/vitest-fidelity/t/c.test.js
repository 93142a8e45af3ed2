import { describe, it, expect } from 'vitest';
describe('Group', () => { it('same name', () => { expect(1).toBe(2); }); });
