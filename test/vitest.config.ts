import { fphProject } from '../vitest.shared.ts';

export default fphProject('cross-package', {
  test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**', 'bench/**'] },
});
