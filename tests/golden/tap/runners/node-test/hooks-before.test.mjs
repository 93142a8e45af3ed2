// A top-level before hook that throws: node writes its error on every test of the file.
import { test, before } from 'node:test';

before(() => { throw new Error('top-level before broke'); });

test('first', () => {});
test('second', () => {});
