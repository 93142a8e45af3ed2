import { nope } from './missing-module';
it('never runs', () => {});
