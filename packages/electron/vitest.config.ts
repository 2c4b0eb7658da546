import { fphProject } from '../../vitest.shared.ts';

export default fphProject('electron');
