/** WCAG 2 contrast ratio of two CSS `rgb()`/`rgba()` colours (alpha ignored: opaque backgrounds). */
export function contrastRatio(foreground: string, background: string): number {
  const [a, b] = [luminance(foreground), luminance(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

function luminance(css: string): number {
  const parts = /rgba?\(([^)]+)\)/.exec(css)?.[1]?.split(',').map((p) => Number(p.trim()));
  if (!parts || parts.length < 3 || parts.some((p) => Number.isNaN(p))) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b] = parts.slice(0, 3).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
