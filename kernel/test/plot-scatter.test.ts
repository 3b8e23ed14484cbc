import { describe, expect, it } from 'vitest';
import { scatter } from '../src/core/display.js';
import { scatterSvg } from '../src/core/plot.js';

describe('scatter plots', () => {
  it('draws one dot per finite pair and a dashed line per reference', () => {
    const svg = scatterSvg([1, 2, Number.NaN, 4], [3, 1, 2, 5], { xLabel: 'mean <mL>', lines: [{ y: 2, label: 'bias' }, { y: 6 }] });
    expect(svg.match(/<circle /g)?.length).toBe(3);
    expect(svg.match(/stroke-dasharray/g)?.length).toBe(2);
    expect(svg).toContain('mean &lt;mL&gt;');
    expect(svg).toContain('>bias<');
  });

  it('refuses unpaired values and renders through display', () => {
    expect(() => scatterSvg([1, 2], [1])).toThrow(/2 x values against 1 y values/);
    expect(scatter([1, 2], [3, 4]).toMimeBundle().data['image/svg+xml']).toMatch(/^<svg/);
  });
});
