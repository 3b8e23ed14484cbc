/** One figure of issue 17 measured against its anchor: the ratio, its target and whether it is met. */
export interface IVerdict {
  figure: string;
  ratio: number;
  target: string;
  met: boolean;
}

/** Prints the one-line verdict and returns it for bench-results/*.json. */
export function verdict(figure: string, ratio: number, target: string, met: boolean): IVerdict {
  console.log(`  → ${met ? 'met    ' : 'NOT MET'} ${figure}: ${ratio} (target ${target})`);
  return { figure, ratio, target, met };
}
