import { fphProject } from '../../vitest.shared.ts';

export default fphProject('validator-service');
