import { describe, expect, it } from '@jest/globals';
import { renderBar } from './progress-bar.js';

describe('CLI progress bar', () => {
  it('renders the share done, clamped, with counts', () => {
    expect(renderBar('nhập', 0, 10, 10)).toBe('nhập [..........]   0% 0/10');
    expect(renderBar('nhập', 5, 10, 10)).toBe('nhập [#####.....]  50% 5/10');
    expect(renderBar('nhập', 10, 10, 10)).toBe('nhập [##########] 100% 10/10');
    expect(renderBar('nhập', 0, 0, 4)).toBe('nhập [####] 100% 0/0');
  });
});
