export declare const BOUNDARY_RULES: Record<
  string,
  { ours: string[]; nodeBuiltins: boolean; allowIn?: Record<string, string[]> }
>;
export declare function importsOf(sourceText: string): string[];
export declare function checkBoundaries(rootDir: string): string[];
